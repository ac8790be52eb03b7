package dev.segcrypt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.PassphraseParams;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.internal.crypto.KeySchedule;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream header byte for byte: encoding the fields of every known-answer vector gives its
 * header, and strict decoding of that header gives back the fields and the tag. The expected
 * bytes come from the vector file (made by the test-only spec encoder), never from this class.
 */
class StreamHeaderTest {

    static Stream<StreamVector> vectors() {
        return VectorFiles.streamKnownAnswers().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encode_vectorFields_giveTheVectorHeader(StreamVector vector) {
        // given
        StreamHeader header = StreamHeader.create(
                vector.suite(),
                vector.frameSize(),
                vector.segmentSize(),
                vector.streamId(),
                vector.kdfSalt(),
                passphraseParams(vector).orElse(null));

        // when
        byte[] prefix = header.taggedPrefix();
        byte[] tag = KeySchedule.streamHeaderTag(vector.masterKey(), vector.streamId(), prefix);

        // then
        assertThat(prefix).isEqualTo(vector.headerPrefix()).isEqualTo(Arrays.copyOf(vector.stream(), 64));
        assertThat(tag).isEqualTo(vector.headerTag());
        assertThat(header.encode(tag)).isEqualTo(vector.header());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decode_vectorHeader_givesTheFieldsAndAcceptsOnlyItsTag(StreamVector vector) throws Exception {
        // given
        byte[] otherTag = vector.headerTag().clone();
        otherTag[31] ^= 1;

        // when
        StreamHeader decoded = StreamHeader.decode(vector.header());

        // then
        assertThat(decoded.suite()).isEqualTo(vector.suite());
        assertThat(decoded.frameSizeBytes()).isEqualTo(vector.frameSize());
        assertThat(decoded.segmentSizeBytes()).isEqualTo(vector.segmentSize());
        assertThat(decoded.streamId()).isEqualTo(vector.streamId());
        assertThat(decoded.kdfSalt()).isEqualTo(vector.kdfSalt());
        assertThat(decoded.passphraseParams()).isEqualTo(passphraseParams(vector));
        assertThat(decoded.taggedPrefix()).isEqualTo(vector.headerPrefix());
        decoded.verifyTag(vector.headerTag());
        assertThatThrownBy(() -> decoded.verifyTag(otherTag)).isInstanceOf(WrongKeyException.class);
    }

    private static Optional<PassphraseParams> passphraseParams(StreamVector vector) {
        return vector.isPassphrase()
                ? Optional.of(
                        new PassphraseParams(vector.kdfMemoryKiB(), vector.kdfIterations(), vector.kdfParallelism()))
                : Optional.empty();
    }
}
