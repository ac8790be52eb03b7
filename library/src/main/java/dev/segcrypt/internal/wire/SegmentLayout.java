package dev.segcrypt.internal.wire;

/**
 * Where every frame of a segment lies on the wire, from the header's frame size and plaintext
 * length. The layout is canonical: each plaintext length has exactly one chunking.
 *
 * <pre>
 * segment = header(108) || D_0 .. D_(n-1) || G || T
 * D_i     = ciphertext(min(F, L - i*F)) || tag(16)     n = ceil(L / F), 0 when L = 0
 * G       = ciphertext(32) || tag(16)                   T = ciphertext(16) || tag(16)
 * </pre>
 *
 * @param frameSizeBytes  F, plaintext bytes of every data frame but the last
 * @param plaintextLength L, plaintext bytes of the segment
 */
public record SegmentLayout(int frameSizeBytes, int plaintextLength) {

    /** AEAD tag appended to every frame's ciphertext. */
    public static final int TAG_SIZE_IN_BYTES = 16;
    /** Frames after the data frames: the digest frame G and the terminator frame T. */
    public static final int CLOSING_FRAMES = 2;
    /** Plaintext of the digest frame: SHA-256 of the data frames' tags. */
    public static final int DIGEST_SIZE_IN_BYTES = 32;
    /** Plaintext of the terminator frame: data frame count (u64) || plaintext length (u64). */
    public static final int TERMINATOR_PLAINTEXT_IN_BYTES = 16;

    /** {@return the layout of the segment that {@code header} opens} */
    public static SegmentLayout of(SegmentHeader header) {
        return new SegmentLayout(header.frameSizeBytes(), header.plaintextLength());
    }

    /** {@return n, the number of data frames} */
    public int dataFrames() {
        return (int) (((long) plaintextLength + frameSizeBytes - 1) / frameSizeBytes);
    }

    /** {@return plaintext bytes in data frame {@code i}} */
    public int plaintextLength(int i) {
        return Math.min(frameSizeBytes, plaintextLength - i * frameSizeBytes);
    }

    /** {@return offset of data frame {@code i}'s plaintext within the segment plaintext} */
    public int plaintextOffset(int i) {
        return i * frameSizeBytes;
    }

    /** {@return offset of data frame {@code i} (its ciphertext) on the wire} */
    public long dataFrameOffset(int i) {
        return SegmentHeader.SIZE_IN_BYTES + (long) i * (frameSizeBytes + TAG_SIZE_IN_BYTES);
    }

    /** {@return offset of data frame {@code i}'s tag on the wire} */
    public long tagOffset(int i) {
        return dataFrameOffset(i) + plaintextLength(i);
    }

    /** {@return offset of the digest frame on the wire} */
    public long digestFrameOffset() {
        return SegmentHeader.SIZE_IN_BYTES + (long) plaintextLength + (long) dataFrames() * TAG_SIZE_IN_BYTES;
    }

    /** {@return offset of the terminator frame on the wire} */
    public long terminatorFrameOffset() {
        return digestFrameOffset() + DIGEST_SIZE_IN_BYTES + TAG_SIZE_IN_BYTES;
    }

    /** {@return the segment's total wire length} */
    public long wireLength() {
        return terminatorFrameOffset() + TERMINATOR_PLAINTEXT_IN_BYTES + TAG_SIZE_IN_BYTES;
    }

    /**
     * {@return the wire length of a segment with {@code plaintextLength} bytes and frames of {@code
     * frameSizeBytes}} Within the limits it fits an {@code int}: at most 1 GiB of plaintext in frames
     * of at least 64 bytes is at most 1.25 GiB on the wire.
     */
    public static int wireLength(int frameSizeBytes, int plaintextLength) {
        return Math.toIntExact(new SegmentLayout(frameSizeBytes, plaintextLength).wireLength());
    }
}
