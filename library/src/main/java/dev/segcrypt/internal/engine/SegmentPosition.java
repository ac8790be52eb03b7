package dev.segcrypt.internal.engine;

import dev.segcrypt.internal.wire.SegmentHeader;

/**
 * Where a segment belongs: its stream, its index there, and whether it is the stream's last. A
 * lone segment has a random stream id, index 0 and is final.
 *
 * @param streamId     16 bytes
 * @param segmentIndex index within the stream, from 0
 * @param finalSegment whether no segment follows
 */
public record SegmentPosition(byte[] streamId, long segmentIndex, boolean finalSegment) {

    public SegmentPosition {
        if (streamId.length != SegmentHeader.STREAM_ID_SIZE_IN_BYTES || segmentIndex < 0) {
            throw new AssertionError("segcrypt internal error: bad segment position");
        }
        streamId = streamId.clone();
    }

    @Override
    public byte[] streamId() {
        return streamId.clone();
    }
}
