package dev.segcrypt;

import java.time.Duration;

/**
 * What one segment operation did. Contains no secrets.
 *
 * @param operation    whether the segment was encrypted or decrypted
 * @param segmentIndex the segment's index in its stream (0 for a lone segment)
 * @param plaintextBytes plaintext bytes of the segment
 * @param wireBytes    wire bytes of the segment, header and all frames included
 * @param dataFrames   number of data frames (digest and terminator frames not counted)
 * @param elapsed      wall time of the operation
 * @param engine       the engine that ran the frames: {@code structured} or {@code portable}
 * @param provider     the JCA provider that ran the cipher, for example {@code SunJCE}
 */
public record SegmentStats(
        Operation operation,
        long segmentIndex,
        long plaintextBytes,
        long wireBytes,
        int dataFrames,
        Duration elapsed,
        String engine,
        String provider) {

    /** The direction of a segment operation. */
    public enum Operation {
        /** Plaintext to wire. */
        ENCRYPT,
        /** Wire to plaintext, after full verification. */
        DECRYPT
    }
}
