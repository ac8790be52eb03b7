package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.FrameType;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.SpecEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever order the frames complete in, the parallel engine writes the one canonical segment:
 * byte for byte what the sequential {@link SpecEncoder} writes, and every frame is sealed and
 * opened exactly once. A {@link FrameHook} seeded from the generated input delays each frame on
 * its carrier by 0-200 us, so completion order is scrambled differently in every example.
 */
class CanonicalOrderPropertyTest {

    private static final int EXAMPLES = 150;
    private static final int MAX_DATA_FRAMES = 40;
    private static final long MAX_DELAY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** How many bytes: the edges of the frame size and whole or partial runs of many frames. */
    enum Shape {
        EMPTY,
        ONE_BYTE,
        FRAME_MINUS_ONE,
        FRAME,
        FRAME_PLUS_ONE,
        WHOLE_FRAMES,
        MANY_FRAMES_AND_A_PART
    }

    record Layout(int frameSize, int plaintextLength) {}

    record Schedule(Suite suite, CryptoProvider provider, int carriers, int maxFramesInFlight) {}

    record Case(Layout layout, Schedule schedule, long seed) {}

    @Test
    void encrypt_anyCompletionOrder_writesTheSpecEncodersBytesAndDecryptsBack() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> check(c));
    }

    private static Gen<Case> cases() {
        Gen<Integer> frameSizes = integers()
                .between(Options.MIN_FRAME_SIZE_IN_BYTES, 4096)
                .mix(Generate.pick(List.of(64, 65, 127, 128, 4095, 4096)), 30);
        Gen<Layout> layouts = frameSizes.zip(
                Generate.enumValues(Shape.class),
                integers().between(2, MAX_DATA_FRAMES),
                integers().between(0, Integer.MAX_VALUE),
                CanonicalOrderPropertyTest::layout);
        List<CryptoProvider> providers = Stream.concat(
                        Stream.of(CryptoProvider.AUTO), ProvidersUnderTest.loadable().stream())
                .toList();
        Gen<Schedule> schedules = Generate.enumValues(Suite.class)
                .zip(
                        Generate.pick(providers),
                        integers().between(2, 4),
                        Generate.pick(List.of(1, 2, 8, 0)),
                        (suite, provider, carriers, inFlight) ->
                                new Schedule(suite, provider, carriers, inFlight == 0 ? carriers * 32 : inFlight));
        return layouts.zip(schedules, longs().all(), Case::new);
    }

    private static Layout layout(int frameSize, Shape shape, int frames, int part) {
        int length = switch (shape) {
            case EMPTY -> 0;
            case ONE_BYTE -> 1;
            case FRAME_MINUS_ONE -> frameSize - 1;
            case FRAME -> frameSize;
            case FRAME_PLUS_ONE -> frameSize + 1;
            case WHOLE_FRAMES -> frames * frameSize;
            case MANY_FRAMES_AND_A_PART -> (frames - 1) * frameSize + 1 + part % (frameSize - 1);
        };
        return new Layout(frameSize, length);
    }

    private static void check(Case c) {
        try {
            checkOrThrow(c);
        } catch (Exception e) {
            throw new AssertionError("failed for " + c + ": " + e, e);
        }
    }

    private static void checkOrThrow(Case c) throws Exception {
        // given: inputs drawn from the case's seed, and a hook that delays each frame by a seeded amount
        SplittableRandom random = new SplittableRandom(c.seed());
        byte[] key = bytes(random, 32);
        byte[] streamId = bytes(random, 16);
        byte[] salt = bytes(random, 32);
        byte[] plaintext = bytes(random, c.layout().plaintextLength());
        long segmentIndex = random.nextBoolean() ? 0 : random.nextLong(Long.MAX_VALUE);
        boolean isFinal = random.nextBoolean();
        long delaySeed = random.nextLong();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        FrameHook scramble = (type, index) -> {
            seen.add(type + " " + index);
            LockSupport.parkNanos(delayNanos(delaySeed, type, index));
        };
        Schedule s = c.schedule();
        Options options = Options.defaults()
                .withFrameSize(c.layout().frameSize())
                .withSuite(s.suite())
                .withProvider(s.provider())
                .withCarriers(s.carriers())
                .withMaxFramesInFlight(s.maxFramesInFlight());
        byte[] expected = SpecEncoder.encode(
                key, s.suite(), c.layout().frameSize(), streamId, segmentIndex, isFinal, true, salt, plaintext);
        int n = (c.layout().plaintextLength() + c.layout().frameSize() - 1)
                / c.layout().frameSize();

        try (DefaultSegmentCipher cipher =
                DefaultSegmentCipher.testOnlyCreate(SegcryptKey.fromBytes(key), options, Engines.best(), scramble)) {
            // when
            byte[] wire = cipher.testOnlyEncrypt(
                    SegmentPosition.inStream(streamId, segmentIndex, isFinal), salt, plaintext, 0, plaintext.length);
            List<String> sealed = new ArrayList<>(seen);
            seen.clear();
            byte[] opened =
                    cipher.decryptStreamSegment(SegmentHeader.decode(ByteBuffer.wrap(wire), "segment"), wire, 0, null);
            List<String> openedFrames = new ArrayList<>(seen);

            // then
            assertThat(wire).as("parallel wire vs SpecEncoder").isEqualTo(expected);
            assertThat(opened).as("decrypted plaintext").isEqualTo(plaintext);
            assertThat(sealed).as("frames sealed").containsExactlyInAnyOrderElementsOf(everyFrameOnce(n));
            assertThat(openedFrames).as("frames opened").containsExactlyInAnyOrderElementsOf(everyFrameOnce(n));
        }
    }

    /** DATA 0 .. n-1, DIGEST n and TERMINATOR n + 1, each once. */
    private static List<String> everyFrameOnce(int n) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(FrameType.DATA + " " + i);
        }
        frames.add(FrameType.DIGEST + " " + n);
        frames.add(FrameType.TERMINATOR + " " + (n + 1));
        return frames;
    }

    /** A delay in [0, 200 us] fixed by the seed and the frame, so no random state is shared by carriers. */
    private static long delayNanos(long seed, FrameType type, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index * 4L + type.ordinal() + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Math.floorMod(z, MAX_DELAY_NANOS + 1);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
