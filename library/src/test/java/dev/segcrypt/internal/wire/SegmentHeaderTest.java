package dev.segcrypt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.SegmentVector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The segment header byte for byte (docs/wire-format.md, "Segment header"): encoding the fields of
 * every known answer of segment-kat.json gives its header, strict decoding of those bytes gives the
 * fields back, and decoding rejects each header that parse rules 1 to 9 name, with the rule's
 * category. Expected bytes come from the vector file (made by the test-only spec encoder), never
 * from this class.
 */
class SegmentHeaderTest {

    private static final int SIZE = 108;
    private static final byte[] WORKED =
            VectorFiles.segmentKnownAnswers().getFirst().header();

    static Stream<SegmentVector> vectors() {
        return VectorFiles.segmentKnownAnswers().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodeTo_vectorFields_writesTheVectorHeader(SegmentVector vector) {
        // given
        SegmentHeader header = new SegmentHeader(
                vector.suite(),
                vector.isFinal(),
                false,
                vector.frameSize(),
                vector.plaintext().length,
                vector.streamId(),
                vector.segmentIndex(),
                vector.salt(),
                vector.commitment());
        ByteBuffer out = ByteBuffer.allocate(SIZE + 3);

        // when
        header.encodeTo(out);

        // then
        assertThat(out.position()).isEqualTo(SIZE);
        assertThat(Arrays.copyOf(out.array(), SIZE))
                .isEqualTo(vector.header())
                .isEqualTo(Arrays.copyOf(vector.wire(), SIZE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decode_vectorWire_givesTheFieldsAndStopsAfterTheHeader(SegmentVector vector) throws Exception {
        // given
        ByteBuffer in = ByteBuffer.wrap(vector.wire());

        // when
        SegmentHeader decoded = SegmentHeader.decode(in, "vector");

        // then
        assertThat(in.position()).isEqualTo(SIZE);
        assertThat(decoded.suite()).isEqualTo(vector.suite());
        assertThat(decoded.isFinal()).isEqualTo(vector.isFinal());
        assertThat(decoded.frameSizeBytes()).isEqualTo(vector.frameSize());
        assertThat(decoded.plaintextLength()).isEqualTo(vector.plaintext().length);
        assertThat(decoded.streamId()).isEqualTo(vector.streamId());
        assertThat(decoded.segmentIndex()).isEqualTo(vector.segmentIndex());
        assertThat(decoded.salt()).isEqualTo(vector.salt());
        assertThat(decoded.commitment()).isEqualTo(vector.commitment());
    }

    // ---- parse rules 1 to 9, each on the worked example's header --------------------------------

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 107})
    void decode_fewerThan108Bytes_throwsTruncated(int length) {
        // given: rule 1
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(WORKED, length));

        // when / then
        assertThatThrownBy(() -> SegmentHeader.decode(in, "test"))
                .isExactlyInstanceOf(TruncatedCiphertextException.class);
    }

    @ParameterizedTest(name = "magic byte {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void decode_magicByteChanged_throwsMalformed(int offset) {
        // given: rule 2
        byte[] header = WORKED.clone();
        header[offset] ^= 0x20;

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {0x00, 0x03, 0xff})
    void decode_unknownVersion_throwsMalformed(int version) {
        // given: rule 3
        byte[] header = with(WORKED, 4, version);

        // when / then
        assertMalformed(header);
    }

    @Test
    void decode_version1_throwsMalformedSayingItIsNotSupported() {
        // given: rule 3; version 1 had no STREAM flag (ADR 0007)
        byte[] header = with(WORKED, 4, 0x01);

        // when / then
        assertThatThrownBy(() -> SegmentHeader.decode(ByteBuffer.wrap(header), "segment"))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("segment: format version 1 is not supported: this build reads version 2 only"
                        + " (decrypt with the segcrypt build that wrote it, then encrypt again)");
    }

    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {0x00, 0x03, 0xff})
    void decode_unknownSuite_throwsMalformed(int suite) {
        // given: rule 4
        byte[] header = with(WORKED, 5, suite);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(ints = {0x04, 0x05, 0x07, 0x80, 0x81, 0xff})
    void decode_unknownFlagBits_throwsMalformed(int flags) {
        // given: rule 5
        byte[] header = with(WORKED, 6, flags);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x03})
    void decode_finalAndStreamFlagsClearOrSet_areAcceptedAsThoseFlags(int flags) throws Exception {
        // given: the lone-segment check (rule 10) belongs to the decoder, not to the header
        byte[] header = with(WORKED, 6, flags);

        // when
        SegmentHeader decoded = SegmentHeader.decode(ByteBuffer.wrap(header), "test");

        // then
        assertThat(decoded.isFinal()).isEqualTo((flags & 0x01) != 0);
        assertThat(decoded.isInStream()).isEqualTo((flags & 0x02) != 0);
        assertThat(decoded.flags()).isEqualTo(flags);
    }

