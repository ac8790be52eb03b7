package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which targets {@link AtomicFile} replaces through a temporary file, which it writes directly, and
 * which it refuses. Devices and pipes are private stand-ins made in a temporary directory.
 */
class AtomicFileTest {

    private static final byte[] CONTENT = "new content\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLD = "old content\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void write_newPath_createsOwnerOnlyFileAndNoTemporaryFile() throws IOException {
        // given
        Path target = dir.resolve("new.bin");

        // when
        AtomicFile.write(target, out -> out.write(CONTENT));

        // then
        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
        assertThat(names()).containsExactly("new.bin");
    }

    @Test
    void write_failingContent_keepsExistingFileAndLeavesNoTemporaryFile() throws IOException {
        // given
        Path target = Files.write(dir.resolve("kept.bin"), OLD);

        // when / then
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
                    out.write(CONTENT);
                    throw new IOException("the input failed");
                }))
                .hasMessage("the input failed");
        assertThat(target).hasBinaryContent(OLD);
        assertThat(names()).containsExactly("kept.bin");
    }

    @Test
    void write_namedPipe_writesIntoThePipeAndKeepsIt() throws Exception {
        // given: a reader on the pipe, as a consumer of "-o fifo" would be
        Path fifo = mkfifo(dir.resolve("pipe"));
        CompletableFuture<byte[]> read = readInBackground(fifo);

        // when
        AtomicFile.write(fifo, out -> out.write(CONTENT));

        // then
        assertThat(read.get(1, TimeUnit.MINUTES)).isEqualTo(CONTENT);
        assertThat(isOther(fifo)).as("still a pipe").isTrue();
        assertThat(names()).containsExactly("pipe");
    }

    @Test
    void write_linkToNamedPipe_writesIntoThePipeAndKeepsTheLink() throws Exception {
        // given: the shape of /dev/stdout (a link to the process's standard output, here a pipe)
        Path fifo = mkfifo(dir.resolve("pipe"));
        Path link = Files.createSymbolicLink(dir.resolve("stdout"), fifo);
        CompletableFuture<byte[]> read = readInBackground(fifo);

        // when
        AtomicFile.write(link, out -> out.write(CONTENT));

        // then
        assertThat(read.get(1, TimeUnit.MINUTES)).isEqualTo(CONTENT);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(isOther(fifo)).as("still a pipe").isTrue();
        assertThat(names()).containsExactlyInAnyOrder("pipe", "stdout");
    }

    @Test
    void write_characterDevice_writesIntoTheDeviceAndKeepsIt() throws Exception {
        // given: a private null device (1, 3), as /dev/null
        assumeTrue(isRoot(), "making a device node needs root");
        Path device = dir.resolve("null");
        run("mknod", device.toString(), "c", "1", "3");

        // when
        AtomicFile.write(device, out -> out.write(CONTENT));

        // then
        assertThat(isOther(device)).as("still a device").isTrue();
        assertThat(Files.getAttribute(device, "unix:rdev")).as("still (1, 3)").isEqualTo(1L << 8 | 3);
        assertThat(names()).containsExactly("null");
    }

    @Test
    void write_linkToRegularFile_replacesTheFileAndKeepsTheLink() throws IOException {
        // given
        Path file = Files.write(dir.resolve("file.bin"), OLD);
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), file.getFileName());

        // when
        AtomicFile.write(link, out -> out.write(CONTENT));

        // then
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(file).hasBinaryContent(CONTENT);
        assertThat(names()).containsExactlyInAnyOrder("file.bin", "link.bin");
    }

    @Test
    void write_linkToAnOpenFileOfThisProcess_appendsToTheFileItself() throws Exception {
        // given: the shape of "-o /dev/stdout >> log": a link to /proc/self/fd/N, N a file this
        // test opened for appending
        Path log = Files.write(dir.resolve("log"), OLD);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        Object inode = Files.getAttribute(log, "unix:ino");
        try (FileChannel open = FileChannel.open(log, StandardOpenOption.APPEND)) {
            Path link = Files.createSymbolicLink(dir.resolve("stdout"), descriptorOf(log));

            // when
            AtomicFile.write(link, out -> out.write(CONTENT));

            // then: what the shell's descriptor sees too
            assertThat(open.size()).isEqualTo(OLD.length + CONTENT.length);
        }

        // then
        assertThat(Files.getAttribute(log, "unix:ino")).as("the same file").isEqualTo(inode);
        assertThat(log).hasContent("old content\nnew content\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-r--r--");
        assertThat(names()).containsExactlyInAnyOrder("log", "stdout");
    }

    @Test
    void write_directory_throwsIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> AtomicFile.write(dir, out -> out.write(CONTENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + " is a directory");
    }

    @Test
    void write_readOnlyFile_isRefusedAndKept() throws IOException {
        // given: refused even for root, who could rename over it
        Path target = Files.write(dir.resolve("read-only.bin"), OLD);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));

        // when / then
        assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(CONTENT)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(target + ": the file is read-only");
        assertThat(target).hasBinaryContent(OLD);
        assertThat(names()).containsExactly("read-only.bin");
    }

    @Test
    void write_otherUsersFile_isRefusedAndKept() throws Exception {
        // given
        assumeTrue(isRoot(), "giving a file to another user needs root");
        Path target = Files.write(dir.resolve("theirs.bin"), OLD);
        run("chown", "65534", target.toString());

        // when / then
        assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(CONTENT)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(target + ": the file belongs to another user");
        assertThat(target).hasBinaryContent(OLD);
        assertThat(Files.getAttribute(target, "unix:uid")).isEqualTo(65534);
    }

    @Test
    void write_missingDirectory_namesTheTargetNotATemporaryFile() {
        Path target = dir.resolve("missing").resolve("out.bin");

        assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(CONTENT)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(target + ": its directory does not exist");
    }

    @Test
    void write_staleTemporaryFiles_removesThoseOfDeadProcessesOnly() throws Exception {
        // given: temporary files left by a finished process and by a live one (this JVM), and
        // another target's
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long live = ProcessHandle.current().pid();
        String dead = ".out.bin." + finished.pid() + "-00000000000000ab" + AtomicFile.TEMP_SUFFIX;
        String alive = ".out.bin." + live + "-00000000000000cd" + AtomicFile.TEMP_SUFFIX;
        String otherTarget = ".other.bin." + finished.pid() + "-00000000000000ef" + AtomicFile.TEMP_SUFFIX;
        for (String name : List.of(dead, alive, otherTarget)) {
            Files.write(dir.resolve(name), OLD);
        }

        // when
        AtomicFile.write(dir.resolve("out.bin"), out -> out.write(CONTENT));

        // then
        assertThat(names()).containsExactlyInAnyOrder("out.bin", alive, otherTarget);
    }

    @Test
    void write_temporaryFileLockedByALiveWriter_isKeptThoughItsProcessIdIsGone() throws Exception {
        // given: the temporary file of a writer in another PID namespace or on another host: its
        // process id names no process here, but its writer (a child JVM) holds its lock
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String locked = ".out.bin." + finished.pid() + "-00000000000000ab" + AtomicFile.TEMP_SUFFIX;
        Path lockedFile = Files.write(dir.resolve(locked), OLD);
        Path locker = Files.writeString(dir.resolve("Locker.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;

                class Locker {
                    public static void main(String[] args) throws Exception {
                        FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                        channel.lock();
                        System.out.println("locked");
                        System.in.read(); // holds the lock until the test closes this input
                    }
                }
                """);
        Process writer = new ProcessBuilder(java(), locker.toString(), lockedFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine())
                    .isEqualTo("locked");

            // when
            AtomicFile.write(dir.resolve("out.bin"), out -> out.write(CONTENT));

            // then
            assertThat(names()).containsExactlyInAnyOrder("out.bin", locked, "Locker.java");
        } finally {
            writer.destroy();
            writer.waitFor();
        }
    }

    @Test
    void write_duringShutdown_leavesNoTemporaryFile() throws Exception {
        // given: a JVM that writes from its own shutdown hook, where adding another hook is refused
        Path classes = Path.of(AtomicFile.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path writer = Files.writeString(dir.resolve("ExitingWriter.java"), """
                import java.lang.reflect.Method;
                import java.nio.file.Path;

                class ExitingWriter {
                    public static void main(String[] args) throws Exception {
                        Class<?> atomicFile = Class.forName("dev.segcrypt.internal.stream.AtomicFile");
                        Method write = atomicFile.getDeclaredMethod(
                                "write", Path.class, Class.forName(atomicFile.getName() + "$Content"));
                        write.setAccessible(true);
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            try {
                                write.invoke(null, Path.of(args[0]), null); // refused before writing
                            } catch (ReflectiveOperationException e) {
                                System.out.println(e.getCause());
                            }
                        }));
                    }
                }
                """);
        Path out = Files.createDirectory(dir.resolve("out"));

        // when
        Process exiting = new ProcessBuilder(
                        java(),
                        "-cp",
                        classes.toString(),
                        writer.toString(),
                        out.resolve("out.bin").toString())
                .redirectErrorStream(true)
                .start();
        String printed = new String(exiting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        exiting.waitFor();

        // then
        assertThat(printed).startsWith(IllegalStateException.class.getName());
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void write_staleTemporaryFileOfAnotherUser_isKept() throws Exception {
        // given: a dead process's temporary file that belongs to someone else
        assumeTrue(isRoot(), "giving a file to another user needs root");
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String theirs = ".out.bin." + finished.pid() + "-00000000000000ab" + AtomicFile.TEMP_SUFFIX;
        run("chown", "65534", Files.write(dir.resolve(theirs), OLD).toString());

        // when
        AtomicFile.write(dir.resolve("out.bin"), out -> out.write(CONTENT));

        // then
        assertThat(names()).containsExactlyInAnyOrder("out.bin", theirs);
    }

    /** {@code /proc/self/fd/N} for a descriptor of this process open on {@code file}. */
    private static Path descriptorOf(Path file) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            String n = descriptors
                    .filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(file.toRealPath());
                        } catch (IOException e) {
                            return false; // the listing's own descriptor, closed meanwhile
                        }
                    })
                    .findFirst()
                    .orElseThrow()
                    .getFileName()
                    .toString();
            return Path.of("/proc/self/fd", n); // "self", not this process's id: as /dev/stdout
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static boolean isOther(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther();
    }

    private static Path mkfifo(Path path) throws Exception {
        run("mkfifo", path.toString());
        return path;
    }

    private static CompletableFuture<byte[]> readInBackground(Path fifo) {
        // a thread of its own: opening the pipe blocks until a writer opens it
        return CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream in = Files.newInputStream(fifo)) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                task -> Thread.ofPlatform().daemon().start(task));
    }

    private static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("segcrypt-uid", ".probe");
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.delete(probe);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
