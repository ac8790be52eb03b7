package dev.segcrypt.internal.wire;

/**
 * Where the segments of a stream lie (docs/wire-format.md, "Streams"):
 *
 * <pre>
 * stream = streamHeader(96) || S_0 || S_1 || .. || S_last
 * S_k    = a segment of segmentSize plaintext bytes for k &lt; last, not final;
 *          the last: final, 1 to segmentSize bytes (0 only when it is S_0: the empty stream)
 * </pre>
 *
 * Every segment but the last has the same wire length, so segment k starts at a computable offset
 * and can be read, verified and decrypted on its own.
 *
 * @param frameSizeBytes   plaintext bytes per data frame
 * @param segmentSizeBytes plaintext bytes of every segment but the last
 */
public record StreamLayout(int frameSizeBytes, int segmentSizeBytes) {

    /** {@return where the segments of the stream that {@code header} opens lie} */
    public static StreamLayout of(StreamHeader header) {
        return new StreamLayout(header.frameSizeBytes(), header.segmentSizeBytes());
    }

    /** {@return the wire length of every segment but the last} */
    public int fullSegmentWireBytes() {
        return SegmentLayout.wireLength(frameSizeBytes, segmentSizeBytes);
    }

    /** {@return the stream offset of segment {@code index}} */
    public long segmentOffset(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("segment index " + index + " is negative");
        }
        return StreamHeader.SIZE_IN_BYTES + index * fullSegmentWireBytes();
    }

    /** {@return the index of the segment that holds plaintext byte {@code plaintextOffset}} */
    public long segmentIndexOf(long plaintextOffset) {
        return plaintextOffset / segmentSizeBytes;
    }

    /**
     * {@return how many segments begin within the first {@code streamLength} bytes} For an intact
     * stream this is its segment count; the last of them is the only one that may be short.
     */
    public long segmentsWithin(long streamLength) {
        long rest = streamLength - StreamHeader.SIZE_IN_BYTES;
        return rest <= 0 ? 0 : (rest + fullSegmentWireBytes() - 1) / fullSegmentWireBytes();
    }

    /**
     * {@return whether a segment of {@code plaintextLength} bytes with the final flag {@code
     * isFinal} may stand at {@code index}} Only the final segment may be short, and only the empty
     * stream's single segment may be empty: each plaintext length has exactly one segmentation.
     */
    public boolean allows(long index, int plaintextLength, boolean isFinal) {
        return isFinal
                ? plaintextLength <= segmentSizeBytes && (plaintextLength > 0 || index == 0)
                : plaintextLength == segmentSizeBytes;
    }
}
