package dev.segcrypt.internal.engine;

import dev.segcrypt.internal.wire.SegmentHeader;

/**
 * Where a segment belongs: its stream, its index there, whether it is the stream's last, and
 * whether it is part of a stream at all. A lone segment has a random stream id, index 0, is final
 * and is in no stream (docs/wire-format.md, FINAL and STREAM flags).
 *
 * @param streamId     16 bytes
 * @param segmentIndex index within the stream, from 0
 * @param finalSegment whether no segment follows
 * @param inStream     whether it is a segment of a stream rather than a lone segment
 */
public record SegmentPosition(byte[] streamId, long segmentIndex, boolean finalSegment, boolean inStream) {

    /** {@return the position of a lone segment with stream id {@code streamId}} */
    public static SegmentPosition lone(byte[] streamId) {
        return new SegmentPosition(streamId, 0, true, false);
    }

    /** {@return the position of segment {@code segmentIndex} of stream {@code streamId}} */
    public static SegmentPosition inStream(byte[] streamId, long segmentIndex, boolean finalSegment) {
        return new SegmentPosition(streamId, segmentIndex, finalSegment, true);
    }

    public SegmentPosition {
        if (streamId.length != SegmentHeader.STREAM_ID_SIZE_IN_BYTES
                || segmentIndex < 0
                || !inStream && (segmentIndex != 0 || !finalSegment)) {
            throw new AssertionError("segcrypt internal error: bad segment position");
        }
        streamId = streamId.clone();
    }

    @Override
    public byte[] streamId() {
        return streamId.clone();
    }

    /** {@return the header's flags byte for this position} */
    public int flags() {
        return SegmentHeader.flags(finalSegment, inStream);
    }
}
