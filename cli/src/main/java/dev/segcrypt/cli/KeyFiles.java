package dev.segcrypt.cli;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Key files: one line {@code segcrypt-key-v1:<64 hex digits>}, created with mode 0600 and never
 * overwritten.
 */
final class KeyFiles {

    private KeyFiles() {}

    /**
     * Writes a new key file with mode 0600. It is created exclusively ({@code O_EXCL}), so that a
     * file or link that exists, even one made a moment ago by another process, is never replaced:
     * losing a key loses the data it protects. A failed write removes the file it created. The hex
     * digits never go through a {@code String}, which could not be zeroed.
     *
     * @throws FileAlreadyExistsException if {@code file} exists
     */
    static void write(Path file, SegcryptKey key) throws IOException {
        write(file, key, () -> {});
    }

    /** {@link #write(Path, SegcryptKey)}, running {@code testOnlyBeforeCreate} just before the file is created. */
    static void write(Path file, SegcryptKey key, Runnable testOnlyBeforeCreate) throws IOException {
        byte[] line = key.toKeyFile();
        FileAttribute<?>[] ownerOnly =
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
        try {
            testOnlyBeforeCreate.run();
            FileChannel channel =
                    FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly);
            boolean written = false;
            try (channel) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
                written = true;
            } finally {
                if (!written) {
                    Files.deleteIfExists(file);
                }
            }
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    static SegcryptKey read(Path file) throws IOException {
        CliFiles.checkReadable(file);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(SegcryptKey.MAX_KEY_FILE_SIZE_IN_BYTES + 1);
        }
        try {
            return SegcryptKey.fromKeyFile(content);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(file + " is " + e.getMessage() + " (make one with: segcrypt keygen -o FILE)");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}
