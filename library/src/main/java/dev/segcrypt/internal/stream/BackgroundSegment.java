package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.SegmentPosition;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One segment of a stream encrypted on a virtual thread of its own, so that its producer fills the
 * next segment's plaintext meanwhile (the producer's memory copy then overlaps the carriers' work,
 * and the segment's fixed cost is paid from a virtual thread, the cheaper side of the hand-offs).
 * The producer waits for it with {@link #await()} before it starts the next one, which keeps the
 * segments in order and at most one of them in the background.
 */
final class BackgroundSegment {

    private final long index;
    private final byte[] wire;
    private final FutureTask<Integer> task;
    private final Thread thread;

    private BackgroundSegment(long index, byte[] wire, FutureTask<Integer> task, Thread thread) {
        this.index = index;
        this.wire = wire;
        this.task = task;
        this.thread = thread;
    }

    /**
     * Starts encrypting {@code plaintext[offset, offset + length)} as the segment at {@code
     * position} into {@code wire}. Neither array may be touched until {@link #await()} or {@link
     * #cancel()} returns.
     */
    static BackgroundSegment start(
            StreamEncoder encoder, SegmentPosition position, byte[] plaintext, int offset, int length, byte[] wire) {
        FutureTask<Integer> task = new FutureTask<>(() -> encoder.encrypt(position, plaintext, offset, length, wire));
        Thread thread = Thread.ofVirtual().name("segcrypt-stream-segment").start(task);
        return new BackgroundSegment(position.segmentIndex(), wire, task, thread);
    }

    /** {@return the segment's index in its stream} */
    long index() {
        return index;
    }

    /** {@return the wire buffer this segment is encrypted into} */
    byte[] wire() {
        return wire;
    }

    /**
     * Waits for the segment and returns its wire length. Its failure is rethrown as it was thrown
     * (an unchecked exception or an {@link InterruptedException} from the engine).
     */
    int await() throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case InterruptedException i -> throw i;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new AssertionError("segcrypt internal error: unexpected failure", e.getCause());
            }
        }
    }

    /**
     * Interrupts the segment's thread and waits until the segment no longer reads its plaintext,
     * even when the caller is interrupted meanwhile (its interrupt status is kept).
     */
    void cancel() {
        task.cancel(true);
        Threads.awaitEnd(thread); // a cancelled task's get() returns at once: wait for its thread
    }
}
