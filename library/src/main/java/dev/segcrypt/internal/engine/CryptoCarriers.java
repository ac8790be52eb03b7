package dev.segcrypt.internal.engine;

import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.FrameBinding;
import dev.segcrypt.internal.crypto.FrameCipher;
import dev.segcrypt.internal.wire.FrameType;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The crypto carriers: a fixed set of platform threads that run all cipher work, each with its own
 * cipher instances (a JCA {@code Cipher} is not thread-safe and is costly to create).
 *
 * <p>A frame's virtual thread hands its work over with {@link #call(CarrierTask)} and parks until
 * a carrier has done it. The hand-off is the engine's fixed cost per frame (about 10 us when every
 * hand-off wakes a parked thread, ../shared/reference/engine-costs.md), so it is kept cheap: a
 * lock-free queue, and carriers that poll briefly on an empty queue before they park.
 */
public final class CryptoCarriers implements AutoCloseable {

    /** Cipher work that runs on a carrier. */
    @FunctionalInterface
    public interface CarrierTask {
        /** Runs on a carrier thread with that carrier's own cipher instances. */
        void run(Carrier carrier) throws Exception;
    }

    /**
     * Polls of an empty queue before a carrier parks: a few microseconds. Longer spins (2,000 and
     * 20,000 polls) measured slower on 2 cores, where a spinning carrier takes the CPU from the
     * threads that would give it its next frame (docs/design.md).
     */
    private static final int SPINS_BEFORE_PARK = 200;

    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private final Carrier[] carriers;
    private final Provider[] providers; // by Suite ordinal; fixed for the carriers' life
    private volatile boolean closed;

    /**
     * Starts {@code count} carriers.
     *
     * @param providers the JCA provider of each suite, for every suite
     */
    public CryptoCarriers(int count, Map<Suite, Provider> providers) {
        this.providers = new Provider[Suite.values().length];
        for (Suite suite : Suite.values()) {
            this.providers[suite.ordinal()] = providers.get(suite);
        }
        carriers = new Carrier[count];
        for (int i = 0; i < count; i++) {
            carriers[i] = new Carrier();
            carriers[i].thread =
                    Thread.ofPlatform().daemon().name("segcrypt-carrier-" + i).unstarted(carriers[i]::loop);
        }
        for (Carrier carrier : carriers) {
            carrier.thread.start();
        }
    }

    /**
     * Runs {@code task} on a carrier and waits for it. If the caller is interrupted before a
     * carrier took the task, the task is withdrawn; once a carrier runs it, the caller waits for it
     * to end, so the task never touches its buffers after this method returns.
     *
     * @throws InterruptedException if the caller was interrupted (the task was withdrawn or has ended)
     * @throws Exception whatever the task threw
     */
    public void call(CarrierTask task) throws Exception {
        if (closed) {
            throw new AssertionError("segcrypt internal error: carrier hand-off after close");
        }
        Job job = new Job(task, Thread.currentThread());
        queue.offer(job);
        wakeOneParkedCarrier();
        job.await();
    }

    private void wakeOneParkedCarrier() {
        for (Carrier carrier : carriers) {
            if (carrier.parked && carrier.wakeUp()) {
                return;
            }
        }
    }

    /** Stops the carriers once the queue is empty and waits for them to end. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        for (Carrier carrier : carriers) {
            LockSupport.unpark(carrier.thread);
        }
        for (Carrier carrier : carriers) {
            while (carrier.thread.isAlive()) {
                try {
                    carrier.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One carrier thread and the cipher instances only it uses. */
    public final class Carrier {
        private Thread thread; // set once before start
        private volatile boolean parked; // written by this carrier, read by submitters
        // 0 while nobody has woken this parked carrier, 1 once a submitter has: the first submitter
        // to win the CAS unparks it, the others look for another parked carrier (one wake-up per
        // job); reset by the carrier right before each wait
        private final AtomicInteger wakeUps = new AtomicInteger();
        // by Suite ordinal, created on first use: an array index per frame, no lookup and no lock
        private final FrameCipher[] ciphers = new FrameCipher[Suite.values().length]; // only this carrier
        private final FrameBinding.Scratch scratch = new FrameBinding.Scratch(); // only this carrier

        /**
         * Starts frame ({@code type}, {@code index}) of the segment bound by {@code binding} on this
         * carrier's cipher for {@code suite}; follow with one seal or open.
         */
        public FrameCipher begin(Suite suite, FrameBinding binding, FrameType type, long index)
                throws GeneralSecurityException {
            FrameCipher cipher = ciphers[suite.ordinal()];
            if (cipher == null) {
                cipher = FrameCipher.create(providers[suite.ordinal()], suite);
                ciphers[suite.ordinal()] = cipher;
            }
            return binding.begin(cipher, type, index, scratch);
        }

        private boolean wakeUp() {
            if (wakeUps.compareAndSet(0, 1)) {
                LockSupport.unpark(thread);
                return true;
            }
            return false;
        }

        private void loop() {
            while (true) {
                Job job = poll();
                if (job != null) {
                    job.runOn(this);
                    continue;
                }
                if (closed) {
                    for (FrameCipher cipher : ciphers) {
                        if (cipher != null) {
                            cipher.clear();
                        }
                    }
                    return;
                }
                // reset before announcing, not after waking: a submitter that saw this carrier
                // parked may win the CAS late, while it runs; if the task then parks (a provider
                // waiting on a lock), it consumes that unpark, and a count left at 1 would make
                // every later submitter skip this carrier while it waits for good
                wakeUps.set(0);
                parked = true;
                if (queue.isEmpty() && !closed) { // re-check after announcing: no lost wake-up
                    LockSupport.park(this);
                }
                parked = false;
            }
        }

        private Job poll() {
            for (int spin = 0; spin < SPINS_BEFORE_PARK; spin++) {
                Job job = queue.poll();
                if (job != null) {
                    return job;
                }
                Thread.onSpinWait();
            }
            return null;
        }
    }

    /** A task handed to the carriers, and the thread waiting for it. */
    private static final class Job {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int WITHDRAWN = 3;

        private final CarrierTask task;
        private final Thread waiter;
        private final AtomicInteger state = new AtomicInteger(QUEUED); // waiter and carrier race on it
        private Throwable failure; // written by the carrier before state becomes DONE

        Job(CarrierTask task, Thread waiter) {
            this.task = task;
            this.waiter = waiter;
        }

        void runOn(Carrier carrier) {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // withdrawn by an interrupted waiter
            }
            try {
                task.run(carrier);
            } catch (Throwable t) {
                failure = t;
            }
            state.set(DONE);
            LockSupport.unpark(waiter);
        }

        void await() throws Exception {
            boolean interrupted = false;
            while (state.get() != DONE) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (state.compareAndSet(QUEUED, WITHDRAWN)) {
                        throw new InterruptedException();
                    }
                    interrupted = true; // running: wait for it to end before anyone reuses its buffers
                }
            }
            if (failure != null) {
                if (interrupted) {
                    Thread.currentThread().interrupt(); // the failure wins; the cancellation still stands
                }
                if (failure instanceof Exception e) {
                    throw e;
                } else if (failure instanceof Error e) {
                    throw e;
                }
                throw new AssertionError("segcrypt internal error: unexpected throwable", failure);
            }
            if (interrupted) {
                throw new InterruptedException(); // the exception carries the interrupt; the flag stays clear
            }
        }
    }
}
