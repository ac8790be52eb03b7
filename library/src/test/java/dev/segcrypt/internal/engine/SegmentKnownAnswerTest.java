package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.SpecEncoder;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.SegmentFrame;
import dev.segcrypt.testing.VectorFiles.SegmentVector;
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
 * provider of {@link ProvidersUnderTest} and with the engine of this Surefire run.
 */
class SegmentKnownAnswerTest {

    private static final List<SegmentVector> VECTORS = VectorFiles.segmentKnownAnswers();

    static Stream<SegmentVector> vectors() {
        return VECTORS.stream();
    }

    static Stream<Arguments> vectorsAndProviders() {
        return VECTORS.stream().flatMap(v -> ProvidersUnderTest.all().map(p -> Arguments.of(v, p)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void encrypt_vectorInputsWithFixedSalt_giveExactlyTheVectorWire(SegmentVector vector, CryptoProvider provider)
            throws Exception {
        // given: a new cipher per fixed-salt encryption (SunJCE refuses a repeated key and nonce on one Cipher)
        ProvidersUnderTest.require(provider);
        Options options = Options.defaults()
                .withFrameSize(vector.frameSize())
                .withSuite(vector.suite())
                .withProvider(provider);
        SegmentPosition position =
                new SegmentPosition(vector.streamId(), vector.segmentIndex(), vector.isFinal(), false);
        try (DefaultSegmentCipher cipher = DefaultSegmentCipher.testOnlyCreate(
                SegcryptKey.fromBytes(vector.masterKey()), options, Engines.best(), FrameHook.NONE)) {
            // when
            byte[] wire =
                    cipher.testOnlyEncrypt(position, vector.salt(), vector.plaintext(), 0, vector.plaintext().length);

            // then
            assertThat(wire).isEqualTo(vector.wire());
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void decrypt_vectorWire_givesTheVectorPlaintext(SegmentVector vector, CryptoProvider provider) throws Exception {
        // given: a lone segment (index 0, final), as SegmentCipher#decrypt requires
        ProvidersUnderTest.require(provider);
        assertThat(vector.segmentIndex()).isZero();
        assertThat(vector.isFinal()).isTrue();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                SegcryptKey.fromBytes(vector.masterKey()), Options.defaults().withProvider(provider))) {
            // when
            byte[] plaintext = cipher.decrypt(vector.wire());

            // then
            assertThat(plaintext).isEqualTo(vector.plaintext());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorFile_partsAndReference_agreeWithTheWire(SegmentVector vector) throws Exception {
        // given: header || each frame's ciphertext || tag, as listed in the file
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        concatenated.writeBytes(vector.header());
        for (SegmentFrame frame : vector.frames()) {
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
                false,
                vector.salt(),
                vector.plaintext());
        byte[] decoded =
                SpecEncoder.decodeLone(vector.masterKey(), vector.wire()).plaintext();

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
        assertThat(VECTORS).extracting(SegmentVector::tcId).doesNotHaveDuplicates();
    }
}
