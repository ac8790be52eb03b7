package dev.segcrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for test-vector files (RFC 8259): objects become {@code Map<String, Object>}
 * (insertion order), arrays {@code List<Object>}, strings {@code String}, integers {@code Long},
 * other numbers {@code BigDecimal}, and {@code true}/{@code false}/{@code null} as themselves.
 * Test sources only; strict: trailing garbage, duplicate keys and bad escapes are errors.
 */
public final class Json {

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * {@return every test object of a Wycheproof-shaped vector file ({@code testGroups[].tests[]}),
     * in file order, after checking that {@code numberOfTests} matches when the file has it}
     */
    public static List<Map<String, Object>> vectorTests(Path file) {
        Map<String, Object> root;
        try {
            root = object(parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> tests = new ArrayList<>();
        for (Object group : array(member(root, "testGroups"))) {
            for (Object test : array(member(object(group), "tests"))) {
                tests.add(object(test));
            }
        }
        if (root.containsKey("numberOfTests") && tests.size() != integer(root, "numberOfTests")) {
            throw new IllegalArgumentException("numberOfTests does not match the tests in " + file);
        }
        return tests;
    }

    /** {@return the value that {@code text} holds} */
    public static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.skipWhitespace();
        if (json.pos != text.length()) {
            throw json.error("trailing characters");
        }
        return value;
    }

    /** {@return {@code value} as a JSON object} */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    /** {@return {@code value} as a JSON array} */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array, got " + describe(value));
        }
        return (List<Object>) value;
    }

    /** {@return member {@code name} of {@code object}, which must be present} */
    public static Object member(Map<String, Object> object, String name) {
        if (!object.containsKey(name)) {
            throw new IllegalArgumentException("missing member \"" + name + "\" in " + object.keySet());
        }
        return object.get(name);
    }

    /** {@return string member {@code name} of {@code object}} */
    public static String string(Map<String, Object> object, String name) {
        if (!(member(object, name) instanceof String s)) {
            throw new IllegalArgumentException("member \"" + name + "\" is not a string");
        }
        return s;
    }

    /** {@return integer member {@code name} of {@code object}} */
    public static long integer(Map<String, Object> object, String name) {
        if (!(member(object, name) instanceof Long n)) {
            throw new IllegalArgumentException("member \"" + name + "\" is not an integer");
        }
        return n;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private Object value() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> objectValue();
            case '[' -> arrayValue();
            case '"' -> stringValue();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> objectValue() {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = stringValue();
            skipWhitespace();
            expect(':');
            if (map.containsKey(name)) {
                throw error("duplicate member \"" + name + "\"");
            }
            map.put(name, value());
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> arrayValue() {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String stringValue() {
        pos++; // '"'
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        try {
            BigDecimal d = new BigDecimal(s);
            if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
                return d.longValueExact();
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("bad number '" + s + "'");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected '" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + pos);
    }
}
