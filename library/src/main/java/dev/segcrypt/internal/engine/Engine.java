package dev.segcrypt.internal.engine;

/**
 * Runs the frames of one segment as one subtask per frame on virtual threads and fails as a whole.
 *
 * @implSpec Implementations must: acquire a permit of {@code limit} before each fork and give it
 *     back when the subtask ends (also when it never ran); stop forking once a frame failed; on the
 *     first failure cancel (interrupt) the other subtasks; return or throw only after every subtask
 *     of the call has finished; return normally only when every frame's work was counted as having
 *     returned normally (a failure that could not be recorded must still fail the call); throw
 *     {@link InterruptedException} when the caller is interrupted.
 *     Not sealed on purpose: no release-21 class may name the preview-compiled StructuredEngine.
 */
public interface Engine {

    /** {@return {@code structured} or {@code portable}} */
    String name();

    /**
     * Runs {@code work.run(i)} for every {@code i} in {@code [0, frameCount)}.
     *
     * @throws FramesFailedException with the first failure and the later ones as suppressed
     * @throws InterruptedException if the caller was interrupted; every subtask has then stopped
     */
    void runFrames(int frameCount, FrameWork work, InFlightLimit limit)
            throws FramesFailedException, InterruptedException;

    /** The work of one frame. */
    @FunctionalInterface
    interface FrameWork {
        /** Does frame {@code frameIndex}; runs on a virtual thread forked for it. */
        void run(int frameIndex) throws Exception;
    }
}