    @ParameterizedTest(name = "reserved {0}")
    @ValueSource(ints = {0x01, 0x80, 0xff})
    void decode_reservedByteNotZero_throwsMalformed(int reserved) {
        // given: rule 6
        byte[] header = with(WORKED, 7, reserved);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "frame size {0}")
    @ValueSource(longs = {0, 1, 63, 16_777_217, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL})
    void decode_frameSizeOutsideItsRange_throwsMalformed(long frameSize) {
        // given: rule 7, F outside [64, 16777216], read as u32
        byte[] header = withU32(WORKED, 8, frameSize);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "frame size {0}")
    @ValueSource(ints = {64, 65, 16_777_215, 16_777_216})
    void decode_frameSizeAtTheEdgesOfItsRange_isAccepted(int frameSize) throws Exception {
        // given
        byte[] header = withU32(WORKED, 8, frameSize);

        // when
        SegmentHeader decoded = SegmentHeader.decode(ByteBuffer.wrap(header), "test");

        // then
        assertThat(decoded.frameSizeBytes()).isEqualTo(frameSize);
    }

    @ParameterizedTest(name = "plaintext length {0}")
    @ValueSource(longs = {(1L << 30) + 1, 1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, -1L})
    void decode_plaintextLengthOver2To30_throwsMalformed(long length) {
        // given: rule 8, L read as u64 (the last two are 2^63 and 2^64 - 1)
        byte[] header = withU64(WORKED, 12, length);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "plaintext length {0}")
    @ValueSource(longs = {0, 1L << 30})
    void decode_plaintextLengthAtTheEdgesOfItsRange_isAccepted(long length) throws Exception {
        // given
        byte[] header = withU64(WORKED, 12, length);

        // when
        SegmentHeader decoded = SegmentHeader.decode(ByteBuffer.wrap(header), "test");

        // then
        assertThat(decoded.plaintextLength()).isEqualTo(length);
    }

    @ParameterizedTest(name = "segment index {0}")
    @ValueSource(longs = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L})
    void decode_segmentIndexWithTopBitSet_throwsMalformed(long index) {
        // given: rule 9, 2^63, 2^63 + 1 and 2^64 - 1 as u64
        byte[] header = withU64(WORKED, 36, index);

        // when / then
        assertMalformed(header);
    }

    @ParameterizedTest(name = "segment index {0}")
    @ValueSource(longs = {0, 1, Long.MAX_VALUE})
    void decode_segmentIndexBelow2To63_isAccepted(long index) throws Exception {
        // given
        byte[] header = withU64(WORKED, 36, index);

        // when
        SegmentHeader decoded = SegmentHeader.decode(ByteBuffer.wrap(header), "test");

        // then
        assertThat(decoded.segmentIndex()).isEqualTo(index);
    }

    private static void assertMalformed(byte[] header) {
        assertThatThrownBy(() -> SegmentHeader.decode(ByteBuffer.wrap(header), "test"))
                .isExactlyInstanceOf(MalformedCiphertextException.class);
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

    private static byte[] withU64(byte[] header, int offset, long value) {
        byte[] out = header.clone();
        ByteBuffer.wrap(out).putLong(offset, value);
        return out;
    }
}
