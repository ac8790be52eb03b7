package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/design.md, checked on the sources: which file refers to which (imports,
 * qualified names, and simple names of the same package, comments and strings left out), no cycle
 * between files except the edge from a sealed type to the classes its {@code permits} clause names,
 * and only the allowed directions between the internal packages.
 */
class ArchitectureTest {

    private static final String API = "dev.segcrypt";
    private static final String INTERNAL = "dev.segcrypt.internal.";

    /** Which internal packages each internal package may use (every one may use the API). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "wire", Set.of(),
            "crypto", Set.of("wire"),
            "telemetry", Set.of(),
            "engine", Set.of("wire", "crypto", "telemetry"),
            "stream", Set.of("wire", "crypto", "engine"));

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.segcrypt(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z]\\w*\\b");
    private static final Pattern PERMITS = Pattern.compile("\\bpermits\\s+([\\w.,\\s]+?)\\{");
    private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'",
            Pattern.DOTALL);

    private static Map<String, Set<String>> graph; // file (qualified top-level name) -> files it refers to

    @BeforeAll
    static void readSources() throws IOException {
        Map<String, String> code = new TreeMap<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/java-preview"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
                        .forEach(p -> {
                            String source = COMMENT_OR_LITERAL.matcher(read(p)).replaceAll(" ");
                            Matcher pkg = PACKAGE.matcher(source);
                            assertThat(pkg.find()).as("package of %s", p).isTrue();
                            String name = p.getFileName().toString().replace(".java", "");
                            code.put(pkg.group(1) + "." + name, source);
                        });
            }
        }
        graph = new TreeMap<>();
        code.forEach((file, source) -> graph.put(file, references(file, source, code.keySet())));
    }

    @Test
    void sources_areFound() {
        assertThat(graph).containsKeys(API + ".Segcrypt", INTERNAL + "wire.SegmentHeader");
    }

    @Test
    void fileGraph_hasNoCycle_exceptSealedPermits() {
        List<Set<String>> cycles = stronglyConnected(graph).stream()
                .filter(component -> component.size() > 1)
                .toList();
        assertThat(cycles).as("files that refer to each other in a cycle").isEmpty();
    }

    @Test
    void internalPackages_dependOnlyDownwards() {
        List<String> violations = new ArrayList<>();
        graph.forEach((from, targets) -> {
            String fromLayer = layer(from);
            for (String to : targets) {
                String toLayer = layer(to);
                if (fromLayer != null
                        && toLayer != null
                        && !fromLayer.equals(toLayer)
                        && !ALLOWED.get(fromLayer).contains(toLayer)) {
                    violations.add(from + " -> " + to);
                }
            }
        });
        assertThat(violations).as("references against the allowed directions").isEmpty();
        assertThat(ALLOWED.keySet())
                .containsAll(graph.keySet().stream()
                        .map(ArchitectureTest::layer)
                        .filter(l -> l != null)
                        .toList());
    }

    /** {@return the internal package of {@code file}, or null for the API} */
    private static String layer(String file) {
        if (!file.startsWith(INTERNAL)) {
            return null;
        }
        String rest = file.substring(INTERNAL.length());
        return rest.substring(0, rest.indexOf('.'));
    }

    private static Set<String> references(String file, String source, Set<String> files) {
        String pkg = file.substring(0, file.lastIndexOf('.'));
        Set<String> found = new TreeSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            addOwner(imports.group(1), files, found);
        }
        Matcher qualified = QUALIFIED.matcher(source);
        while (qualified.find()) {
            addOwner(qualified.group(), files, found);
        }
        Matcher identifiers = IDENTIFIER.matcher(source);
        while (identifiers.find()) {
            String candidate = pkg + "." + identifiers.group();
            if (files.contains(candidate)) {
                found.add(candidate);
            }
        }
        Matcher permits = PERMITS.matcher(source);
        while (permits.find()) {
            for (String permitted : permits.group(1).split(",")) {
                String name = permitted.strip();
                found.removeIf(target -> target.equals(name) || target.endsWith("." + name));
            }
        }
        found.remove(file);
        return found;
    }

    /** Adds the file that declares {@code name} (a type, a nested type or a static member). */
    private static void addOwner(String name, Set<String> files, Set<String> found) {
        for (String prefix = name; prefix.contains("."); prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
            if (files.contains(prefix)) {
                found.add(prefix);
                return;
            }
        }
    }

    /** Tarjan's algorithm, iterative enough for a few hundred files. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, edges, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(
            String node,
            Map<String, Set<String>> edges,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, edges, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
