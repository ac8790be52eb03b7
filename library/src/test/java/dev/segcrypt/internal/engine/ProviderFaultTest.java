package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.internal.engine.FaultyProvider.Fault;
import dev.segcrypt.internal.wire.SegmentHeader;
import java.nio.ByteBuffer;
import java.security.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults of a crypto provider, injected where a real provider would fail: inside {@code doFinal}
 * of a JCA provider ({@link FaultyProvider}), on encryption and decryption, with the engine this
 * JVM picks (each Surefire execution covers its engine). Every outcome must be a typed exception
 * or the {@link Error} itself, no plaintext may be left in the caller's buffer, and no frame or
 * carrier thread and no permit may be left behind. {@link FailureSemanticsTest} injects faults
 * before the cipher call through {@link FrameHook}; this class does it inside the provider.
 */
class ProviderFaultTest {

    private static final int F = 64;
    private static final int FRAMES = 40;
    private static final int PERMITS = 4;
    private static final int CARRIERS = 2;
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Duration UNWIND_GRACE = Duration.ofSeconds(20);

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final byte[] PLAINTEXT = new byte[F * FRAMES];
    private static DefaultSegmentCipher healthy;
    private static byte[] wire; // PLAINTEXT encrypted by the healthy cipher

    @BeforeAll
    static void encryptWithAHealthyCipher() throws Exception {
        new SplittableRandom(7).nextBytes(PLAINTEXT);
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

    /** The two operations; decryption writes into a caller's buffer, which must hold no plaintext after a failure. */
    enum Operation {
        ENCRYPT,
        DECRYPT;

        void run(DefaultSegmentCipher cipher, byte[] out) throws Exception {
            if (this == ENCRYPT) {
                cipher.encrypt(PLAINTEXT, new byte[cipher.wireLength(PLAINTEXT.length)]);
            } else {
                cipher.decryptStreamSegment(SegmentHeader.decode(ByteBuffer.wrap(wire), "segment"), wire, 0, out);
            }
        }
    }

    /**
     * doFinal call 1 is the first data frame of an encryption and the terminator of a decryption;
     * call FRAMES + 2 is the terminator of an encryption and a data frame of a decryption.
     */
    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (Fault fault : List.of(Fault.THROWS_UNCHECKED, Fault.THROWS_CHECKED, Fault.SHORT_OUTPUT, Fault.ERROR)) {
                for (int call : new int[] {1, FRAMES / 2, FRAMES + 2}) {
                    cases.add(Arguments.of(operation, fault, call));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} in doFinal call {2}")
    @MethodSource("faults")
    void operation_providerFault_typedFailureNoPlaintextNothingLeft(Operation operation, Fault fault, int call)
            throws Exception {
        // given
        FaultyProvider provider = new FaultyProvider(fault, call);
        RecordingEngine engine = new RecordingEngine();
        byte[] out = filledOutput();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, provider);
        List<Thread> carriers = newCarrierThreads(before);
        try {
            // when
            Throwable thrown =
                    assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> operation.run(cipher, out)));

            // then
            switch (fault) {
                case ERROR -> assertThat(thrown).isExactlyInstanceOf(StackOverflowError.class);
                case SHORT_OUTPUT ->
                    assertThat(thrown)
                            .isExactlyInstanceOf(ProviderException.class)
                            .hasMessageContaining("the crypto provider failed")
                            .hasMessageContaining("bytes for a frame of");
                default ->
                    assertThat(thrown)
                            .isExactlyInstanceOf(ProviderException.class)
                            .hasMessageStartingWith("segment 0, ")
                            .hasMessageContaining("the crypto provider failed")
                            .hasRootCauseMessage("injected in doFinal call " + call);
            }
            assertThat(thrown).isNotInstanceOf(InvalidCiphertextException.class);
            assertNoPlaintextIn(out);
            assertAllPermitsBack(cipher);
            assertNotAlive(engine.frameThreads);
        } finally {
            cipher.close();
        }
        assertNotAlive(carriers);
    }

    /**
     * Data frame A stalls inside the provider while frame B, on the other carrier, fails. The call
     * must wait for A before it throws: a call that returned early would have zeroed the output
     * before A wrote plaintext into it.
     */
    @ParameterizedTest
    @EnumSource(Operation.class)
    void operation_frameStallsWhileAnotherFails_throwsOnlyAfterTheStalledFrameEnded(Operation operation)
            throws Exception {
        // given: the first data frame's doFinal stalls (call 1 in encryption, 3 in decryption)
        FaultyProvider provider =
                new FaultyProvider(Fault.STALLS_THEN_NEXT_THROWS, operation == Operation.ENCRYPT ? 1 : 3);
        RecordingEngine engine = new RecordingEngine();
        byte[] out = filledOutput();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean stallEndedAtReturn = new AtomicBoolean();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(KEY, options(), engine, provider);
        List<Thread> carriers = newCarrierThreads(before);
        try {
            // a virtual caller runs its segment itself, so it is this thread that waits for the frames
            Thread caller = Thread.ofVirtual().name("caller").start(() -> {
                outcome.set(catchThrowable(() -> operation.run(cipher, out)));
                stallEndedAtReturn.set(provider.stallEnded);
            });

            // when
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                provider.stalled.await();
                provider.thrown.await();
                while (caller.isAlive() && !isParked(caller)) { // waiting for its frames, or returned
                    Thread.onSpinWait();
                }
                provider.release.countDown();
                caller.join();
            });

            // then
            assertThat(outcome.get())
                    .isExactlyInstanceOf(ProviderException.class)
                    .hasRootCauseMessage("injected after a stall, in doFinal call " + (provider.faultyCall + 1));
            assertThat(stallEndedAtReturn.get())
                    .as("the stalled frame had ended when the call returned")
                    .isTrue();
            assertNoPlaintextIn(out);
            assertAllPermitsBack(cipher);
            assertNotAlive(engine.frameThreads);
        } finally {
            provider.release.countDown();
            cipher.close();
        }
        assertNotAlive(carriers);
    }

    /** The portable engine waits for its frames with a timed wait (ExecutorService.close), the structured one without. */
    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static byte[] filledOutput() {
        byte[] out = new byte[PLAINTEXT.length];
        Arrays.fill(out, (byte) 0x5A);
        return out;
    }

    /** Decryption zeroes the caller's buffer on failure; encryption never writes into it. */
    private static void assertNoPlaintextIn(byte[] out) {
        int plaintextBytes = 0;
        int zeroBytes = 0;
        for (int i = 0; i < out.length; i++) {
            plaintextBytes += out[i] == PLAINTEXT[i] && PLAINTEXT[i] != 0 && out[i] != 0x5A ? 1 : 0;
            zeroBytes += out[i] == 0 ? 1 : 0;
        }
        assertThat(plaintextBytes)
                .as("plaintext bytes left in the output buffer")
                .isZero();
        assertThat(zeroBytes == out.length || zeroBytes == 0)
                .as("the output is either untouched or all zero, %d of %d bytes are zero", zeroBytes, out.length)
                .isTrue();
    }

    private static void assertAllPermitsBack(DefaultSegmentCipher cipher) {
        InFlightLimit limit = cipher.inFlightLimit();
        assertThat(limit.available()).as("permits available after the call").isEqualTo(limit.permits());
    }

    private static List<Thread> newCarrierThreads(Set<Thread> before) {
        List<Thread> carriers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> thread.getName().startsWith("segcrypt-carrier-"))
                .toList();
        assertThat(carriers).hasSize(CARRIERS);
        return carriers;
    }

    /** Each thread gets {@link #UNWIND_GRACE} to finish its last instructions after the call returned. */
    private static void assertNotAlive(Iterable<Thread> threads) throws InterruptedException {
        List<Thread> alive = new ArrayList<>();
        for (Thread thread : threads) {
            if (!thread.join(UNWIND_GRACE)) {
                alive.add(thread);
            }
        }
        assertThat(alive).as("threads alive after the call").isEmpty();
    }
}
