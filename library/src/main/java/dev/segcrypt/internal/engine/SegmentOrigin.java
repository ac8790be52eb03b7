package dev.segcrypt.internal.engine;

/**
 * Where a segment being decrypted comes from, which decides what a key commitment that does not
 * match means (docs/wire-format.md, decoding rules).
 */
public enum SegmentOrigin {
    /** A lone segment: nothing else proved the key, so a mismatch means the wrong key. */
    LONE,
    /**
     * A segment of a stream whose header tag verified under this key: the key is right, so a
     * mismatch means the segment was altered or spliced in from another stream.
     */
    STREAM
}
