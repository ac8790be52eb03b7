package dev.segcrypt.internal.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine this JVM picks, recording the virtual thread of every frame it runs and the most
 * frames whose work ran at once (counted apart from the semaphore's own gauge).
 */
final class RecordingEngine implements Engine {
    private final Engine delegate = Engines.best();
    final Set<Thread> frameThreads = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch framesStarted = new CountDownLatch(0);
    volatile CountDownLatch framesCancelled = new CountDownLatch(0);
    final AtomicInteger framesSucceeded = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    final AtomicInteger peakRunning = new AtomicInteger();

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void runFrames(int frameCount, FrameWork work, InFlightLimit limit)
            throws FramesFailedException, InterruptedException {
        delegate.runFrames(
                frameCount,
                frameIndex -> {
                    frameThreads.add(Thread.currentThread());
                    framesStarted.countDown();
                    peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        work.run(frameIndex);
                        framesSucceeded.incrementAndGet();
                    } catch (InterruptedException e) {
                        framesCancelled.countDown();
                        throw e;
                    } finally {
                        running.decrementAndGet();
                    }
                },
                limit);
    }
}
