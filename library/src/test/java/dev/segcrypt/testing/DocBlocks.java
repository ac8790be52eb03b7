package dev.segcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Reads the fenced hex blocks of the docs that tests compare with the known-answer vectors. */
public final class DocBlocks {

    /** The format specification, at the top of the repository (tests run in the library's folder). */
    public static final Path WIRE_FORMAT = Path.of("../docs/wire-format.md");

    private DocBlocks() {}

    /** {@return the content of the first fenced block after {@code marker}, without whitespace} */
    public static String fencedBlockAfter(String doc, String marker) {
        int at = doc.indexOf(marker);
        assertThat(at).as("marker %s in the doc", marker).isNotNegative();
        int open = doc.indexOf("```", at);
        int contentStart = doc.indexOf('\n', open) + 1;
        int close = doc.indexOf("```", contentStart);
        assertThat(open).as("fenced block after the marker").isPositive();
        assertThat(close).as("end of the fenced block").isPositive();
        return doc.substring(contentStart, close).replaceAll("\\s+", "");
    }
}
