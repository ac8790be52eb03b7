package dev.segcrypt;

import dev.segcrypt.internal.wire.SegmentLayout;

/**
 * Where one segment of a stream lies, read without a key: see {@link Segcrypt#inspect}.
 *
 * @param index          the segment's index, from 0
 * @param offset         byte offset of the segment in the stream
 * @param plaintextBytes plaintext bytes the header announces
 * @param wireBytes      bytes of the segment on the wire
 * @param dataFrames     data frames in the segment
 * @param isFinal        whether the header marks it as the stream's last
 */
public record SegmentInfo(
        long index, long offset, int plaintextBytes, long wireBytes, int dataFrames, boolean isFinal) {

    /** {@return all frames of the segment: its data frames, its digest frame and its terminator frame} */
    public int frames() {
        return dataFrames + SegmentLayout.CLOSING_FRAMES;
    }
}
