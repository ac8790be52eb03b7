package dev.segcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.testing.VectorFiles.Category;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what tests compare with the vector files from the docs: the fenced hex blocks of the
 * examples, and the numbered MUST-reject rules of the format.
 */
public final class DocBlocks {

    /** The format specification, at the top of the repository (tests run in the library's folder). */
    public static final Path WIRE_FORMAT = Path.of("../docs/wire-format.md");

    private static final Pattern RULE_START = Pattern.compile("^(\\d+)\\. (.*)$");
    private static final Pattern CATEGORY = Pattern.compile("\\[([a-z][a-z ]*)\\]");

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

    /**
     * {@return the numbered rules that say "MUST reject" in the section under {@code heading} (a
     * whole heading line, such as {@code ## Parse rules}), each with the categories its text puts in
     * brackets, such as {@code [wrong key]}} The section ends at the next heading of its level or
     * above; a rule runs from its number to the next blank or unindented line.
     */
    public static TreeMap<Integer, Set<Category>> mustRejectRules(String doc, String heading) {
        String[] lines = doc.split("\n", -1);
        int level = heading.indexOf(' ');
        int start = List.of(lines).indexOf(heading);
        assertThat(start).as("heading \"%s\" in the doc", heading).isNotNegative();
        TreeMap<Integer, String> texts = new TreeMap<>();
        Integer current = null;
        for (int i = start + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#") && line.indexOf(' ') <= level) {
                break;
            }
            Matcher item = RULE_START.matcher(line);
            if (item.matches()) {
                current = Integer.valueOf(item.group(1));
                texts.put(current, item.group(2));
            } else if (current != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                texts.merge(current, line.strip(), (a, b) -> a + " " + b);
            } else {
                current = null;
            }
        }
        TreeMap<Integer, Set<Category>> rules = new TreeMap<>();
        texts.forEach((number, text) -> {
            if (text.contains("MUST reject")) {
                Set<Category> categories = EnumSet.noneOf(Category.class);
                Matcher m = CATEGORY.matcher(text);
                while (m.find()) {
                    categories.add(Category.fromSpecName(m.group(1)));
                }
                rules.put(number, categories);
            }
        });
        return rules;
    }
}
