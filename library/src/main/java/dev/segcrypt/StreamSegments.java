package dev.segcrypt;

import dev.segcrypt.internal.wire.StreamLayout;
import java.util.Objects;

/**
 * Where the segments of a stream of known length lie, computed from its header and its length
 * alone, without a key and without reading the segments: for readers that split one stream file
 * among many workers, each reading and verifying only its own byte ranges (see {@link
 * StreamSegmentDecryptor}).
 *
 * <pre>
 * stream = streamHeader(96) || S_0 || S_1 || .. || S_last
 * offset(k) = 96 + k * fullSegmentWireBytes()
 * </pre>
 *
 * Every segment but the last has the same wire length, so the arithmetic is exact for an intact
 * stream. For a damaged one it is a claim that verification checks: a stream cut at a segment
 * boundary, cut inside a segment or followed by extra bytes has a last segment whose bytes do not
 * verify as the stream's final segment, and {@link StreamSegmentDecryptor#decrypt} says which.
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamSegments {

    private final StreamLayout layout;
    private final long streamLength;
    private final long count;

    private StreamSegments(StreamLayout layout, long streamLength) {
        this.layout = layout;
        this.streamLength = streamLength;
        this.count = layout.segmentsWithin(streamLength);
    }

    /**
     * {@return the layout of the stream that {@code stream} describes, {@code streamLength} bytes
     * long including its header}
     *
     * @throws IllegalArgumentException if {@code streamLength} is negative
     */
    public static StreamSegments of(StreamInfo stream, long streamLength) {
        Objects.requireNonNull(stream, "stream");
        if (streamLength < 0) {
            throw new IllegalArgumentException("stream length " + streamLength + " is negative");
        }
        return new StreamSegments(new StreamLayout(stream.frameSizeBytes(), stream.segmentSizeBytes()), streamLength);
    }

    /** {@return the stream's length in bytes, its header included} */
    public long streamLength() {
        return streamLength;
    }

    /** {@return the plaintext bytes of every segment but the last} */
    public int segmentSizeBytes() {
        return layout.segmentSizeBytes();
    }

    /** {@return the wire length of every segment but the last} */
    public int fullSegmentWireBytes() {
        return layout.fullSegmentWireBytes();
    }

    /**
     * {@return how many segments begin within the stream's length} The last of them is the only
     * one that may be short. 0 when the length ends inside or right after the stream header: such
     * a stream lacks its final segment.
     */
    public long count() {
        return count;
    }

    /**
     * {@return the byte offset of segment {@code index} in the stream}
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public long offset(long index) {
        return layout.segmentOffset(Objects.checkIndex(index, count));
    }

    /**
     * {@return the wire bytes of segment {@code index}}: {@link #fullSegmentWireBytes()} for all but
     * the last, whatever the length leaves for the last
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public int wireBytes(long index) {
        long offset = offset(index);
        return (int) Math.min(layout.fullSegmentWireBytes(), streamLength - offset);
    }

    /**
     * {@return whether segment {@code index} is the last within the stream's length} Only the last
     * may be (and must be) the stream's final segment.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, count())}
     */
    public boolean isLast(long index) {
        return Objects.checkIndex(index, count) == count - 1;
    }

    /**
     * {@return the index of the first segment that begins at or after byte {@code streamOffset}},
     * {@link #count()} if none does: a reader given the byte range {@code [a, b)} owns the segments
     * from {@code firstAtOrAfter(a)} to {@code firstAtOrAfter(b)}, exclusive, so that ranges that
     * tile the stream share out every segment exactly once
     *
     * @throws IllegalArgumentException if {@code streamOffset} is negative
     */
    public long firstAtOrAfter(long streamOffset) {
        if (streamOffset < 0) {
            throw new IllegalArgumentException("stream offset " + streamOffset + " is negative");
        }
        long afterHeader = streamOffset - StreamInfo.HEADER_SIZE_IN_BYTES;
        if (afterHeader <= 0) {
            return 0;
        }
        long full = layout.fullSegmentWireBytes();
        return Math.min(count, (afterHeader + full - 1) / full);
    }

    @Override
    public String toString() {
        return "StreamSegments[streamLength=" + streamLength + ", segments=" + count + ", segmentSize="
                + layout.segmentSizeBytes() + ", fullSegmentWireBytes=" + layout.fullSegmentWireBytes() + "]";
    }
}
