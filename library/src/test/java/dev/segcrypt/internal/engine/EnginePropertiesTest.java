package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.FrameType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of the engines for any load: the bound on frames in flight holds for any number of
 * callers, and the two engines give the same outcome for any input and any injected fault.
 */
class EnginePropertiesTest {

    private static final int F = 64;
    private static final SegcryptKey KEY = SegcryptKey.generate();

    @AfterAll
    static void destroyKey() {
        KEY.destroy();
    }

    // ---- the in-flight bound ------------------------------------------------------------------

    record Load(int callers, int permits, int carriers, int segmentsPerCaller, long seed) {}

    @Test
    void inFlightBound_anyNumberOfCallers_neverExceededAndAllPermitsBack() {
        qt().withExamples(Integer.getInteger("segcrypt.examples", 150) / 4)
                .forAll(integers()
                        .between(1, 24)
                        .zip(
                                integers().between(1, 8),
                                integers().between(1, 4),
                                integers().between(1, 3),
                                (callers, permits, carriers, segments) ->
                                        new int[] {callers, permits, carriers, segments})
                        .zip(longs().all(), (shape, seed) -> new Load(shape[0], shape[1], shape[2], shape[3], seed)))
                .checkAssert(EnginePropertiesTest::checkBound);
    }

    private static void checkBound(Load load) {
        RecordingEngine engine = new RecordingEngine();
        // frames park for 0-50 us on their carrier, so that callers overlap and permits are contended
        SplittableRandom delays = new SplittableRandom(load.seed());
        FrameHook hook = (type, index) -> LockSupport.parkNanos(delayNanos(delays));
        Options options = Options.defaults()
                .withFrameSize(F)
                .withCarriers(load.carriers())
                .withMaxFramesInFlight(load.permits());
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options, engine, hook);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < load.callers(); c++) {
                long callerSeed = load.seed() + c;
                results.add(callers.submit(() -> roundTrips(cipher, load.segmentsPerCaller(), callerSeed)));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).as("%s", load).isTrue();
            }
            assertThat(engine.peakRunning.get())
                    .as("frames running at once, %s", load)
                    .isBetween(1, load.permits());
            assertThat(cipher.inFlightLimit().peak()).as("permits held at once").isLessThanOrEqualTo(load.permits());
            assertThat(cipher.inFlightLimit().available()).as("permits back").isEqualTo(load.permits());
        } catch (Exception e) {
            throw new AssertionError(load + " failed", e);
        }
    }

    private static synchronized long delayNanos(SplittableRandom random) {
        return random.nextLong(50_000);
    }

    private static boolean roundTrips(DefaultSegmentCipher cipher, int segments, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < segments; s++) {
            byte[] plaintext = new byte[random.nextInt(12 * F + 1)];
            random.nextBytes(plaintext);
            if (!java.util.Arrays.equals(cipher.decrypt(cipher.encrypt(plaintext)), plaintext)) {
                return false;
            }
        }
        return true;
    }

    // ---- both engines agree -------------------------------------------------------------------

    /**
     * A valid segment, then one bit of its wire flipped or one frame's provider call failing (never
     * both: with two failing frames, which is reported first is a race on either engine).
     */
    record Trial(Suite suite, int plaintextLength, int flippedBit, int failingFrame, long seed) {}

    @Test
    void engines_anyInputAndAnyFault_sameOutcome() {
        Engine structured = Engines.best();
        assumeThat(structured.name())
                .as("both engines run only in the JVM with --enable-preview (the structured Surefire execution)")
                .isEqualTo("structured");
        qt().withExamples(Integer.getInteger("segcrypt.examples", 150))
                .forAll(Generate.enumValues(Suite.class)
                        .zip(
                                integers().between(0, 10 * F),
                                integers().between(-1, 8 * 1100),
                                Generate.booleans(),
                                (suite, length, damage, flip) ->
                                        new int[] {suite.ordinal(), length, flip ? damage : -1, flip ? -1 : damage % 14
                                        })
                        .zip(longs().all(), (t, seed) -> new Trial(Suite.values()[t[0]], t[1], t[2], t[3], seed)))
                .checkAssert(trial -> assertThat(outcome(new PortableEngine(), trial))
                        .as("%s", trial)
                        .isEqualTo(outcome(structured, trial)));
    }

    /**
     * The outcome of one trial on {@code engine}: the plaintext, or the type of what was thrown.
     * Frame {@code failingFrame} (-1: none) fails as a provider would; bit {@code flippedBit} (-1:
     * none; beyond the wire: none) of the wire is flipped.
     */
    private static Object outcome(Engine engine, Trial trial) {
        byte[] plaintext = new byte[trial.plaintextLength()];
        new SplittableRandom(trial.seed()).nextBytes(plaintext);
        Options options =
                Options.defaults().withSuite(trial.suite()).withFrameSize(F).withCarriers(2);
        byte[] wire;
        try (DefaultSegmentCipher healthy = DefaultSegmentCipher.testOnlyCreate(KEY, options, engine, FrameHook.NONE)) {
            wire = healthy.encrypt(plaintext);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        boolean flipped = trial.flippedBit() >= 0 && trial.flippedBit() < 8 * wire.length;
        if (flipped) {
            wire[trial.flippedBit() / 8] ^= (byte) (1 << trial.flippedBit() % 8);
        }
        int dataFrames = (plaintext.length + F - 1) / F;
        boolean faulty = trial.failingFrame() >= 0 && trial.failingFrame() < dataFrames + 2;
        FrameHook failing = (type, index) -> {
            int frame = type == FrameType.DATA ? index : type == FrameType.DIGEST ? dataFrames : dataFrames + 1;
            if (frame == trial.failingFrame()) {
                throw new java.security.ProviderException("injected provider failure");
            }
        };
        byte[] decrypted;
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options, engine, failing)) {
            decrypted = cipher.decrypt(wire);
        } catch (Throwable t) {
            return new Outcome(null, t.getClass());
        }
        // agreeing is not enough: both engines must also be right
        assertThat(flipped || faulty)
                .as("%s accepted by the %s engine", trial, engine.name())
                .isFalse();
        assertThat(decrypted).isEqualTo(plaintext);
        return new Outcome(decrypted, null);
    }

    /** Plaintext or the class of the failure; compared by content. */
    private record Outcome(byte[] plaintext, Class<?> failure) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other
                    && java.util.Arrays.equals(plaintext, other.plaintext)
                    && Objects.equals(failure, other.failure);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(plaintext) * 31 + Objects.hashCode(failure);
        }

        @Override
        public String toString() {
            return failure != null ? failure.getSimpleName() : plaintext.length + " bytes of plaintext";
        }
    }
}
