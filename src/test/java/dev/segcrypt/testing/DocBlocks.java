package dev.segcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the fenced hex blocks of the docs that tests compare with the known-answer vectors. */
public final class DocBlocks {

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
