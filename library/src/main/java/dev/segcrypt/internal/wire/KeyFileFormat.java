package dev.segcrypt.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key file (docs/wire-format.md, "Key file"): {@code "segcrypt-key-v1:" || hex(masterKey) ||
 * 0x0a}. Messages never include the file's content.
 */
public final class KeyFileFormat {

    private static final byte[] PREFIX = "segcrypt-key-v1:".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_SIZE_IN_BYTES = 32;
    private static final int LINE_LENGTH = PREFIX.length + 2 * KEY_SIZE_IN_BYTES; // without the line feed

    /** The longest content worth reading: a key file is one short line. */
    public static final int MAX_SIZE_IN_BYTES = 4 * (LINE_LENGTH + 1);

    private KeyFileFormat() {}

    /** {@return the key file of {@code key}: lower-case digits and one line feed} The caller zeroes it. */
    public static byte[] encode(byte[] key) {
        if (key.length != KEY_SIZE_IN_BYTES) {
            throw new AssertionError("segcrypt internal error: a master key is 32 bytes");
        }
        byte[] line = new byte[LINE_LENGTH + 1];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        for (int i = 0; i < key.length; i++) {
            line[PREFIX.length + 2 * i] = (byte) Character.forDigit((key[i] >> 4) & 0xf, 16);
            line[PREFIX.length + 2 * i + 1] = (byte) Character.forDigit(key[i] & 0xf, 16);
        }
        line[LINE_LENGTH] = '\n';
        return line;
    }

    /**
     * {@return the 32 key bytes of a key file's content} Upper- and lower-case digits and any
     * trailing line feeds and carriage returns are accepted. The caller zeroes both arrays.
     *
     * @throws IllegalArgumentException if {@code content} is not a key file; the message says why
     *     in a few words, without any of the content
     */
    public static byte[] decode(byte[] content) {
        int length = content.length;
        while (length > 0 && (content[length - 1] == '\n' || content[length - 1] == '\r')) {
            length--;
        }
        if (length != LINE_LENGTH || !Arrays.equals(content, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new IllegalArgumentException("not a segcrypt key file");
        }
        byte[] key = new byte[KEY_SIZE_IN_BYTES];
        for (int i = 0; i < key.length; i++) {
            int high = Character.digit(content[PREFIX.length + 2 * i], 16);
            int low = Character.digit(content[PREFIX.length + 2 * i + 1], 16);
            if (high < 0 || low < 0) {
                Arrays.fill(key, (byte) 0);
                throw new IllegalArgumentException("not a segcrypt key file: its digits are not hexadecimal");
            }
            key[i] = (byte) (high << 4 | low);
        }
        return key;
    }
}
