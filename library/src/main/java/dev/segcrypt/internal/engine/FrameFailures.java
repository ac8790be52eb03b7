package dev.segcrypt.internal.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects the failures of one segment's frames: the first wins, later ones are kept as suppressed
 * (unlike StructuredTaskScope, which drops results that arrive after cancellation). Interrupts
 * that the cancellation itself caused are not failures and are not kept.
 */
final class FrameFailures {

    // written by any subtask, read by the segment owner
    private final AtomicReference<FramesFailedException> first = new AtomicReference<>();

    /** Records the failure of frame {@code frameIndex}. */
    void record(int frameIndex, Throwable failure) {
        FramesFailedException candidate = new FramesFailedException(frameIndex, failure);
        if (!first.compareAndSet(null, candidate)) {
            Throwable winner = first.get().getCause();
            if (failure != winner
                    && !(failure instanceof InterruptedException)) { // a provider may rethrow one instance
                winner.addSuppressed(failure);
            }
        }
    }

    /** {@return whether any frame has failed} */
    boolean hasFailed() {
        return first.get() != null;
    }

    /** Throws the first failure if there is one. */
    void throwIfFailed() throws FramesFailedException {
        FramesFailedException failure = first.get();
        if (failure != null) {
            throw failure;
        }
    }
}
