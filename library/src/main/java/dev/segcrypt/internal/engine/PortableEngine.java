package dev.segcrypt.internal.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine for JVMs without the JDK 25 preview API: the same semantics as {@code
 * StructuredEngine} from a thread-per-task executor of virtual threads that lives for one segment.
 * {@link ExecutorService#close()} waits for every subtask, so no frame work outlives the call.
 */
final class PortableEngine implements Engine {

    private static final ThreadFactory FRAME_THREADS =
            Thread.ofVirtual().name("segcrypt-frame-", 0).factory();

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public void runFrames(int frameCount, FrameWork work, InFlightLimit limit)
            throws FramesFailedException, InterruptedException {
        FrameFailures failures = new FrameFailures();
        Thread owner = Thread.currentThread();
        AtomicInteger unfinished = new AtomicInteger(); // owner adds before a fork, each subtask subtracts at its end
        ExecutorService subtasks = Executors.newThreadPerTaskExecutor(FRAME_THREADS);
        boolean cancel = true;
        try {
            for (int i = 0; i < frameCount && !failures.hasFailed(); i++) {
                limit.acquire();
                if (failures.hasFailed()) { // a frame failed while this thread waited for the permit
                    limit.release(1);
                    break;
                }
                int frameIndex = i;
                unfinished.incrementAndGet();
                try {
                    subtasks.execute(() -> {
                        try {
                            work.run(frameIndex);
                            failures.succeeded();
                        } catch (Throwable failure) {
                            failures.record(frameIndex, failure);
                        } finally {
                            limit.release(1);
                            if (unfinished.decrementAndGet() == 0 || failures.hasFailed()) {
                                LockSupport.unpark(owner);
                            }
                        }
                    });
                } catch (Throwable notStarted) { // e.g. no memory for a new thread: undo this fork
                    unfinished.decrementAndGet();
                    limit.release(1);
                    throw notStarted;
                }
            }
            while (unfinished.get() > 0 && !failures.hasFailed()) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            cancel = failures.hasFailed();
        } finally {
            if (cancel) {
                subtasks.shutdownNow(); // interrupts the subtasks still running
            }
            subtasks.close(); // waits for all of them
        }
        failures.throwUnlessAllSucceeded(frameCount);
    }
}
