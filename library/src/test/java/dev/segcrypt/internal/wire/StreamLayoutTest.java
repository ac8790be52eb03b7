package dev.segcrypt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.StreamSegment;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the segments of a stream lie (docs/wire-format.md, "Random access"), against the spec's
 * formulas computed here, not by the class under test:
 *
 * <pre>
 * W        = 108 + S + 16*ceil(S / F) + 48 + 32        (wire length of a full segment)
 * offset_k = 96 + k*W
 * </pre>
 *
 * and against the known answers of stream-kat.json; and which plaintext lengths may stand where
 * (stream parse rule 16).
 */
class StreamLayoutTest {

    /** (F, S): equal, S a multiple of F, S not one, S smaller than F, and the largest of both. */
    static Stream<Arguments> frameAndSegmentSizes() {
        return Stream.of(
                Arguments.of(64, 64),
                Arguments.of(64, 128),
                Arguments.of(64, 100),
                Arguments.of(100, 64),
                Arguments.of(4096, 65_536),
                Arguments.of(262_144, 4_194_304),
                Arguments.of(65, 1 << 30),
                Arguments.of(64, 1 << 30),
                Arguments.of(16_777_216, 1 << 30));
    }

    @ParameterizedTest(name = "F={0} S={1}")
    @MethodSource("frameAndSegmentSizes")
    void fullSegmentWireBytes_frameAndSegmentSize_isTheSpecFormula(int f, int s) {
        // given
        StreamLayout layout = new StreamLayout(f, s);

        // when
        long wire = layout.fullSegmentWireBytes();

        // then
        assertThat(wire).isEqualTo(specW(f, s));
    }

    @ParameterizedTest(name = "F={0} S={1}")
    @MethodSource("frameAndSegmentSizes")
    void segmentOffset_indices_areTheSpecFormula(int f, int s) {
        // given
        StreamLayout layout = new StreamLayout(f, s);
        long w = specW(f, s);

        for (long k : new long[] {0, 1, 2, 1000, 1L << 20}) {
            // when
            long offset = layout.segmentOffset(k);

            // then
            assertThat(offset).as("offset of segment %d", k).isEqualTo(96 + k * w);
        }
    }

    @Test
    void segmentOffset_negativeIndex_throwsIllegalArgument() {
        // given
        StreamLayout layout = new StreamLayout(64, 128);

        // when / then
        assertThatThrownBy(() -> layout.segmentOffset(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "F={0} S={1}")
    @MethodSource("frameAndSegmentSizes")
    void segmentsWithin_lengthsAroundSegmentStarts_countTheSegmentsThatBeginBeforeTheEnd(int f, int s) {
        // given: every length from 0 to just past the third segment's start, at the edges
        StreamLayout layout = new StreamLayout(f, s);
        long w = specW(f, s);
        long[] lengths = {0, 1, 95, 96, 97, 96 + w - 1, 96 + w, 96 + w + 1, 96 + 2 * w, 96 + 2 * w + 1};

        for (long length : lengths) {
            // when
            long count = layout.segmentsWithin(length);

            // then
            assertThat(count).as("segments within %d bytes", length).isEqualTo(specSegmentsWithin(length, w));
        }
    }

    static Stream<StreamVector> vectors() {
        return VectorFiles.streamKnownAnswers().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void layout_knownAnswerStream_placesEverySegmentWhereTheVectorHasIt(StreamVector vector) {
        // given
        StreamLayout layout = new StreamLayout(vector.frameSize(), vector.segmentSize());

        // when
        long count = layout.segmentsWithin(vector.stream().length);

        // then
        assertThat(count).isEqualTo(vector.segments().size());
        for (StreamSegment segment : vector.segments()) {
            assertThat(layout.segmentOffset(segment.index()))
                    .as("offset of segment %d", segment.index())
                    .isEqualTo(segment.offset());
            if (!segment.isFinal()) {
                assertThat(layout.fullSegmentWireBytes())
                        .as("wire length of non-final segment %d", segment.index())
                        .isEqualTo(segment.wire().length);
            }
        }
    }

    @Test
    void fullSegmentWireBytes_workedExample_is348() {
        // given: F = 64, S = 128 (docs/wire-format.md, stream worked example)
        StreamLayout layout = new StreamLayout(64, 128);

        // when
        int wire = layout.fullSegmentWireBytes();

        // then
        assertThat(wire).isEqualTo(348);
        assertThat(layout.segmentOffset(2)).isEqualTo(792);
    }

    @ParameterizedTest(name = "plaintext byte {0} -> segment {1}")
    @CsvSource({"0, 0", "127, 0", "128, 1", "299, 2", "137438953472, 1073741824"})
    void segmentIndexOf_plaintextOffset_isTheOffsetDividedByTheSegmentSize(long plaintextOffset, long index) {
        // given: S = 128; plaintext byte x is in segment floor(x / S)
        StreamLayout layout = new StreamLayout(64, 128);

        // when
        long segment = layout.segmentIndexOf(plaintextOffset);

        // then
        assertThat(segment).isEqualTo(index);
    }

    @ParameterizedTest(name = "index {0}, L={1}, final={2}: {3}")
    @CsvSource({
        // non-final segments hold exactly S = 128 bytes
        "0, 128, false, true",
        "5, 128, false, true",
        "0, 127, false, false",
        "5, 129, false, false",
        "3, 0,   false, false",
        "0, 0,   false, false",
        // the final segment holds 1 to S bytes, or 0 when it is segment 0 (the empty message)
        "0, 1,   true,  true",
        "7, 1,   true,  true",
        "2, 44,  true,  true",
        "2, 128, true,  true",
        "2, 129, true,  false",
        "0, 129, true,  false",
        "0, 0,   true,  true",
        "1, 0,   true,  false"
    })
    void allows_lengthAndFinalFlagAtIndex_isTheCanonicalLengthRule(
            long index, int plaintextLength, boolean isFinal, boolean allowed) {
        // given: stream parse rule 16, S = 128
        StreamLayout layout = new StreamLayout(64, 128);

        // when
        boolean allows = layout.allows(index, plaintextLength, isFinal);

        // then
        assertThat(allows).isEqualTo(allowed);
    }

    /** W = 108 + S + 16*ceil(S / F) + 48 + 32. */
    private static long specW(long f, long s) {
        return 108 + s + 16 * Math.ceilDiv(s, f) + 48 + 32;
    }

    /** The number of k with offset_k = 96 + k*W before {@code length}. */
    private static long specSegmentsWithin(long length, long w) {
        long k = 0;
        while (96 + k * w < length) {
            k++;
        }
        return k;
    }
}
