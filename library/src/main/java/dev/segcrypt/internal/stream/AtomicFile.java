package dev.segcrypt.internal.stream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all or nothing, or straight into a device or pipe.
 *
 * <p>A new path or an existing regular file (or a link to one, which stays a link) is written into
 * a temporary sibling, created readable by its owner only, forced to disk, then renamed over the
 * target. On any failure, and when the JVM is stopped meanwhile, the temporary file is deleted and
 * an existing target stays untouched. An existing file that its owner made read-only, or that
 * belongs to another user, is refused rather than replaced (root could replace it, and would
 * silently take it over).
 *
 * <p>A character or block device, a named pipe or anything else that is not a regular file or a
 * directory ({@code /dev/null}, a pipe) is opened and written directly: a rename would replace it
 * with a regular file. So is an open file of a process, a path through {@code /proc/} or {@code
 * /dev/fd/} ({@code /dev/stdout}), whatever is behind it, and it is appended to: the shell's {@code >}
 * has already emptied it, its {@code >>} keeps what was there. Such output is not all or nothing.
 *
 * <p>A killed process (SIGKILL, power loss) leaves its temporary file behind. Its name is {@code
 * .NAME.PID-RANDOM.segcrypt-tmp} (NAME: the target's name, at most 64 characters of it; PID: the
 * writing process), and the next write to the same target removes those of its owner whose process
 * is gone and that no process holds locked: a writer locks its temporary file for the whole write,
 * as its process id alone does not tell a live writer in another PID namespace or on another host.
 */
final class AtomicFile {

    static final String TEMP_SUFFIX = ".segcrypt-tmp";
    private static final int MAX_NAME_IN_TEMP = 64; // keeps the temporary name within 255 bytes
    private static final int MAX_LINK_HOPS = 40; // as Linux's own limit on links in a path

    /** What to write into the target. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /**
     * Writes {@code content} to {@code target}: all or nothing for a regular file, directly into a
     * device or pipe.
     *
     * @throws IllegalArgumentException if {@code target} is a directory
     * @throws AccessDeniedException    if {@code target} is a read-only file or another user's
     */
    static void write(Path target, Content content) throws IOException {
        if (isOpenFileOfAProcess(target)) {
            // /dev/stdout: the shell's "> file" or ">> file" behind it; replacing that file would
            // lose ">>"'s content and its permissions, truncating would lose ">>"'s content
            writeDirectly(target, content, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class); // follows links
        } catch (NoSuchFileException e) {
            attributes = null;
        }
        if (attributes == null) {
            replace(target, target.toAbsolutePath(), content);
        } else if (attributes.isDirectory()) {
            throw new IllegalArgumentException(target + " is a directory");
        } else if (attributes.isRegularFile()) {
            replace(target, target.toRealPath(), content);
        } else {
            writeDirectly(target, content, StandardOpenOption.WRITE);
        }
    }

    /**
     * Whether {@code target} or a link on the way to it lies under {@code /proc/} or {@code /dev/fd/}:
     * an open file of a process ({@code /dev/stdout -> /proc/self/fd/1}), whatever it is behind.
     */
    private static boolean isOpenFileOfAProcess(Path target) throws IOException {
        Path step = target.toAbsolutePath();
        for (int hops = 0; hops <= MAX_LINK_HOPS; hops++) {
            if (isUnderProcessFiles(step) || isUnderProcessFiles(realParent(step))) {
                return true;
            }
            if (!Files.isSymbolicLink(step)) {
                return false;
            }
            step = step.resolveSibling(Files.readSymbolicLink(step)); // a relative link is relative to its directory
        }
        return false; // a loop: the write below reports it
    }

    private static Path realParent(Path path) throws IOException {
        try {
            return path.getParent() == null ? path : path.getParent().toRealPath();
        } catch (FileSystemException e) {
            return path; // a missing or unreadable directory: the write reports it
        }
    }

    private static boolean isUnderProcessFiles(Path path) {
        String name = path.normalize().toString() + "/";
        return name.startsWith("/proc/") || name.startsWith("/dev/fd/");
    }

