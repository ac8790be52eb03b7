package dev.segcrypt.internal.engine;

import static dev.segcrypt.testing.DocBlocks.fencedBlockAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.testing.DocBlocks;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.SegmentFrame;
import dev.segcrypt.testing.VectorFiles.SegmentVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/wire-format.md is known-answer vector tcId 1 (flag {@code
 * WorkedExample}) of segment-kat.json: the doc and the file must not drift apart.
 */
class WireFormatDocTest {

    private static final Path DOC = DocBlocks.WIRE_FORMAT;
    /** The HTML comment right before the fenced block that holds the worked example's full wire. */
    static final String WIRE_MARKER = "<!-- worked-example-wire: segment-kat.json tcId 1 -->";

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void workedExample_fullWireBlock_equalsVectorWire() throws IOException {
        // given
        SegmentVector vector = workedExample();
        String doc = Files.readString(DOC);

        // when
        String wireHex = fencedBlockAfter(doc, WIRE_MARKER);

        // then
        assertThat(wireHex).isEqualTo(HEX.formatHex(vector.wire()));
    }

    @Test
    void workedExample_intermediateValues_appearInTheDoc() throws IOException {
        // given
        SegmentVector vector = workedExample();

        // when
        String doc = Files.readString(DOC);

        // then
        assertThat(doc)
                .contains(
                        HEX.formatHex(vector.masterKey()),
                        HEX.formatHex(vector.streamId()),
                        HEX.formatHex(vector.salt()),
                        HEX.formatHex(vector.segmentKey()),
                        HEX.formatHex(vector.commitment()),
                        HEX.formatHex(vector.digest()));
        for (SegmentFrame frame : vector.frames()) {
            assertThat(doc)
                    .as("frame %s %d", frame.type(), frame.index())
                    .contains(
                            HEX.formatHex(frame.nonce()),
                            HEX.formatHex(frame.aadSuffix()),
                            HEX.formatHex(frame.plaintext()),
                            HEX.formatHex(frame.ciphertext()),
                            HEX.formatHex(frame.tag()));
        }
        assertThat(doc)
                .contains(
                        "| 0 | magic | `" + HEX.formatHex(vector.header(), 0, 4) + "` |",
                        "| 76 | commitment | `" + HEX.formatHex(vector.header(), 76, 108) + "` |");
    }

    @Test
    void chachaKnownAnswer_wireBlock_equalsVectorWire() throws IOException {
        // given
        SegmentVector vector = VectorFiles.segmentKnownAnswers().stream()
                .filter(v -> v.tcId() == 2)
                .findFirst()
                .orElseThrow();
        String doc = Files.readString(DOC);

        // when
        String wireHex = fencedBlockAfter(doc, "<!-- known-answer: segment-kat.json tcId 2 -->");

        // then
        assertThat(vector.suite()).isEqualTo(dev.segcrypt.Suite.CHACHA20_POLY1305);
        assertThat(wireHex).isEqualTo(HEX.formatHex(vector.wire()));
        assertThat(doc).contains(HEX.formatHex(vector.segmentKey()), HEX.formatHex(vector.commitment()));
    }

    private static SegmentVector workedExample() {
        List<SegmentVector> worked = VectorFiles.segmentKnownAnswers().stream()
                .filter(v -> v.flags().contains("WorkedExample"))
                .toList();
        assertThat(worked).as("vectors flagged WorkedExample").hasSize(1);
        assertThat(worked.getFirst().tcId()).isEqualTo(1);
        return worked.getFirst();
    }

    /** {@return the content of the first fenced code block after {@code marker}, whitespace removed} */
}
