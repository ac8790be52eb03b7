package dev.segcrypt.internal.stream;

import static dev.segcrypt.testing.DocBlocks.fencedBlockAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.testing.DocBlocks;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.StreamSegment;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream worked example of docs/wire-format.md ("Streams") is known-answer vector tcId 1 (flag
 * {@code WorkedExample}) of stream-kat.json: the doc and the file must not drift apart.
 */
class StreamFormatDocTest {

    private static final Path DOC = DocBlocks.WIRE_FORMAT;
    /** The HTML comment right before the fenced block that holds the whole example stream. */
    static final String STREAM_MARKER = "<!-- stream-worked-example: stream-kat.json tcId 1 -->";

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void workedExample_wholeStreamBlock_equalsVectorStream() throws IOException {
        // given
        StreamVector vector = workedExample();
        String doc = Files.readString(DOC);

        // when
        String streamHex = fencedBlockAfter(doc, STREAM_MARKER);

        // then
        assertThat(streamHex).isEqualTo(HEX.formatHex(vector.stream()));
    }

    @ParameterizedTest(name = "tcId {0}")
    @ValueSource(ints = {2, 3})
    void furtherKnownAnswers_streamBlocks_equalVectorStreams(int tcId) throws IOException {
        // given: the empty stream and the passphrase stream
        StreamVector vector = VectorFiles.streamKnownAnswers().stream()
                .filter(v -> v.tcId() == tcId)
                .findFirst()
                .orElseThrow();
        String doc = Files.readString(DOC);

        // when
        String streamHex = fencedBlockAfter(doc, "<!-- known-answer: stream-kat.json tcId " + tcId + " -->");

        // then
        assertThat(streamHex).isEqualTo(HEX.formatHex(vector.stream()));
        assertThat(doc).contains(HEX.formatHex(vector.masterKey()), HEX.formatHex(vector.streamId()));
        vector.passphrase().ifPresent(passphrase -> assertThat(doc).contains(passphrase));
    }

    @Test
    void workedExample_headerTagAndSegmentPlaces_appearInTheDoc() throws IOException {
        // given
        StreamVector vector = workedExample();
        byte[] header = vector.header();

        // when
        String doc = streamsSection(Files.readString(DOC));

        // then: header table, tag derivation, and each segment's offset, length and header
        assertThat(doc)
                .contains(
                        "| 0 | magic | `" + HEX.formatHex(header, 0, 8) + "` |",
                        "| 10 | keySource | `" + HEX.formatHex(header, 10, 11) + "` |",
                        "| 12 | frameSize | `" + HEX.formatHex(header, 12, 16) + "` |",
                        "| 16 | segmentSize | `" + HEX.formatHex(header, 16, 20) + "` |",
                        "| 20 | streamId | `" + HEX.formatHex(vector.streamId()) + "` |",
                        "| 36 | kdfSalt | `" + HEX.formatHex(vector.kdfSalt()) + "` |",
                        "| 64 | headerTag | `" + HEX.formatHex(vector.headerTag()) + "` |",
                        "K_h       = " + HEX.formatHex(vector.headerMacKey()),
                        "headerTag = " + HEX.formatHex(vector.headerTag()),
                        HEX.formatHex(vector.masterKey()));
        for (StreamSegment segment : vector.segments()) {
            int from = (int) segment.index() * vector.segmentSize();
            assertThat(doc)
                    .as("segment %d", segment.index())
                    .contains(
                            "| " + segment.index() + " | " + segment.offset() + " | `plaintext[" + from + ".."
                                    + (from + segment.plaintextLength()) + ")`",
                            "| " + segment.plaintextLength() + " | ",
                            " | " + (segment.isFinal() ? "yes" : "no") + " | " + segment.wire().length + " | ",
                            "segment " + segment.index() + "  " + HEX.formatHex(segment.wire(), 0, 44),
                            "commitment " + HEX.formatHex(segment.wire(), 76, 108));
        }
        assertThat(doc).contains("The whole stream, 96 + 348 + 348 + 248 = " + vector.stream().length + " bytes");
    }

    private static StreamVector workedExample() {
        StreamVector worked = VectorFiles.streamKnownAnswer("WorkedExample");
        assertThat(worked.tcId()).isEqualTo(1);
        return worked;
    }

    /** {@return the text of the "## Streams" section, up to the next second-level heading} */
    private static String streamsSection(String doc) {
        int start = doc.indexOf("\n## Streams\n");
        assertThat(start).as("\"## Streams\" in %s", DOC).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    /** {@return the content of the first fenced code block after {@code marker}, whitespace removed} */
}