    /** Writes into a device, pipe or open file as it is: no temporary file, no rename, no truncation. */
    private static void writeDirectly(Path target, Content content, StandardOpenOption... options) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, options)) {
            content.writeTo(namingWriteErrors(out, target));
        }
    }

    /** Writes into a new temporary sibling of {@code file} and renames it over {@code file}. */
    private static void replace(Path target, Path file, Content content) throws IOException {
        Path directory = file.getParent();
        String name = file.getFileName().toString();
        Path temp = createTemporaryFile(target, directory, name);
        // an interrupted process (Ctrl-C, SIGTERM) runs shutdown hooks but not this method's finally:
        // the temporary file may hold plaintext, so it goes then too
        Thread cleanup = new Thread(
                () -> {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException e) {
                        // nothing more can be done while the JVM exits
                    }
                },
                "segcrypt-temp-cleanup");
        boolean done = false;
        try {
            Runtime.getRuntime().addShutdownHook(cleanup); // throws when the JVM is already exiting
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // held until the rename: tells another process's stale-file removal that this file is
                // in use, which its process id cannot in another PID namespace or on another host
                channel.lock();
                removeStaleTemporaryFiles(directory, name, temp);
                ensureReplaceable(target, file, temp);
                OutputStream channelOut = namingWriteErrors(Channels.newOutputStream(channel), target);
                content.writeTo(new FilterOutputStream(channelOut) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        channelOut.write(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the channel stays open for force() below
                    }
                });
                channel.force(true); // durable before the rename makes it visible
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (FileSystemException e) {
                    throw new FileSystemException(
                            target.toString(), null, "cannot rename the temporary file into place: " + reasonOf(e));
                }
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs, or was never added and the file is gone already
            }
        }
    }

    /**
     * Refuses to replace a file that a plain write would not be allowed to change: read-only for its
     * owner, or owned by someone else (our temporary file shows who we are, root included).
     */
    private static void ensureReplaceable(Path target, Path file, Path temp) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView("unix") || !Files.exists(file)) {
            return;
        }
        if (!Files.getAttribute(file, "unix:uid").equals(Files.getAttribute(temp, "unix:uid"))) {
            throw new AccessDeniedException(target.toString(), null, "the file belongs to another user");
        }
        if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE)) {
            throw new AccessDeniedException(target.toString(), null, "the file is read-only");
        }
    }

    /** Creates {@code .NAME.PID-RANDOM.segcrypt-tmp}, readable and writable by its owner only. */
    private static Path createTemporaryFile(Path target, Path directory, String name) throws IOException {
        FileAttribute<?>[] ownerOnly =
                directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
        String prefix = temporaryPrefix(name) + ProcessHandle.current().pid() + "-";
        while (true) {
            Path temp = directory.resolve(
                    prefix + String.format("%016x", ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
            try {
                return Files.createFile(temp, ownerOnly);
            } catch (FileAlreadyExistsException e) {
                // another name, then
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(target.toString(), null, "its directory does not exist");
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(
                        target.toString(), null, "no permission to create files in its directory");
            } catch (FileSystemException e) {
                throw new FileSystemException(
                        target.toString(), null, "cannot create a temporary file next to it: " + reasonOf(e));
            }
        }
    }

    /**
     * Deletes the temporary files for {@code name} whose writing process is gone, of the same owner
     * as {@code ours} (a hidden process list, {@code hidepid}, must not let us remove another user's).
     */
    private static void removeStaleTemporaryFiles(Path directory, String name, Path ours) {
        String prefix = temporaryPrefix(name);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, entry -> {
            String entryName = entry.getFileName().toString();
            return entryName.startsWith(prefix) && entryName.endsWith(TEMP_SUFFIX);
        })) {
            for (Path entry : entries) {
                String entryName = entry.getFileName().toString();
                String middle = entryName.substring(prefix.length(), entryName.length() - TEMP_SUFFIX.length());
                if (middle.matches("[0-9]{1,19}-[0-9a-f]{16}")) {
                    long pid = Long.parseLong(middle.substring(0, middle.indexOf('-')));
                    if (ProcessHandle.of(pid).isEmpty() && sameOwner(entry, ours)) {
                        deleteUnlessLocked(entry);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a stale file that cannot be removed does not stop this write
        }
    }

    /** Deletes {@code file} unless its writer, alive elsewhere, still holds its lock. */
    private static void deleteUnlessLocked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.tryLock()) {
            if (lock != null) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            // kept: it may be in use, and the next write tries again
        }
    }

    private static boolean sameOwner(Path a, Path b) throws IOException {
        return !Files.getFileStore(b).supportsFileAttributeView("unix")
                || Files.getAttribute(a, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                        .equals(Files.getAttribute(b, "unix:uid"));
    }

    private static String temporaryPrefix(String name) {
        return "." + name.substring(0, Math.min(name.length(), MAX_NAME_IN_TEMP)) + ".";
    }

    /** Adds the target's name to write errors, which the JDK reports without one ("No space left on device"). */
    private static OutputStream namingWriteErrors(OutputStream out, Path target) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private static String reasonOf(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
}
