package dev.segcrypt.internal.wire;

/**
 * The ranges every header field is checked against (docs/wire-format.md, "Limits"). The public
 * constants of {@code Options} and {@code SegmentCipher} are these.
 */
public final class WireLimits {

    /** The smallest frame size a header may carry: 64 bytes. */
    public static final int MIN_FRAME_SIZE_IN_BYTES = 64;

    /** The largest frame size a header may carry: 16 MiB. */
    public static final int MAX_FRAME_SIZE_IN_BYTES = 16 * 1024 * 1024;

    /** The most plaintext bytes in one segment: 1 GiB, so that a segment's wire fits one Java array. */
    public static final int MAX_SEGMENT_PLAINTEXT_BYTES = 1 << 30;

    /** The smallest segment size a stream header may carry: one smallest frame. */
    public static final int MIN_SEGMENT_SIZE_IN_BYTES = MIN_FRAME_SIZE_IN_BYTES;

    private WireLimits() {}

    /** {@return whether {@code frameSizeBytes} is a frame size a header may carry} */
    public static boolean isFrameSize(long frameSizeBytes) {
        return frameSizeBytes >= MIN_FRAME_SIZE_IN_BYTES && frameSizeBytes <= MAX_FRAME_SIZE_IN_BYTES;
    }

    /** {@return whether {@code segmentSizeBytes} is a segment size a stream header may carry} */
    public static boolean isSegmentSize(long segmentSizeBytes) {
        return segmentSizeBytes >= MIN_SEGMENT_SIZE_IN_BYTES && segmentSizeBytes <= MAX_SEGMENT_PLAINTEXT_BYTES;
    }
}
