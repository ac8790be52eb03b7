package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
