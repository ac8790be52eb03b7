package dev.segcrypt.cli;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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

    private static final byte[] PREFIX = "segcrypt-key-v1:".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE_LENGTH = PREFIX.length + 2 * SegcryptKey.SIZE_IN_BYTES; // without the newline

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
        byte[] raw = key.copyBytes();
        byte[] line = new byte[LINE_LENGTH + 1];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        for (int i = 0; i < raw.length; i++) {
            line[PREFIX.length + 2 * i] = (byte) Character.forDigit((raw[i] >> 4) & 0xf, 16);
            line[PREFIX.length + 2 * i + 1] = (byte) Character.forDigit(raw[i] & 0xf, 16);
        }
        line[LINE_LENGTH] = '\n';
        Arrays.fill(raw, (byte) 0);
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
        byte[] content = Files.readAllBytes(file);
        byte[] raw = new byte[SegcryptKey.SIZE_IN_BYTES];
        try {
            int length = content.length;
            while (length > 0 && (content[length - 1] == '\n' || content[length - 1] == '\r')) {
                length--;
            }
            if (length != LINE_LENGTH || !Arrays.equals(content, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
                throw new Main.UsageException(
                        file + " is not a segcrypt key file (make one with: segcrypt keygen -o FILE)");
            }
            for (int i = 0; i < raw.length; i++) {
                int high = Character.digit(content[PREFIX.length + 2 * i], 16);
                int low = Character.digit(content[PREFIX.length + 2 * i + 1], 16);
                if (high < 0 || low < 0) {
                    throw new Main.UsageException(file + " is not a segcrypt key file (bad hex digits)");
                }
                raw[i] = (byte) (high << 4 | low);
            }
            return SegcryptKey.fromBytes(raw);
        } finally {
            Arrays.fill(content, (byte) 0);
            Arrays.fill(raw, (byte) 0);
        }
    }
}
