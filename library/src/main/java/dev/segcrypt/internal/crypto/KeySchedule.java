package dev.segcrypt.internal.crypto;

import dev.segcrypt.Suite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869) and the per-segment key schedule of docs/wire-format.md:
 *
 * <pre>
 * okm           = HKDF-SHA-256(ikm = masterKey, salt = segmentSalt,
 *                              info = "segcrypt v2 segment key" || suiteId || flags || streamId || segmentIndex u64,
 *                              L = 64)
 * segmentKey    = okm[0..32)      the AEAD key of every frame of the segment
 * commitment    = okm[32..64)     stored in the header; a wrong key fails here, before any frame
 * </pre>
 */
public final class KeySchedule {

    /** The master key: 256 bits. */
    public static final int MASTER_KEY_SIZE_IN_BYTES = 32;

    private static final int KEY_SIZE_IN_BYTES = FrameCipher.KEY_SIZE_IN_BYTES;
    private static final int HASH_SIZE_IN_BYTES = 32;
    private static final byte[] SEGMENT_KEY_LABEL = "segcrypt v2 segment key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_HEADER_LABEL = "segcrypt v2 stream header".getBytes(StandardCharsets.US_ASCII);

    private KeySchedule() {}

    /** A derived segment key and its commitment. Call {@link #destroy()} when done. */
    public static final class SegmentKeys {
        private final byte[] key;
        private final byte[] commitment;
        private final SecretKeySpec keySpec;

        private SegmentKeys(Suite suite, byte[] okm) {
            this.key = Arrays.copyOfRange(okm, 0, KEY_SIZE_IN_BYTES);
            this.commitment = Arrays.copyOfRange(okm, KEY_SIZE_IN_BYTES, 2 * KEY_SIZE_IN_BYTES);
            this.keySpec = FrameCipher.keyFor(suite, key);
            Arrays.fill(okm, (byte) 0);
        }

        /** {@return the frame key of the segment as a JCA key for its suite} */
        public SecretKeySpec keySpec() {
            return keySpec;
        }

        /** {@return a copy of the 32-byte key commitment} */
        public byte[] commitment() {
            return commitment.clone();
        }

        /** {@return whether {@code candidate} equals the commitment, in constant time} */
        public boolean commitmentMatches(byte[] candidate) {
            return MessageDigest.isEqual(commitment, candidate);
        }

        /**
         * Zeroes this object's copy of the key. The JDK's {@link SecretKeySpec} keeps a copy that
         * cannot be zeroed (it has no working {@code destroy()}, also in JDK 25); that copy becomes
         * unreachable with this object.
         */
        public void destroy() {
            Arrays.fill(key, (byte) 0);
        }

        @Override
        public String toString() {
            return "SegmentKeys[value hidden]";
        }
    }

    /**
     * {@return the key and commitment of one segment} The header's flags byte (FINAL, STREAM) is
     * part of the info, so a lone segment and a stream's segment never share a key (ADR 0007).
     */
    public static SegmentKeys deriveSegmentKeys(
            byte[] masterKey, byte[] salt, Suite suite, int flags, byte[] streamId, long segmentIndex) {
        byte[] info = ByteBuffer.allocate(SEGMENT_KEY_LABEL.length + 2 + streamId.length + Long.BYTES)
                .put(SEGMENT_KEY_LABEL)
                .put((byte) suite.wireId())
                .put((byte) flags)
                .put(streamId)
                .putLong(segmentIndex)
                .array();
        return new SegmentKeys(suite, hkdfSha256(masterKey, salt, info, 2 * KEY_SIZE_IN_BYTES));
    }

    /**
     * {@return the stream header tag}: HMAC-SHA-256(HKDF-SHA-256(masterKey, salt = streamId, info =
     * "segcrypt v2 stream header", 32), taggedPrefix). It authenticates the header and commits to the key.
     */
    public static byte[] streamHeaderTag(byte[] masterKey, byte[] streamId, byte[] taggedPrefix) {
        byte[] macKey = hkdfSha256(masterKey, streamId, STREAM_HEADER_LABEL, KEY_SIZE_IN_BYTES);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return mac.doFinal(taggedPrefix);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("segcrypt internal error: HmacSHA256 is unavailable", e);
        } finally {
            Arrays.fill(macKey, (byte) 0);
        }
    }

    /**
     * HKDF-SHA-256 as in RFC 5869.
     *
     * @param ikm  input keying material
     * @param salt salt; empty means HashLen zero bytes, as the RFC says
     * @param info context
     * @param length output bytes, at most 255 * 32
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("HKDF-SHA-256 output length " + length + " is out of range");
        }
        byte[] prk = null;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_SIZE_IN_BYTES] : salt, "HmacSHA256"));
            prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] okm = new byte[length];
            byte[] block = new byte[0];
            for (int done = 0, counter = 1; done < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                byte[] previous = block;
                block = mac.doFinal();
                Arrays.fill(previous, (byte) 0); // T(i-1) is output keying material too
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, okm, done, n);
                done += n;
            }
            Arrays.fill(block, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("segcrypt internal error: HmacSHA256 is unavailable", e);
        } finally {
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
        }
    }
}
