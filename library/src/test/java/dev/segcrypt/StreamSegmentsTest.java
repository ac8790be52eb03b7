package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The key-less layout arithmetic of {@link StreamSegments}, against lengths worked out from
 * docs/wire-format.md: segments of {@value #S} bytes in frames of {@value #F} bytes.
 */
class StreamSegmentsTest {

    private static final int F = 64;
    private static final int S = 256;
    private static final int HEADER = 96;
    /** Segment header, 4 data frames with their tags, digest frame (32 + 16), terminator frame (16 + 16). */
    private static final int FULL_WIRE = 108 + S + 4 * 16 + 48 + 32;
    /** The final segment of 100 bytes: 2 data frames. */
    private static final int LAST_WIRE = 108 + 100 + 2 * 16 + 48 + 32;
    /** The single segment of the empty stream: no data frame. */
    private static final int EMPTY_WIRE = 108 + 48 + 32;

    private static final StreamInfo INFO =
            new StreamInfo(1, Suite.AES_256_GCM, F, S, "00".repeat(16), Optional.empty(), Optional.empty());

    @Test
    void of_threeSegments_givesOffsetsLengthsAndLast() {
        // given
        long length = HEADER + 2 * FULL_WIRE + LAST_WIRE;

        // when
        StreamSegments segments = StreamSegments.of(INFO, length);

        // then
        assertThat(segments.count()).isEqualTo(3);
        assertThat(segments.fullSegmentWireBytes()).isEqualTo(FULL_WIRE);
        assertThat(segments.offset(0)).isEqualTo(HEADER);
        assertThat(segments.offset(1)).isEqualTo(HEADER + FULL_WIRE);
        assertThat(segments.offset(2)).isEqualTo(HEADER + 2 * FULL_WIRE);
        assertThat(segments.wireBytes(0)).isEqualTo(FULL_WIRE);
        assertThat(segments.wireBytes(1)).isEqualTo(FULL_WIRE);
        assertThat(segments.wireBytes(2)).isEqualTo(LAST_WIRE);
        assertThat(segments.isLast(1)).isFalse();
        assertThat(segments.isLast(2)).isTrue();
    }

    @Test
    void of_emptyStream_hasOneShortSegment() {
        StreamSegments segments = StreamSegments.of(INFO, HEADER + EMPTY_WIRE);

        assertThat(segments.count()).isEqualTo(1);
        assertThat(segments.wireBytes(0)).isEqualTo(EMPTY_WIRE);
        assertThat(segments.isLast(0)).isTrue();
    }

    @Test
    void of_oneFullSegment_hasOneSegment() {
        StreamSegments segments = StreamSegments.of(INFO, HEADER + FULL_WIRE);

        assertThat(segments.count()).isEqualTo(1);
        assertThat(segments.wireBytes(0)).isEqualTo(FULL_WIRE);
    }

    @Test
    void of_lengthEndingInOrAtTheHeader_hasNoSegment() {
        for (long length : new long[] {0, 1, HEADER - 1, HEADER}) {
            StreamSegments segments = StreamSegments.of(INFO, length);

            assertThat(segments.count()).as("length %d", length).isZero();
            assertThatThrownBy(() -> segments.offset(0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void of_trailingBytesAfterAFullSegment_countAsAShortLastSegment() {
        StreamSegments segments = StreamSegments.of(INFO, HEADER + FULL_WIRE + 10);

        assertThat(segments.count()).isEqualTo(2);
        assertThat(segments.wireBytes(1)).isEqualTo(10);
        assertThat(segments.isLast(0)).isFalse();
    }

    @Test
    void of_truncatedInsideTheLastSegment_leavesItWhatRemains() {
        StreamSegments segments = StreamSegments.of(INFO, HEADER + FULL_WIRE + LAST_WIRE - 1);

        assertThat(segments.count()).isEqualTo(2);
        assertThat(segments.wireBytes(1)).isEqualTo(LAST_WIRE - 1);
    }

    @Test
    void firstAtOrAfter_sharesOutEverySegmentOnce() {
        StreamSegments segments = StreamSegments.of(INFO, HEADER + 2 * FULL_WIRE + LAST_WIRE);

        assertThat(segments.firstAtOrAfter(0)).isZero();
        assertThat(segments.firstAtOrAfter(HEADER)).isZero();
        assertThat(segments.firstAtOrAfter(HEADER + 1)).isEqualTo(1);
        assertThat(segments.firstAtOrAfter(HEADER + FULL_WIRE)).isEqualTo(1);
        assertThat(segments.firstAtOrAfter(HEADER + FULL_WIRE + 1)).isEqualTo(2);
        assertThat(segments.firstAtOrAfter(HEADER + 2 * FULL_WIRE + 1)).isEqualTo(3);
        assertThat(segments.firstAtOrAfter(HEADER + 2 * FULL_WIRE + LAST_WIRE)).isEqualTo(3);
        assertThat(segments.firstAtOrAfter(Long.MAX_VALUE / 2)).isEqualTo(3);
    }

    @Test
    void misuse_negativeLengthOrOffset_throwsIllegalArgument() {
        assertThatThrownBy(() -> StreamSegments.of(INFO, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamSegments.of(INFO, 1000).firstAtOrAfter(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamSegments.of(INFO, 1000).wireBytes(-1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
