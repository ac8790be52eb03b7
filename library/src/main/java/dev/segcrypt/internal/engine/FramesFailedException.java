package dev.segcrypt.internal.engine;

/**
 * The first failure of a segment's frames, with later failures of sibling frames attached to the
 * cause as suppressed exceptions. Internal: {@code FrameRunner} turns it into the public type.
 */
public final class FramesFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int frameIndex;

    FramesFailedException(int frameIndex, Throwable cause) {
        super("frame " + frameIndex + " failed", cause);
        this.frameIndex = frameIndex;
    }

    /** A failure shared by every segment: without stack trace and suppressed exceptions. */
    FramesFailedException(Throwable cause) {
        super("a frame failed", cause, false, false);
        this.frameIndex = -1;
    }

    /** {@return the index of the frame that failed first} */
    public int frameIndex() {
        return frameIndex;
    }
}
