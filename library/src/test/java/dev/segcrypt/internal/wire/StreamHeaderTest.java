package dev.segcrypt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.internal.crypto.KeySchedule;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream header byte for byte: encoding the fields of every known-answer vector gives its
 * header, strict decoding of that header gives back the fields and the tag, and decoding rejects
 * each header that stream parse rules 2 to 9 name, as malformed. The expected bytes come from the
 * vector file (made by the test-only spec encoder), never from this class. Rule 1 (the input ends
 * inside the header) belongs to whoever reads the bytes; stream-invalid.json checks it through the
 * decrypting stream and inspect.
 */
class StreamHeaderTest {

    private static final byte[] KEY_HEADER =
            VectorFiles.streamKnownAnswer("WorkedExample").header();
    private static final byte[] PASSPHRASE_HEADER =
            VectorFiles.streamKnownAnswer("Passphrase").header();

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

    // ---- stream parse rules 2 to 9, each on a known answer's header ---------------------------

    @ParameterizedTest(name = "magic byte {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void decode_magicByteChanged_throwsMalformed(int offset) {
        // given: rule 2
        byte[] header = KEY_HEADER.clone();
        header[offset] ^= 0x20;

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {0x00, 0x01, 0x03, 0xff})
    void decode_unknownVersion_throwsMalformed(int version) {
        // given: rule 3 (version 1 included: it is no longer read, ADR 0007)
        byte[] header = with(KEY_HEADER, 8, version);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {0x00, 0x03, 0xff})
    void decode_unknownSuite_throwsMalformed(int suite) {
        // given: rule 4
        byte[] header = with(KEY_HEADER, 9, suite);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "key source {0}")
    @ValueSource(ints = {0x02, 0x80, 0xff})
    void decode_unknownKeySource_throwsMalformed(int keySource) {
        // given: rule 5
        byte[] header = with(KEY_HEADER, 10, keySource);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "reserved {0}")
    @ValueSource(ints = {0x01, 0x80, 0xff})
    void decode_reservedByteNotZero_throwsMalformed(int reserved) {
        // given: rule 6
        byte[] header = with(KEY_HEADER, 11, reserved);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "{0} = {2}")
    @CsvSource({
        "frame size,   12, 0",
        "frame size,   12, 63",
        "frame size,   12, 16777217",
        "frame size,   12, 4294967295",
        "segment size, 16, 0",
        "segment size, 16, 63",
        "segment size, 16, 1073741825",
        "segment size, 16, 2147483648",
        "segment size, 16, 4294967295"
    })
    void decode_frameOrSegmentSizeOutsideItsRange_throwsMalformed(String field, int offset, long value) {
        // given: rule 7, F outside [64, 16777216] or S outside [64, 2^30], read as u32
        byte[] header = withU32(KEY_HEADER, offset, value);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "F = {0}, S = {1}")
    @CsvSource({"64, 64", "16777216, 64", "64, 1073741824", "16777216, 1073741824"})
    void decode_frameAndSegmentSizeAtTheEdgesOfTheirRanges_areAccepted(int frameSize, int segmentSize)
            throws Exception {
        // given
        byte[] header = withU32(withU32(KEY_HEADER, 12, frameSize), 16, segmentSize);

        // when
        StreamHeader decoded = StreamHeader.decode(header);

        // then
        assertThat(decoded.frameSizeBytes()).isEqualTo(frameSize);
        assertThat(decoded.segmentSizeBytes()).isEqualTo(segmentSize);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "first kdfSalt byte,  36, 1",
        "last kdfSalt byte,   51, 128",
        "kdfMemoryKiB,        52, 64",
        "kdfIterations,       56, 1",
        "kdfParallelism,      60, 1"
    })
    void decode_keySourceKeyWithANonZeroPassphraseField_throwsMalformed(String field, int offset, int value) {
        // given: rule 8, on a key-file header (key source 0x00)
        byte[] header = field.contains("Salt") ? with(KEY_HEADER, offset, value) : withU32(KEY_HEADER, offset, value);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "m = {0}, t = {1}, p = {2}")
    @CsvSource({
        "64,         0,          1",
        "64,         65,         1",
        "64,         4294967295, 1",
        "64,         1,          0",
        "1024,       1,          17",
        "15,         1,          2",
        "7,          1,          1",
        "4194305,    1,          1",
        "4294967295, 1,          1"
    })
    void decode_passphraseParametersOutOfRange_throwsMalformed(long memoryKiB, long iterations, long parallelism) {
        // given: rule 9, on a passphrase header (key source 0x01); m, t and p are read as u32
        byte[] header = withParams(PASSPHRASE_HEADER, memoryKiB, iterations, parallelism);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "m = {0}, t = {1}, p = {2}")
    @CsvSource({"8, 1, 1", "128, 64, 16", "4194304, 1, 1"})
    void decode_passphraseParametersAtTheEdgesOfTheirRanges_areAccepted(int memoryKiB, int iterations, int parallelism)
            throws Exception {
        // given
        byte[] header = withParams(PASSPHRASE_HEADER, memoryKiB, iterations, parallelism);

        // when
        StreamHeader decoded = StreamHeader.decode(header);

        // then
        assertThat(decoded.passphraseParams()).contains(new PassphraseParams(memoryKiB, iterations, parallelism));
    }

    @ParameterizedTest(name = "{0} of 96 bytes")
    @ValueSource(ints = {1, 64, 95})
    void decode_inputEndingInsideTheHeader_throwsTruncated(int length) {
        // given: rule 1
        byte[] header = Arrays.copyOf(KEY_HEADER, length);

        // when / then
        assertThatThrownBy(() -> StreamHeader.decode(header)).isExactlyInstanceOf(TruncatedCiphertextException.class);
    }

    @Test
    void decode_emptyInput_throwsMalformed() {
        // given: rule 1's note: an empty input is not a segcrypt stream at all
        byte[] header = new byte[0];

        // when / then
        assertMalformed(header);
    }

    private static void assertMalformed(byte[] header) {
        assertThatThrownBy(() -> StreamHeader.decode(header)).isExactlyInstanceOf(MalformedCiphertextException.class);
    }

    private static byte[] with(byte[] header, int offset, int value) {
        byte[] out = header.clone();
        out[offset] = (byte) value;
        return out;
    }

    private static byte[] withU32(byte[] header, int offset, long value) {
        byte[] out = header.clone();
        ByteBuffer.wrap(out).putInt(offset, (int) value);
        return out;
    }

    private static byte[] withParams(byte[] header, long memoryKiB, long iterations, long parallelism) {
        return withU32(withU32(withU32(header, 52, memoryKiB), 56, iterations), 60, parallelism);
    }

    private static Optional<PassphraseParams> passphraseParams(StreamVector vector) {
        return vector.isPassphrase()
                ? Optional.of(
                        new PassphraseParams(vector.kdfMemoryKiB(), vector.kdfIterations(), vector.kdfParallelism()))
                : Optional.empty();
    }
}
