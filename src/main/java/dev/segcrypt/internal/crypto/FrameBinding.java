package dev.segcrypt.internal.crypto;

import dev.segcrypt.internal.wire.FrameType;

/**
 * What binds a frame to its place: its nonce and the suffix of its AAD (docs/wire-format.md).
 *
 * <pre>
 * nonce(12) = frameType(1) || 0x000000(3) || frameIndex u64(8)
 * aad       = segmentHeader(108) || frameType(1) || frameIndex u64(8)
 * </pre>
 *
 * The segment key is unique per segment (random salt), so a nonce only has to be unique within a
 * segment; type and index make it so. Digest frame index = n, terminator frame index = n + 1.
 */
public final class FrameBinding {

    public static final int NONCE_SIZE_IN_BYTES = 12;
    public static final int AAD_SUFFIX_SIZE_IN_BYTES = 9;

    private FrameBinding() {}

    /** Writes the nonce of frame ({@code type}, {@code index}) into {@code nonce[0..12)}. */
    public static void nonce(FrameType type, long index, byte[] nonce) {
        nonce[0] = type.wireId();
        nonce[1] = 0;
        nonce[2] = 0;
        nonce[3] = 0;
        putLong(nonce, 4, index);
    }

    /** Writes the AAD suffix of frame ({@code type}, {@code index}) into {@code suffix[0..9)}. */
    public static void aadSuffix(FrameType type, long index, byte[] suffix) {
        suffix[0] = type.wireId();
        putLong(suffix, 1, index);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
