package dev.segcrypt.internal.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects the outcomes of one segment's frames: the first failure wins, later ones are kept as
 * suppressed (unlike StructuredTaskScope, which drops results that arrive after cancellation), and
 * successes are counted. Interrupts that the cancellation itself caused are not failures and are
 * not kept.
 *
 * <p>Success is proven, never assumed: {@link #throwUnlessAllSucceeded} passes only when every
 * frame reported success. A failure whose record cannot be allocated (the JVM is out of memory)
 * still fails the segment, as {@link #UNRECORDED}.
 */
final class FrameFailures {

    /** Stands for a failure that could not be recorded; allocated once, so it needs no memory then. */
    static final FramesFailedException UNRECORDED = new FramesFailedException(new UnrecordedFailure());

    /**
     * A frame failed and allocating the record of its failure failed too. Shared by every segment,
     * so it keeps no stack trace and no suppressed exceptions.
     */
    static final class UnrecordedFailure extends Error {
        private static final long serialVersionUID = 1L;

        private UnrecordedFailure() {
            super("segcrypt: a frame failed and its failure could not be recorded (out of memory)", null, false, false);
        }
    }

    // tests set this to a failure whose record must fail to allocate, as when the heap is full
    static volatile Throwable testOnlyUnrecordable;

    // written by any subtask, read by the segment owner
    private final AtomicReference<FramesFailedException> first = new AtomicReference<>();
    private final AtomicInteger succeeded = new AtomicInteger(); // by subtasks; read by the owner after they end

    /** Counts one frame that completed successfully. */
    void succeeded() {
        succeeded.incrementAndGet();
    }

    /** Records the failure of frame {@code frameIndex}; never throws. */
    void record(int frameIndex, Throwable failure) {
        try {
            FramesFailedException candidate = newRecord(frameIndex, failure);
            if (!first.compareAndSet(null, candidate)) {
                FramesFailedException winner = first.get();
                if (winner != UNRECORDED
                        && failure != winner.getCause()
                        && !(failure instanceof InterruptedException)) { // a provider may rethrow one instance
                    winner.getCause().addSuppressed(failure);
                }
            }
        } catch (Throwable recordFailed) { // an OutOfMemoryError allocating the record or the suppressed list
            first.compareAndSet(null, UNRECORDED);
        }
    }

    private static FramesFailedException newRecord(int frameIndex, Throwable failure) {
        if (failure == testOnlyUnrecordable) {
            throw new OutOfMemoryError("injected: no memory for the failure's record");
        }
        return new FramesFailedException(frameIndex, failure);
    }

    /** {@return whether any frame has failed} */
    boolean hasFailed() {
        return first.get() != null;
    }

    /**
     * Throws the first failure if there is one, and {@link #UNRECORDED} if fewer than {@code
     * frameCount} frames succeeded without a failure on record. Call once every subtask has ended.
     */
    void throwUnlessAllSucceeded(int frameCount) throws FramesFailedException {
        FramesFailedException failure = first.get();
        if (failure != null) {
            throw failure;
        }
        if (succeeded.get() != frameCount) {
            throw UNRECORDED;
        }
    }
}
