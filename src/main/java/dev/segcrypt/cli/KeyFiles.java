package dev.segcrypt.cli;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Key files: one line {@code segcrypt-key-v1:<64 hex digits>}, created with mode 0600 and never
 * overwritten.
 */
final class KeyFiles {

    private static final String PREFIX = "segcrypt-key-v1:";

    private KeyFiles() {}

    static void write(Path file, SegcryptKey key) throws IOException {
        byte[] raw = key.copyBytes();
        byte[] line = (PREFIX + HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(raw, (byte) 0);
        try {
            FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Files.write(Files.createFile(file, attributes), line, StandardOpenOption.WRITE);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    static SegcryptKey read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        try {
            String text = new String(content, StandardCharsets.US_ASCII).strip();
            if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 2 * SegcryptKey.SIZE_IN_BYTES) {
                throw new Main.UsageException(file + " is not a segcrypt key file (make one with: segcrypt keygen -o FILE)");
            }
            byte[] raw;
            try {
                raw = HexFormat.of().parseHex(text, PREFIX.length(), text.length());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(file + " is not a segcrypt key file (bad hex digits)");
            }
            try {
                return SegcryptKey.fromBytes(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}
