package dev.segcrypt.testing;

import dev.segcrypt.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the segment known-answer file {@code src/test/resources/vectors/segment-kat.json} (a
 * Wycheproof-shaped file, frozen once from {@link SpecEncoder}) with the test-only {@link Json}
 * reader.
 */
public final class SegmentVectors {

    /** The file, relative to the project root (Surefire's working directory). */
    public static final Path FILE = Path.of("src/test/resources/vectors/segment-kat.json");

    private static final HexFormat HEX = HexFormat.of();

    private SegmentVectors() {}

    /** One frame of a vector: its binding and its bytes on the wire ({@code ciphertext || tag}). */
    public record Frame(
            String type, long index, byte[] nonce, byte[] aadSuffix, byte[] plaintext, byte[] ciphertext, byte[] tag) {}

    /** One test case of the file. */
    public record Vector(
            int tcId,
            String comment,
            List<String> flags,
            String result,
            String expect,
            byte[] masterKey,
            Suite suite,
            int frameSize,
            byte[] streamId,
            long segmentIndex,
            boolean isFinal,
            byte[] salt,
            byte[] plaintext,
            byte[] header,
            byte[] segmentKey,
            byte[] commitment,
            List<Frame> frames,
            byte[] digest,
            byte[] wire) {

        @Override
        public String toString() {
            return "tcId " + tcId + " (" + comment + ")";
        }
    }

    /** {@return every vector of {@link #FILE}, in file order} */
    public static List<Vector> load() {
        return load(FILE);
    }

    /** {@return every vector of {@code file}, in file order} */
    public static List<Vector> load(Path file) {
        List<Vector> vectors = new ArrayList<>();
        for (Map<String, Object> test : Json.vectorTests(file)) {
            vectors.add(vector(test));
        }
        return vectors;
    }

    private static Vector vector(Map<String, Object> t) {
        List<Frame> frames = new ArrayList<>();
        for (Object f : Json.array(Json.member(t, "frames"))) {
            Map<String, Object> frame = Json.object(f);
            frames.add(new Frame(
                    Json.string(frame, "type"),
                    Json.integer(frame, "index"),
                    hex(frame, "nonce"),
                    hex(frame, "aadSuffix"),
                    hex(frame, "plaintext"),
                    hex(frame, "ciphertext"),
                    hex(frame, "tag")));
        }
        if (!(Json.member(t, "final") instanceof Boolean isFinal)) {
            throw new IllegalArgumentException("member \"final\" is not a boolean");
        }
        return new Vector(
                (int) Json.integer(t, "tcId"),
                Json.string(t, "comment"),
                Json.array(Json.member(t, "flags")).stream()
                        .map(String.class::cast)
                        .toList(),
                Json.string(t, "result"),
                Json.string(t, "expect"),
                hex(t, "masterKey"),
                Suite.fromDisplayName(Json.string(t, "suite")),
                (int) Json.integer(t, "frameSize"),
                hex(t, "streamId"),
                Json.integer(t, "segmentIndex"),
                isFinal,
                hex(t, "salt"),
                hex(t, "plaintext"),
                hex(t, "header"),
                hex(t, "segmentKey"),
                hex(t, "commitment"),
                List.copyOf(frames),
                hex(t, "digest"),
                hex(t, "wire"));
    }

    private static byte[] hex(Map<String, Object> object, String name) {
        return HEX.parseHex(Json.string(object, name));
    }
}
