package dev.segcrypt.internal.engine;

import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine on JDK 25 with {@code --enable-preview}: each segment opens a {@link
 * StructuredTaskScope} (JEP 505) and forks one subtask per frame on a virtual thread.
 *
 * <p>The only class that names the preview API. It is compiled alone with {@code --release 25
 * --enable-preview} and loaded by name by {@link Engines}; elsewhere the JVM refuses it and {@link
 * PortableEngine} runs instead.
 *
 * <p>Notable differences from a plain scope: failures are also recorded by {@link FrameFailures},
 * because the scope drops those that arrive after cancellation; successes are counted there too,
 * and the segment passes only if every frame succeeded (a subtask whose failure could not even be
 * recorded still fails it); and a subtask forked after the scope was cancelled never runs, so its
 * permit is given back here after the join.
 */
@SuppressWarnings("preview")
final class StructuredEngine implements Engine {

    private static final ThreadFactory FRAME_THREADS =
            Thread.ofVirtual().name("segcrypt-frame-", 0).factory();

    @Override
    public String name() {
        return "structured";
    }

    @Override
    public void runFrames(int frameCount, FrameWork work, InFlightLimit limit)
            throws FramesFailedException, InterruptedException {
        FrameFailures failures = new FrameFailures();
        AtomicInteger released = new AtomicInteger(); // by subtasks; read by the owner after join
        int acquired = 0; // only accessed by the owner
        boolean interrupted = false; // only accessed by the owner
        try (var scope = StructuredTaskScope.open(
                StructuredTaskScope.Joiner.<Void>awaitAllSuccessfulOrThrow(),
                config -> config.withThreadFactory(FRAME_THREADS))) {
            for (int i = 0; i < frameCount && !scope.isCancelled(); i++) {
                try {
                    limit.acquire();
                } catch (InterruptedException e) {
                    // join() must still run (close() after fork without join throws); it throws at once
                    // when subtasks remain, but returns normally when none does: so remember the
                    // interrupt and throw after the join in that case too
                    Thread.currentThread().interrupt();
                    interrupted = true;
                    break;
                }
                acquired++;
                if (scope.isCancelled()) { // a frame failed while this thread waited for the permit
                    break;
                }
                int frameIndex = i;
                scope.fork(() -> {
                    try {
                        work.run(frameIndex);
                        failures.succeeded();
                        return null;
                    } catch (Throwable failure) {
                        failures.record(frameIndex, failure);
                        throw failure;
                    } finally {
                        released.incrementAndGet();
                        limit.release(1);
                    }
                });
            }
            scope.join();
            if (interrupted) {
                Thread.interrupted(); // consumed by the exception below
                throw new InterruptedException();
            }
        } catch (StructuredTaskScope.FailedException e) {
            // already recorded by the failing subtask, with its index
        } finally {
            limit.release(acquired - released.get());
        }
        failures.throwUnlessAllSucceeded(frameCount);
    }
}
