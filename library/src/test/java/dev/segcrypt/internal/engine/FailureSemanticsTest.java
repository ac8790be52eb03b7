package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.internal.wire.FrameType;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.security.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failure semantics of the segment engine (reliability.md P11, P12; C1, C4, C5, C7), with the
 * engine this JVM picks ({@link Engines#best()}), so each Surefire execution covers its engine.
 *
 * <p>Faults are injected through {@link FrameHook}, which runs on the crypto carrier right before
 * a frame's cipher call. Every cipher here runs through a {@link RecordingEngine}, which records
 * the virtual thread of every frame, so each test can check that no frame thread outlives the
 * call. {@code assertTimeoutPreemptively} is only a hang guard, never a timing assertion.
 */
class FailureSemanticsTest {

    private static final int F = 64;
    private static final int FRAMES = 2000;
    private static final int PERMITS = 4;
    private static final int CARRIERS = 2;
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    /** How long a frame thread may take to finish unwinding after the call returned. */
    private static final Duration UNWIND_GRACE = Duration.ofSeconds(20);

    private static final String FRAME_THREAD_PREFIX = "segcrypt-frame-";

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final byte[] PLAINTEXT = randomBytes(F * FRAMES, 1);
    private static DefaultSegmentCipher healthy;
    private static byte[] wire; // PLAINTEXT encrypted by the healthy cipher

    @BeforeAll
    static void encryptWithAHealthyCipher() throws Exception {
        healthy = DefaultSegmentCipher.create(KEY, options());
        wire = healthy.encrypt(PLAINTEXT);
    }

    @AfterAll
    static void closeHealthyCipher() {
        healthy.close();
    }

    private static Options options() {
        return Options.defaults().withFrameSize(F).withCarriers(CARRIERS).withMaxFramesInFlight(PERMITS);
    }

    /** The two operations, each run on {@link #PLAINTEXT} or its {@link #wire}. */
    enum Operation {
        ENCRYPT,
        DECRYPT;

        byte[] run(DefaultSegmentCipher cipher) throws Exception {
            return this == ENCRYPT ? cipher.encrypt(PLAINTEXT) : cipher.decrypt(wire);
        }
    }

    // ---- a failing provider (C5) and an Error (C4) -------------------------------------------

    static Stream<Arguments> failingFrames() {
        return Stream.of(Operation.values())
                .flatMap(operation -> Stream.of(
                        Arguments.of(operation, FrameType.DATA, 0),
                        Arguments.of(operation, FrameType.DATA, FRAMES / 2),
                        Arguments.of(operation, FrameType.DATA, FRAMES - 1),
                        Arguments.of(operation, FrameType.DIGEST, FRAMES),
                        Arguments.of(operation, FrameType.TERMINATOR, FRAMES + 1)));
    }

    @ParameterizedTest(name = "{0}, {1} frame {2}")
    @MethodSource("failingFrames")
    void operation_providerFailsOnOneFrame_throwsProviderExceptionNamingTheFrame(
            Operation operation, FrameType type, int index) throws Exception {
        // given
        ProviderException injected = new ProviderException("injected");
        RecordingEngine engine = new RecordingEngine();
        try (DefaultSegmentCipher failing = DefaultSegmentCipher.testOnlyCreate(
                KEY, options(), engine, (t, i) -> failOn(t, i, type, index, injected))) {

            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> operation.run(failing)));

            // then
            assertThat(thrown)
                    .isExactlyInstanceOf(ProviderException.class)
                    .hasMessageContaining(
                            type == FrameType.DATA ? "data frame " + index + ":" : "the digest or terminator frame")
                    .hasCause(injected);
            assertThat(thrown.getCause()).isSameAs(injected);
            assertAllPermitsBack(failing);
            assertNoFrameThreadAlive(engine);
            // the cipher is still usable
            assertThat(failing.decrypt(failing.encrypt(new byte[0]))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}, {1} frame {2}")
    @MethodSource("failingFrames")
    void operation_errorOnOneFrame_surfacesAsThatError(Operation operation, FrameType type, int index)
            throws Exception {
        // given
        OutOfMemoryError injected = new OutOfMemoryError("injected");
        RecordingEngine engine = new RecordingEngine();
        try (DefaultSegmentCipher failing = DefaultSegmentCipher.testOnlyCreate(
                KEY, options(), engine, (t, i) -> failOn(t, i, type, index, injected))) {

            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> operation.run(failing)));

            // then: the Error itself, never classed as bad ciphertext or wrapped
            assertThat(thrown).isSameAs(injected).isNotInstanceOf(InvalidCiphertextException.class);
            assertAllPermitsBack(failing);
            assertNoFrameThreadAlive(engine);
        }
    }

    private static void failOn(FrameType type, int index, FrameType failingType, int failingIndex, Throwable failure)
            throws Exception {
        if (type == failingType && index == failingIndex) {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    // ---- a failure whose record cannot be allocated: success is proven, not assumed ---------

    @Test
    void runFrames_failureWhoseRecordCannotBeAllocated_stillFails() throws Exception {
        // given: the only frame fails, and recording its failure throws OutOfMemoryError
        Engine engine = Engines.best();
        InFlightLimit limit = new InFlightLimit(PERMITS);
        ProviderException unrecordable = new ProviderException("injected; its record finds the heap full");
        Engine.FrameWork work = frameIndex -> {
            throw unrecordable;
        };
        FrameFailures.testOnlyUnrecordable = unrecordable;
        try {
            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> engine.runFrames(1, work, limit)));

            // then
            assertThat(thrown)
                    .as("the frame failed, so runFrames must throw")
                    .isInstanceOf(FramesFailedException.class);
            assertThat(thrown.getCause()).isInstanceOf(FrameFailures.UnrecordedFailure.class);
        } finally {
            FrameFailures.testOnlyUnrecordable = null;
        }
        assertThat(limit.available()).isEqualTo(PERMITS);
    }

    /**
     * The last data frame fails once every other frame has succeeded, so no sibling is left to be
     * cancelled (whose interrupt would be recorded instead), and recording its failure throws.
     */
    @ParameterizedTest
    @EnumSource(Operation.class)
    void operation_lastFrameFailsAndItsRecordCannotBeAllocated_throwsThatNoRecordWasPossible(Operation operation)
            throws Exception {
        // given
        ProviderException unrecordable = new ProviderException("injected; its record finds the heap full");
        RecordingEngine engine = new RecordingEngine();
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA && index == FRAMES - 1) {
                while (engine.framesSucceeded.get() < FRAMES - 1) {
                    LockSupport.parkNanos(100_000); // polls a condition; the hang guard bounds it
                }
                throw unrecordable;
            }
        };
        FrameFailures.testOnlyUnrecordable = unrecordable;
        try (DefaultSegmentCipher failing = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, hook)) {

            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> operation.run(failing)));

            // then: never a segment with a zero-filled frame
            assertThat(thrown)
                    .as("a frame failed, yet the call returned normally")
                    .isInstanceOf(FrameFailures.UnrecordedFailure.class);
            assertAllPermitsBack(failing);
            assertNoFrameThreadAlive(engine);
        } finally {
            FrameFailures.testOnlyUnrecordable = null;
        }
    }

    // ---- several frames fail: the first wins, the others are suppressed (P12) ----------------

    @Test
    void runFrames_twoFramesFail_throwsTheFirstWithTheOtherSuppressed() throws Exception {
        // given: frames 0 and 1 fail only once both are failing; the others block until cancelled
        Engine engine = Engines.best();
        InFlightLimit limit = new InFlightLimit(8);
        CountDownLatch bothFailing = new CountDownLatch(2);
        Set<Thread> frameThreads = ConcurrentHashMap.newKeySet();
        Engine.FrameWork work = frameIndex -> {
            frameThreads.add(Thread.currentThread());
            if (frameIndex < 2) {
                bothFailing.countDown();
                awaitUninterruptibly(bothFailing); // a cancellation interrupt must not stop the second failure
                throw new IllegalStateException("frame " + frameIndex + " failed");
            }
            new CountDownLatch(1).await(); // until cancelled
        };

        // when
        Throwable thrown =
                assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> engine.runFrames(8, work, limit)));

        // then
        assertThat(thrown).isInstanceOf(FramesFailedException.class);
        int first = ((FramesFailedException) thrown).frameIndex();
        assertThat(first).isIn(0, 1);
        Throwable cause = thrown.getCause();
        assertThat(cause).isExactlyInstanceOf(IllegalStateException.class).hasMessage("frame " + first + " failed");
        assertThat(cause.getSuppressed())
                .as("the other failure is kept; the cancelled siblings' interrupts are not")
                .singleElement()
                .satisfies(other -> assertThat(other)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("frame " + (1 - first) + " failed"));
        assertThat(limit.available()).isEqualTo(8);
        assertNoThreadAlive(frameThreads);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void operation_twoProviderFailures_throwsTheFirstWithTheOtherSuppressed(Operation operation) throws Exception {
        // given: the first two data frames to reach the carriers (one each) fail together
        CountDownLatch bothFailing = new CountDownLatch(2);
        RecordingEngine engine = new RecordingEngine();
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA && index < 2) {
                bothFailing.countDown();
                bothFailing.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                throw new ProviderException("injected at data frame " + index);
            }
        };
        try (DefaultSegmentCipher failing = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, hook)) {

            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> operation.run(failing)));

            // then
            assertThat(thrown).isExactlyInstanceOf(ProviderException.class);
            int first = thrown.getMessage().contains("data frame 0:") ? 0 : 1;
            assertThat(thrown).hasMessageContaining("data frame " + first + ":");
            assertThat(thrown.getCause()).hasMessage("injected at data frame " + first);
            assertThat(thrown.getCause().getSuppressed())
                    .singleElement()
                    .satisfies(other -> assertThat(other).hasMessage("injected at data frame " + (1 - first)));
            assertAllPermitsBack(failing);
            assertNoFrameThreadAlive(engine);
        }
    }

    // ---- caller interrupt (C1) ---------------------------------------------------------------

    /**
     * Both carriers block in the hook on the first two data frames; the next forked frames wait
     * in the carriers' queue and the owner waits for a permit. The caller is interrupted, and the
     * hook is released only once the cancellation reached a frame, so the call cannot have ended
     * by itself.
     */
    @ParameterizedTest
    @EnumSource(Operation.class)
    void operation_callerInterrupted_throwsInterruptedExceptionAfterEveryFrameStopped(Operation operation)
            throws Exception {
        // given
        CountDownLatch carriersBlocked = new CountDownLatch(CARRIERS);
        CountDownLatch release = new CountDownLatch(1);
        RecordingEngine engine = new RecordingEngine();
        engine.framesStarted = new CountDownLatch(PERMITS);
        engine.framesCancelled = new CountDownLatch(1);
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA) {
                carriersBlocked.countDown();
                release.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            }
        };
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, hook)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            try {
                Thread caller =
                        Thread.ofPlatform().name("caller").start(() -> outcome.set(outcomeOf(operation, cipher)));

                // when
                assertTimeoutPreemptively(HANG_GUARD, () -> {
                    carriersBlocked.await();
                    engine.framesStarted.await(); // every permit is held by a started frame
                    caller.interrupt();
                    engine.framesCancelled.await(); // a queued frame saw the cancellation
                    release.countDown();
                    caller.join();
                });
            } finally {
                release.countDown(); // before close(), which waits for the call
            }

            // then
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertAllPermitsBack(cipher);
            assertNoFrameThreadAlive(engine);
        }
    }

    /**
     * The caller waits for a permit that another caller's blocked frame holds, and has no frame of
     * its own in flight. Interrupted there, it must throw, never return plaintext: here a data
     * frame was modified (its tag kept, so the terminator and digest still verify), so returning
     * anything means unverified output was released.
     */
    @Test
    void decrypt_callerInterruptedWhileWaitingForAPermit_throwsInterruptedException() throws Exception {
        // given: one permit, held by caller A's frame blocked in the hook
        byte[] tampered = healthy.encrypt(randomBytes(2 * F, 2));
        tampered[(int) new SegmentLayout(F, 2 * F).dataFrameOffset(1)] ^= 1; // ciphertext of D1, not its tag
        CountDownLatch aBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA) { // only A reaches a data frame
                aBlocked.countDown();
                release.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            }
        };
        RecordingEngine engine = new RecordingEngine();
        try (DefaultSegmentCipher cipher =
                DefaultSegmentCipher.testOnlyCreate(KEY, options().withMaxFramesInFlight(1), engine, hook)) {
            AtomicReference<Object> a = new AtomicReference<>();
            AtomicReference<Object> b = new AtomicReference<>();
            Thread callerB;
            try {
                Thread callerA =
                        Thread.ofPlatform().name("caller-a").start(() -> a.set(outcomeOf(Operation.ENCRYPT, cipher)));

                // when
                callerB = assertTimeoutPreemptively(HANG_GUARD, () -> {
                    aBlocked.await();
                    // a virtual caller owns its segment itself (a platform caller's loop runs on a virtual
                    // owner thread), so it is this thread that blocks for the permit
                    Thread started = Thread.ofVirtual().name("caller-b").start(() -> {
                        try {
                            b.set(cipher.decrypt(tampered));
                        } catch (Throwable t) {
                            b.set(t);
                        }
                    });
                    awaitBlockedIn(started, InFlightLimit.class, "acquire");
                    started.interrupt();
                    started.join();
                    return started;
                });
                release.countDown();
                assertTimeoutPreemptively(HANG_GUARD, () -> callerA.join());
            } finally {
                release.countDown(); // before close(), which waits for the calls
            }

            // then
            assertThat(callerB.isAlive()).isFalse();
            assertThat(b.get())
                    .as(
                            "decrypt interrupted while waiting for a permit returned %s",
                            b.get() instanceof byte[] bytes
                                    ? bytes.length + " bytes, all zero: " + isAllZero(bytes)
                                    : b.get())
                    .isInstanceOf(InterruptedException.class);
            assertThat(a.get()).as("caller A completes normally").isInstanceOf(byte[].class);
            assertAllPermitsBack(cipher);
            assertNoFrameThreadAlive(engine);
        }
    }

    @Test
    void runFrames_ownerInterruptedWhileWaitingForAPermit_throwsInterruptedException() throws Exception {
        // given: the only permit is held by someone else, so the owner waits before its first fork
        Engine engine = Engines.best();
        InFlightLimit limit = new InFlightLimit(1);
        limit.acquire();
        AtomicInteger framesRun = new AtomicInteger();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread owner = Thread.ofPlatform().name("owner").start(() -> {
            try {
                engine.runFrames(10, frameIndex -> framesRun.incrementAndGet(), limit);
                outcome.set("returned normally");
            } catch (Throwable t) {
                outcome.set(t);
            }
        });

        // when
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            awaitBlockedIn(owner, InFlightLimit.class, "acquire");
            owner.interrupt();
            owner.join();
        });
        limit.release(1);

        // then
        assertThat(outcome.get())
                .as("after running %d of 10 frames", framesRun.get())
                .isInstanceOf(InterruptedException.class);
        assertThat(limit.available()).isEqualTo(1);
    }

    // ---- closed cipher ----------------------------------------------------------------------

    @Test
    void encryptAndDecrypt_afterClose_throwEngineClosed() {
        // given
        DefaultSegmentCipher cipher =
                DefaultSegmentCipher.testOnlyCreate(KEY, options(), new RecordingEngine(), FrameHook.NONE);

        // when
        cipher.close();

        // then
        assertThatThrownBy(() -> cipher.encrypt(new byte[1])).isExactlyInstanceOf(EngineClosedException.class);
        assertThatThrownBy(() -> cipher.decrypt(wire)).isExactlyInstanceOf(EngineClosedException.class);
        assertThat(cipher.toString()).contains("closed=true");
    }

    @Test
    void close_calledAgain_doesNothing() {
        // given
        DefaultSegmentCipher cipher =
                DefaultSegmentCipher.testOnlyCreate(KEY, options(), new RecordingEngine(), FrameHook.NONE);
        cipher.close();

        // when / then
        assertTimeoutPreemptively(HANG_GUARD, cipher::close);
        assertThatThrownBy(() -> cipher.encrypt(new byte[1])).isExactlyInstanceOf(EngineClosedException.class);
    }

    @Test
    void close_duringACall_waitsForTheCallWhichCompletesNormally() throws Exception {
        // given: a call blocked in the hook on data frame 1
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA && index == 1) {
                blocked.countDown();
                release.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            }
        };
        RecordingEngine engine = new RecordingEngine();
        DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, hook);
        AtomicReference<Object> call = new AtomicReference<>();
        AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        try {
            Thread caller =
                    Thread.ofPlatform().name("caller").start(() -> call.set(outcomeOf(Operation.ENCRYPT, cipher)));
            Thread closer = assertTimeoutPreemptively(HANG_GUARD, () -> {
                blocked.await();

                // when
                Thread started = Thread.ofPlatform().name("closer").start(() -> {
                    try {
                        cipher.close();
                    } catch (Throwable t) {
                        closeFailure.set(t);
                    }
                });
                while (!cipher.toString().contains("closed=true")) { // close() has begun
                    Thread.onSpinWait();
                }
                return started;
            });

            // then: close waits for the call, and new calls are refused meanwhile
            assertThat(closer.isAlive())
                    .as("close() returned while a call was in progress")
                    .isTrue();
            assertThatThrownBy(() -> cipher.encrypt(new byte[1])).isExactlyInstanceOf(EngineClosedException.class);
            release.countDown();
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                caller.join();
                closer.join();
            });
            assertThat(closeFailure.get()).isNull();
            assertThat(call.get()).isInstanceOf(byte[].class);
            assertThat(healthy.decrypt((byte[]) call.get())).isEqualTo(PLAINTEXT);
            assertNoFrameThreadAlive(engine);
        } finally {
            release.countDown();
            cipher.close();
        }
    }

    // ---- the in-flight bound and concurrent callers (C7) --------------------------------------

    @Test
    void inFlightLimit_fourCallersOnOneCipher_isReachedButNeverExceeded() throws Exception {
        // given: the first two data frames wait for each other (one per carrier), so two permits are
        // surely held at once; every frame parks briefly so that callers overlap
        int permits = 3;
        CountDownLatch twoInFlight = new CountDownLatch(2);
        FrameHook hook = (type, index) -> {
            if (type == FrameType.DATA) {
                twoInFlight.countDown();
                twoInFlight.await(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                LockSupport.parkNanos(20_000);
            }
        };
        RecordingEngine engine = new RecordingEngine();
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(
                        KEY, options().withMaxFramesInFlight(permits), engine, hook);
                ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<byte[]> plaintexts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                plaintexts.add(randomBytes(64 * F, 10 + i));
            }
            CountDownLatch start = new CountDownLatch(1);

            // when
            List<Future<byte[]>> results = new ArrayList<>();
            for (byte[] plaintext : plaintexts) {
                results.add(callers.submit(() -> {
                    start.await();
                    return cipher.decrypt(cipher.encrypt(plaintext));
                }));
            }
            start.countDown();

            // then
            for (int i = 0; i < 4; i++) {
                int caller = i;
                assertThat(assertTimeoutPreemptively(
                                HANG_GUARD, () -> results.get(caller).get()))
                        .isEqualTo(plaintexts.get(caller));
            }
            int peak = cipher.inFlightLimit().peak();
            assertThat(peak)
                    .as("measured peak of frames in flight: %d (bound %d)", peak, permits)
                    .isGreaterThan(1)
                    .isLessThanOrEqualTo(permits);
            assertAllPermitsBack(cipher);
            assertNoFrameThreadAlive(engine);
        }
    }

    @Test
    void encryptAndDecrypt_eightThreadsOnOneCipher_allRoundTrip() throws Exception {
        // given
        long seed = System.nanoTime();
        RecordingEngine engine = new RecordingEngine();
        Set<String> salts = ConcurrentHashMap.newKeySet();
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(
                        KEY, options().withMaxFramesInFlight(8), engine, FrameHook.NONE);
                ExecutorService threads = Executors.newFixedThreadPool(8)) {

            // when
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                results.add(threads.submit(() -> {
                    int checked = 0;
                    for (int s = 0; s < 50; s++) {
                        byte[] plaintext = randomBytes(random.nextInt(40 * F + 1), random.nextLong());
                        byte[] segment = cipher.encrypt(plaintext);
                        salts.add(HexFormat.of().formatHex(segment, 44, 76));
                        assertThat(cipher.decrypt(segment)).isEqualTo(plaintext);
                        checked++;
                    }
                    return checked;
                }));
            }

            // then
            for (Future<Integer> result : results) {
                assertThat(assertTimeoutPreemptively(HANG_GUARD, () -> result.get()))
                        .as("seed %d", seed)
                        .isEqualTo(50);
            }
            assertThat(salts).as("a fresh salt per segment").hasSize(8 * 50);
            assertAllPermitsBack(cipher);
            assertNoFrameThreadAlive(engine);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Object outcomeOf(Operation operation, DefaultSegmentCipher cipher) {
        try {
            return operation.run(cipher);
        } catch (Throwable t) {
            return t;
        }
    }

    private static void assertAllPermitsBack(DefaultSegmentCipher cipher) {
        InFlightLimit limit = cipher.inFlightLimit();
        assertThat(limit.available()).as("permits available after the call").isEqualTo(limit.permits());
    }

    private static void assertNoFrameThreadAlive(RecordingEngine engine) throws InterruptedException {
        assertThat(engine.frameThreads)
                .allSatisfy(thread -> assertThat(thread.getName()).startsWith(FRAME_THREAD_PREFIX));
        assertNoThreadAlive(engine.frameThreads);
    }

    /** Each thread gets {@link #UNWIND_GRACE} to finish its last instructions after the call returned. */
    private static void assertNoThreadAlive(Set<Thread> threads) throws InterruptedException {
        long aliveAtReturn = threads.stream().filter(Thread::isAlive).count();
        List<Thread> alive = new ArrayList<>();
        for (Thread thread : threads) {
            if (!thread.join(UNWIND_GRACE)) {
                alive.add(thread);
            }
        }
        assertThat(alive)
                .as(
                        "frame threads alive %s after the call (%d of %d alive when it returned)",
                        UNWIND_GRACE, aliveAtReturn, threads.size())
                .isEmpty();
    }

    /** Waits until {@code thread} is parked inside {@code type.method} (a condition, not a delay). */
    private static void awaitBlockedIn(Thread thread, Class<?> type, String method) {
        while (!(thread.getState() == Thread.State.WAITING
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().equals(type.getName())
                                && frame.getMethodName().equals(method)))) {
            assertThat(thread.isAlive())
                    .as("%s ended before blocking in %s.%s", thread, type.getSimpleName(), method)
                    .isTrue();
            Thread.onSpinWait();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isAllZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
