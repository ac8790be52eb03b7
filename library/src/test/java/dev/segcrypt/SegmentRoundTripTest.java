package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.testing.ProvidersUnderTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Round trips through the public API (reliability.md R1): sizes {0, 1, F-1, F, F+1, 2F, 2F+1, 37F+5}
 * × both suites × F in {64, 4096} × every (encrypting provider, decrypting provider) pair available
 * here, with the wire length and header fields checked against docs/wire-format.md (computed here
 * from the spec's formula, not from {@code SegmentLayout}).
 */
class SegmentRoundTripTest {

    private static final int HEADER_SIZE = 108;
    private static final int TAG_SIZE = 16;
    private static final int DIGEST_FRAME_SIZE = 32 + TAG_SIZE;
    private static final int TERMINATOR_FRAME_SIZE = 16 + TAG_SIZE;
    private static final int[] FRAME_SIZES = {64, 4096};

    private static final SegcryptKey KEY = SegcryptKey.generate();
    // one cipher per (provider, suite, frame size); any of them decrypts any segment made under KEY
    private static final Map<CryptoProvider, Map<Suite, Map<Integer, SegmentCipher>>> CIPHERS =
            new EnumMap<>(CryptoProvider.class);

    @BeforeAll
    static void openCiphers() {
        for (CryptoProvider provider : providers()) {
            Map<Suite, Map<Integer, SegmentCipher>> bySuite = new EnumMap<>(Suite.class);
            for (Suite suite : Suite.values()) {
                Map<Integer, SegmentCipher> byFrameSize = new HashMap<>();
                for (int frameSize : FRAME_SIZES) {
                    byFrameSize.put(
                            frameSize,
                            Segcrypt.newSegmentCipher(
                                    KEY,
                                    Options.defaults()
                                            .withProvider(provider)
                                            .withSuite(suite)
                                            .withFrameSize(frameSize)
                                            .withCarriers(2)));
                }
                bySuite.put(suite, byFrameSize);
            }
            CIPHERS.put(provider, bySuite);
        }
    }

    @AfterAll
    static void closeCiphers() {
        CIPHERS.values()
                .forEach(bySuite -> bySuite.values()
                        .forEach(byFrameSize -> byFrameSize.values().forEach(SegmentCipher::close)));
    }

    /** JDK and Bouncy Castle always; Conscrypt where its native library loads. */
    private static List<CryptoProvider> providers() {
        return ProvidersUnderTest.loadable();
    }

    private static int[] sizes(int frameSize) {
        int f = frameSize;
        return new int[] {0, 1, f - 1, f, f + 1, 2 * f, 2 * f + 1, 37 * f + 5};
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Suite suite : Suite.values()) {
            for (int frameSize : FRAME_SIZES) {
                for (int size : sizes(frameSize)) {
                    for (CryptoProvider encryptor : providers()) {
                        cases.add(Arguments.of(suite, frameSize, size, encryptor));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} F={1} size={2} encrypted by {3}")
    @MethodSource("cases")
    void decrypt_anyProvider_returnsPlaintextEncryptedByAnyProvider(
            Suite suite, int frameSize, int size, CryptoProvider encryptor) throws Exception {
        // given
        byte[] plaintext = randomBytes(size, 31L * size + frameSize + suite.ordinal());

        // when
        byte[] wire = CIPHERS.get(encryptor).get(suite).get(frameSize).encrypt(plaintext);

        // then
        assertThat(wire).hasSize(specWireLength(frameSize, size));
        for (CryptoProvider decryptor : providers()) {
            // a decryptor made for the other suite and frame size: decryption reads both from the header
            Suite otherSuite = suite == Suite.AES_256_GCM ? Suite.CHACHA20_POLY1305 : Suite.AES_256_GCM;
            int otherFrameSize = frameSize == FRAME_SIZES[0] ? FRAME_SIZES[1] : FRAME_SIZES[0];
            assertThat(CIPHERS.get(decryptor).get(suite).get(frameSize).decrypt(wire))
                    .as("encrypted by %s, decrypted by %s", encryptor, decryptor)
                    .isEqualTo(plaintext);
            assertThat(CIPHERS.get(decryptor)
                            .get(otherSuite)
                            .get(otherFrameSize)
                            .decrypt(wire))
                    .as("encrypted by %s, decrypted by %s with other options", encryptor, decryptor)
                    .isEqualTo(plaintext);
        }
    }

    @ParameterizedTest(name = "{0} F={1}")
    @MethodSource("suitesAndFrameSizes")
    void encrypt_anySize_writesHeaderFieldsAsSpecified(Suite suite, int frameSize) throws Exception {
        for (int size : sizes(frameSize)) {
            // given
            byte[] plaintext = randomBytes(size, size);

            // when
            byte[] wire =
                    CIPHERS.get(CryptoProvider.JDK).get(suite).get(frameSize).encrypt(plaintext);

            // then
            ByteBuffer header = ByteBuffer.wrap(wire, 0, HEADER_SIZE);
            assertThat(header.getInt()).as("magic").isEqualTo(0x53435347);
            assertThat(header.get()).as("version").isEqualTo((byte) 2);
            assertThat(header.get() & 0xff).as("suite").isEqualTo(suite.wireId());
            assertThat(header.get()).as("flags: FINAL only").isEqualTo((byte) 1);
            assertThat(header.get()).as("reserved").isZero();
            assertThat(header.getInt()).as("frame size").isEqualTo(frameSize);
            assertThat(header.getLong()).as("plaintext length").isEqualTo(size);
            header.position(header.position() + 16); // stream id: random
            assertThat(header.getLong()).as("segment index").isZero();
            assertThat(wire).hasSize(specWireLength(frameSize, size));
        }
    }

    static Stream<Arguments> suitesAndFrameSizes() {
        return Stream.of(Suite.values())
                .flatMap(suite ->
                        Stream.of(FRAME_SIZES[0], FRAME_SIZES[1]).map(frameSize -> Arguments.of(suite, frameSize)));
    }

    @Test
    void encrypt_sameInputTwice_givesDifferentWire() throws Exception {
        // given
        SegmentCipher cipher =
                CIPHERS.get(CryptoProvider.JDK).get(Suite.AES_256_GCM).get(64);
        byte[] plaintext = randomBytes(100, 7);

        // when
        byte[] first = cipher.encrypt(plaintext);
        byte[] second = cipher.encrypt(plaintext);

        // then: fresh stream id and salt each time
        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo(cipher.decrypt(second)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 63, 16 * 1024 * 1024 + 1, Integer.MAX_VALUE})
    void withFrameSize_outOfRange_throwsIllegalArgument(int frameSize) {
        // given
        Options options = Options.defaults();

        // when / then
        assertThatThrownBy(() -> options.withFrameSize(frameSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame size");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 4096, 16 * 1024 * 1024})
    void withFrameSize_inRange_isKept(int frameSize) {
        // when
        Options options = Options.defaults().withFrameSize(frameSize);

        // then
        assertThat(options.frameSizeBytes()).isEqualTo(frameSize);
    }

    @ParameterizedTest(name = "{0} carriers, segments of {1} bytes: frames of {2}")
    @CsvSource({
        "1, 4194304, 1048576",
        "2, 4194304, 1048576",
        "3, 4194304, 524288",
        "4, 4194304, 524288",
        "8, 4194304, 262144",
        "16, 4194304, 262144",
        "1024, 4194304, 262144",
        "16, 67108864, 1048576",
        "2, 1048576, 262144",
        "2, 65536, 65536",
        "2, 100000, 100000"
    })
    void defaults_frameSize_isTwoFramesPerCarrierFrom256KiBTo1MiBAndAtMostTheSegment(
            int carriers, int segmentSize, int expectedFrameSize) {
        // when
        Options options = Options.defaults().withCarriers(carriers).withSegmentSize(segmentSize);

        // then
        assertThat(options.frameSizeBytes()).isEqualTo(expectedFrameSize);
    }

    @Test
    void withFrameSize_winsOverTheChosenFrameSize_whateverIsSetAfterIt() {
        // when
        Options options =
                Options.defaults().withFrameSize(4096).withCarriers(64).withSegmentSize(1 << 20);

        // then
        assertThat(options.frameSizeBytes()).isEqualTo(4096);
    }

    /** header(108) || n data frames of ciphertext + tag(16) || G(32 + 16) || T(16 + 16), n = ceil(L / F). */
    private static int specWireLength(int frameSize, int plaintextLength) {
        int n = (plaintextLength + frameSize - 1) / frameSize;
        return HEADER_SIZE + plaintextLength + n * TAG_SIZE + DIGEST_FRAME_SIZE + TERMINATOR_FRAME_SIZE;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
