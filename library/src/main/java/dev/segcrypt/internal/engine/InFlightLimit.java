package dev.segcrypt.internal.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on frames in flight, shared by every caller of one cipher: the backpressure of the
 * reference design's bounded channel. A {@link Semaphore}, plus a gauge of the highest number of
 * permits ever held at once, so tests can check the bound is kept.
 */
public final class InFlightLimit {

    private final int permits;
    private final Semaphore semaphore;
    private final AtomicInteger inFlight = new AtomicInteger(); // updated by owners and subtasks
    private final AtomicInteger peak = new AtomicInteger();

    public InFlightLimit(int permits) {
        this.permits = permits;
        this.semaphore = new Semaphore(permits);
    }

    /** Takes one permit, waiting if all are held. */
    public void acquire() throws InterruptedException {
        semaphore.acquire();
        int now = inFlight.incrementAndGet();
        int seen;
        while (now > (seen = peak.get()) && !peak.compareAndSet(seen, now)) {
            // another thread raised the peak; re-check against it
        }
    }

    /** Gives back {@code count} permits. */
    public void release(int count) {
        if (count > 0) {
            inFlight.addAndGet(-count);
            semaphore.release(count);
        }
    }

    /** {@return the configured bound} */
    public int permits() {
        return permits;
    }

    /** {@return the highest number of permits held at once so far} */
    public int peak() {
        return peak.get();
    }

    /** {@return the number of permits available now} */
    public int available() {
        return semaphore.availablePermits();
    }
}
