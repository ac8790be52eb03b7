package dev.segcrypt.internal.crypto;

import dev.segcrypt.Suite;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One AEAD known-answer vector from a third-party file (Wycheproof or NIST CAVP).
 *
 * @param id      where it comes from, for failure messages: file, tcId or Count, comment, flags
 * @param suite   the AEAD
 * @param key     key bytes (any length the file has)
 * @param iv      nonce bytes (any length the file has)
 * @param aad     associated data
 * @param msg     plaintext; {@code null} when the file does not give it (NIST {@code FAIL} records)
 * @param ct      ciphertext without the tag
 * @param tag     tag (may be empty for vectors that only test parameter checks)
 * @param tagBits tag size the file declares, in bits
 * @param valid   whether the file says the vector must be accepted
 */
record AeadVector(
        String id,
        Suite suite,
        byte[] key,
        byte[] iv,
        byte[] aad,
        byte[] msg,
        byte[] ct,
        byte[] tag,
        int tagBits,
        boolean valid) {

    private static final HexFormat HEX = HexFormat.of();

    /** {@return whether key, nonce and tag have the only sizes frames use: 256, 96 and 128 bits} */
    boolean frameShaped() {
        return key.length == FrameCipher.KEY_SIZE_IN_BYTES
                && iv.length == FrameCipher.NONCE_SIZE_IN_BYTES
                && tagBits == 128;
    }

    /** {@return the ciphertext followed by the tag, as a frame carries it} */
    byte[] ctAndTag() {
        byte[] out = Arrays.copyOf(ct, ct.length + tag.length);
        System.arraycopy(tag, 0, out, ct.length, tag.length);
        return out;
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    @Override
    public String toString() {
        return id;
    }
}
