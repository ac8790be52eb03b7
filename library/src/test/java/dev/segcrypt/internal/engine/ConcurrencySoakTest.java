package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many callers on one cipher, checked byte for byte, with tampered inputs, random interrupts and
 * {@code close()} from many threads, with the engine this JVM picks (each Surefire execution
 * covers its engine). Every call must end in the right plaintext, a rejection of a tampered input
 * ({@link InvalidCiphertextException}), an {@link InterruptedException}, or, once the cipher is
 * closing, an {@link EngineClosedException}; afterwards no frame work may still run, every permit
 * must be back and, once closed, no carrier thread may be alive.
 *
 * <p>The soak runs {@value #DEFAULT_SOAK_SECONDS} seconds; {@code -Dsegcrypt.soak.seconds=600}
 * runs it longer. Each test prints one summary line with its counts. The duration only decides
 * how much is tried, never whether the test passes.
 */
class ConcurrencySoakTest {

    static final int DEFAULT_SOAK_SECONDS = 3;
    private static final long SOAK_SECONDS = Long.getLong("segcrypt.soak.seconds", DEFAULT_SOAK_SECONDS);
    private static final int F = 256;
    private static final int MAX_FRAMES = 48;
    private static final int PERMITS = 16;
    private static final int CARRIERS = 2;
    private static final int POOL = 32;
    private static final Duration HANG_GUARD = Duration.ofSeconds(SOAK_SECONDS + 60);

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final List<byte[]> PLAINTEXTS = new ArrayList<>(); // made by a healthy cipher, read-only
    private static final List<byte[]> WIRES = new ArrayList<>();

    @BeforeAll
    static void encryptAPoolWithAHealthyCipher() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        try (DefaultSegmentCipher healthy = DefaultSegmentCipher.create(KEY, options())) {
            for (int i = 0; i < POOL; i++) {
                byte[] plaintext = randomBytes(random, random.nextInt(MAX_FRAMES * F + 1));
                PLAINTEXTS.add(plaintext);
                WIRES.add(healthy.encrypt(plaintext));
            }
        }
    }

    @AfterAll
    static void forgetThePool() {
        PLAINTEXTS.clear();
        WIRES.clear();
    }

    private static Options options() {
        return Options.defaults().withFrameSize(F).withCarriers(CARRIERS).withMaxFramesInFlight(PERMITS);
    }

    @Test
    void soak_64CallersWithTamperingAndInterrupts_noWrongOutputNothingLeft() throws Exception {
        // given
        Counts counts = new Counts();
        CountingEngine engine = new CountingEngine();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, FrameHook.NONE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOAK_SECONDS);
        long seed = System.nanoTime();

        // when: 64 callers, half on platform and half on virtual threads, and one interrupter
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            Runnable loop = () -> {
                while (System.nanoTime() < deadline) {
                    call(cipher, random, counts);
                }
            };
            callers.add(
                    i % 2 == 0
                            ? Thread.ofPlatform().start(loop)
                            : Thread.ofVirtual().start(loop));
        }
        Thread interrupter = startInterrupter(callers, () -> System.nanoTime() < deadline, seed, counts);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (Thread caller : callers) {
                caller.join();
            }
            interrupter.join();
        });

        // then
        assertThat(engine.running)
                .as("frame work still running after every call returned")
                .isEmpty();
        assertThat(cipher.inFlightLimit().available()).isEqualTo(PERMITS);
        cipher.close();
        long leaked = leakedThreads(before);
        counts.print("soak", engine.name(), callers.size(), leaked);
        assertThat(counts.unexpected.get())
                .as("first unexpected outcome: %s", counts.firstUnexpected)
                .isZero();
        assertThat(counts.wrongOutputs.get()).isZero();
        assertThat(leaked).isZero();
        assertThat(counts.checkedBytes.get()).isPositive();
        assertThat(counts.rejections.get()).isPositive();
    }

    @Test
    void closeAndInterruptsFromManyThreads_racingWithCalls_noWrongOutputNothingLeft() throws Exception {
        Counts counts = new Counts();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOAK_SECONDS);
        long seed = System.nanoTime();
        int rounds = 0;
        long leaked = 0;
        String engineName = null;
        do {
            // given: a cipher with 16 callers that run until it is closed
            rounds++;
            CountingEngine engine = new CountingEngine();
            engineName = engine.name();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, FrameHook.NONE);
            AtomicBoolean closedSeen = new AtomicBoolean();
            long callsAtStart = counts.calls.get();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                SplittableRandom random = new SplittableRandom(seed + 100L * rounds + i);
                Runnable loop = () -> {
                    while (call(cipher, random, counts)) {}
                    closedSeen.set(true);
                };
                callers.add(
                        i % 2 == 0
                                ? Thread.ofPlatform().start(loop)
                                : Thread.ofVirtual().start(loop));
            }

            // when: once the callers are busy, 8 threads close the cipher at once while interrupts fly
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            List<Throwable> closeFailures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                closers.add(Thread.ofPlatform().start(() -> {
                    try {
                        awaitUninterruptibly(go); // the interrupter interrupts closers too
                        cipher.close();
                    } catch (Throwable t) {
                        synchronized (closeFailures) {
                            closeFailures.add(t);
                        }
                    }
                }));
            }
            List<Thread> targets = new ArrayList<>(callers);
            targets.addAll(closers);
            AtomicBoolean interrupting = new AtomicBoolean(true);
            Thread interrupter = startInterrupter(targets, interrupting::get, seed + rounds, counts);
            SplittableRandom random = new SplittableRandom(seed - rounds);
            long warmUpCalls = random.nextInt(1, 200);
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                while (counts.calls.get() - callsAtStart < warmUpCalls) {
                    Thread.onSpinWait();
                }
                go.countDown();
                for (Thread closer : closers) {
                    closer.join();
                }
                for (Thread caller : callers) {
                    caller.join();
                }
                interrupting.set(false);
                interrupter.join();
            });

            // then
            assertThat(closeFailures).as("close() threw").isEmpty();
            assertThat(closedSeen).isTrue();
            assertThat(engine.running)
                    .as("frame work still running after close()")
                    .isEmpty();
            assertThat(cipher.inFlightLimit().available()).isEqualTo(PERMITS);
            leaked += leakedThreads(before);
        } while (System.nanoTime() < deadline);
        counts.print("close-race (" + rounds + " ciphers closed by 8 threads each)", engineName, 16, leaked);
        assertThat(counts.unexpected.get())
                .as("first unexpected outcome: %s", counts.firstUnexpected)
                .isZero();
        assertThat(counts.wrongOutputs.get()).isZero();
        assertThat(leaked).isZero();
    }

    /**
     * Makes one random call and checks its outcome; {@return false once the cipher is closed}
     * Four in ten calls encrypt and decrypt new data, four decrypt from the pool, two decrypt a
     * pool segment with one bit flipped.
     */
    private static boolean call(DefaultSegmentCipher cipher, SplittableRandom random, Counts counts) {
        int kind = random.nextInt(10);
        int entry = random.nextInt(POOL);
        boolean tampered = kind >= 8;
        byte[] expected;
        try {
            counts.calls.incrementAndGet();
            byte[] actual;
            if (kind < 4) {
                expected = randomBytes(random, random.nextInt(MAX_FRAMES * F + 1));
                actual = cipher.decrypt(cipher.encrypt(expected));
            } else {
                expected = PLAINTEXTS.get(entry);
                byte[] wire = WIRES.get(entry);
                if (tampered) {
                    wire = wire.clone();
                    int bit = random.nextInt(wire.length * 8);
                    wire[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                actual = cipher.decrypt(wire);
            }
            if (tampered || !Arrays.equals(actual, expected)) {
                counts.wrongOutputs.incrementAndGet();
            } else {
                counts.checkedBytes.addAndGet(expected.length);
            }
        } catch (InvalidCiphertextException e) {
            if (tampered) {
                counts.rejections.incrementAndGet();
            } else {
                counts.unexpected(e);
            }
        } catch (InterruptedException e) {
            counts.interrupted.incrementAndGet();
        } catch (EngineClosedException e) {
            return false;
        } catch (Throwable t) {
            counts.unexpected(t);
        } finally {
            Thread.interrupted(); // an interrupt that came after the call ended is not for the next one
        }
        return true;
    }

    /** Interrupts a random target about every 50 us while {@code running} says so. */
    private static Thread startInterrupter(
            List<Thread> targets, java.util.function.BooleanSupplier running, long seed, Counts counts) {
        return Thread.ofPlatform().name("interrupter").start(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            while (running.getAsBoolean()) {
                targets.get(random.nextInt(targets.size())).interrupt();
                counts.interruptsSent.incrementAndGet();
                LockSupport.parkNanos(random.nextLong(1, 100_000));
            }
        });
    }

    /** segcrypt's platform threads started since {@code before} and still alive after a grace period. */
    private static long leakedThreads(Set<Thread> before) throws InterruptedException {
        long leaked = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread)
                    && thread.getName().startsWith("segcrypt-")
                    && !thread.join(Duration.ofSeconds(20))) {
                leaked++;
            }
        }
        return leaked;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the interrupt is meant for close(), which must cope with it
            }
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** What the calls did. */
    private static final class Counts {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong checkedBytes = new AtomicLong();
        final AtomicLong rejections = new AtomicLong();
        final AtomicLong interrupted = new AtomicLong();
        final AtomicLong interruptsSent = new AtomicLong();
        final AtomicLong wrongOutputs = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        volatile Throwable firstUnexpected;

        void unexpected(Throwable t) {
            if (unexpected.getAndIncrement() == 0) {
                firstUnexpected = t;
            }
        }

        void print(String test, String engine, int callers, long leakedThreads) {
            System.out.printf(
                    "segcrypt %s: engine=%s seconds=%d callers=%d calls=%d bytesChecked=%d rejections=%d"
                            + " interruptsSent=%d callsInterrupted=%d wrongOutputs=%d unexpected=%d leakedThreads=%d%n",
                    test,
                    engine,
                    SOAK_SECONDS,
                    callers,
                    calls.get(),
                    checkedBytes.get(),
                    rejections.get(),
                    interruptsSent.get(),
                    interrupted.get(),
                    wrongOutputs.get(),
                    unexpected.get(),
                    leakedThreads);
        }
    }

    /**
     * The engine this JVM picks, keeping only the threads whose frame work is running: unlike {@link
     * RecordingEngine}, it keeps no thread after its frame, which a soak of millions of frames needs.
     */
    private static final class CountingEngine implements Engine {
        private final Engine delegate = Engines.best();
        final Set<Thread> running = ConcurrentHashMap.newKeySet();

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
                        running.add(Thread.currentThread());
                        try {
                            work.run(frameIndex);
                        } finally {
                            running.remove(Thread.currentThread());
                        }
                    },
                    limit);
        }
    }
}
