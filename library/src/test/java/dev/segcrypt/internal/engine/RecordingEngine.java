package dev.segcrypt.internal.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine this JVM picks, recording the virtual thread of every frame it runs. */
final class RecordingEngine implements Engine {
    private final Engine delegate = Engines.best();
    final Set<Thread> frameThreads = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch framesStarted = new CountDownLatch(0);
    volatile CountDownLatch framesCancelled = new CountDownLatch(0);
    final AtomicInteger framesSucceeded = new AtomicInteger();

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
                    try {
                        work.run(frameIndex);
                        framesSucceeded.incrementAndGet();
                    } catch (InterruptedException e) {
                        framesCancelled.countDown();
                        throw e;
                    }
                },
                limit);
    }
}
