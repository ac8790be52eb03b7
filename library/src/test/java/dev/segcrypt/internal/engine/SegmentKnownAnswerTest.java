package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.internal.crypto.Providers;
import dev.segcrypt.testing.SegmentVectors;
import dev.segcrypt.testing.SegmentVectors.Vector;
import dev.segcrypt.testing.SpecEncoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library against the frozen known answers of {@code src/test/resources/vectors/segment-kat.json}
 * (produced once by {@link SpecEncoder}, never by the code under test), through every crypto
 * provider available here and with the engine of this Surefire run.
 */
class SegmentKnownAnswerTest {

    private static final List<Vector> VECTORS = SegmentVectors.load();
    private static final List<CryptoProvider> PROVIDERS = Stream.of(
                    CryptoProvider.JDK, CryptoProvider.BOUNCY_CASTLE, CryptoProvider.CONSCRYPT)
            .filter(Providers::isAvailable)
            .toList();

    static Stream<Vector> vectors() {
        return VECTORS.stream();
    }

    static Stream<Arguments> vectorsAndProviders() {
        return VECTORS.stream().flatMap(v -> PROVIDERS.stream().map(p -> Arguments.of(v, p)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void encrypt_vectorInputsWithFixedSalt_giveExactlyTheVectorWire(Vector vector, CryptoProvider provider)
            throws Exception {
        // given: a new cipher per fixed-salt encryption (SunJCE refuses a repeated key and nonce on one Cipher)
        Options options = Options.defaults()
                .withFrameSize(vector.frameSize())
                .withSuite(vector.suite())
                .withProvider(provider);
        SegmentPosition position = new SegmentPosition(vector.streamId(), vector.segmentIndex(), vector.isFinal());
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(
                SegcryptKey.fromBytes(vector.masterKey()), options, Engines.best(), FrameHook.NONE)) {
            assertExpectedEngine(cipher);

            // when
            byte[] wire =
                    cipher.testOnlyEncrypt(position, vector.salt(), vector.plaintext(), 0, vector.plaintext().length);

            // then
            assertThat(wire).isEqualTo(vector.wire());
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void decrypt_vectorWire_givesTheVectorPlaintext(Vector vector, CryptoProvider provider) throws Exception {
        // given: a lone segment (index 0, final), as SegmentCipher#decrypt requires
        assertThat(vector.segmentIndex()).isZero();
        assertThat(vector.isFinal()).isTrue();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                SegcryptKey.fromBytes(vector.masterKey()), Options.defaults().withProvider(provider))) {
            assertExpectedEngine(cipher);

            // when
            byte[] plaintext = cipher.decrypt(vector.wire());

            // then
            assertThat(plaintext).isEqualTo(vector.plaintext());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorFile_partsAndReference_agreeWithTheWire(Vector vector) throws Exception {
        // given: header || each frame's ciphertext || tag, as listed in the file
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        concatenated.writeBytes(vector.header());
        for (SegmentVectors.Frame frame : vector.frames()) {
            concatenated.writeBytes(frame.ciphertext());
            concatenated.writeBytes(frame.tag());
        }

        // when
        byte[] reencoded = SpecEncoder.encode(
                vector.masterKey(),
                vector.suite(),
                vector.frameSize(),
                vector.streamId(),
                vector.segmentIndex(),
                vector.isFinal(),
                vector.salt(),
                vector.plaintext());
        byte[] decoded = SpecEncoder.decode(vector.masterKey(), vector.wire()).plaintext();

        // then
        assertThat(concatenated.toByteArray()).isEqualTo(vector.wire());
        assertThat(reencoded).isEqualTo(vector.wire());
        assertThat(decoded).isEqualTo(vector.plaintext());
        assertThat(vector.result()).isEqualTo("valid");
    }

    @Test
    void vectorFile_coversWorkedExampleEmptyAndOneFullFrame() {
        // given / when
        List<String> flags = VECTORS.stream().flatMap(v -> v.flags().stream()).toList();

        // then
        assertThat(flags).contains("WorkedExample", "ChaCha20Poly1305", "EmptySegment", "ExactlyOneFrame");
        assertThat(VECTORS).extracting(Vector::tcId).doesNotHaveDuplicates();
    }

    @Test
    void providers_inThisJvm_includeJdkAndBouncyCastle() {
        // given / when / then: Conscrypt is optional (native library), the other two never are
        assertThat(PROVIDERS).contains(CryptoProvider.JDK, CryptoProvider.BOUNCY_CASTLE);
    }

    @Test
    void engine_ofThisSurefireRun_isTheExpectedOne() {
        // given
        String expected = System.getProperty("segcrypt.expectedEngine");
        assumeTrue(expected != null, "segcrypt.expectedEngine is not set: run through Maven to check the engine");

        // when
        String actual = Engines.best().name();

        // then
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertExpectedEngine(SegmentCipher cipher) {
        String expected = System.getProperty("segcrypt.expectedEngine");
        if (expected != null) {
            assertThat(cipher.engineName()).as("engine of this Surefire run").isEqualTo(expected);
        }
    }
}
