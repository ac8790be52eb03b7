package dev.segcrypt.testing;

import dev.segcrypt.Suite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the stream known-answer file {@code src/test/resources/vectors/stream-kat.json} (a
 * Wycheproof-shaped file, frozen once from {@link SpecStreamEncoder}) with the test-only {@link
 * Json} reader.
 */
public final class StreamVectors {

    /** The file, relative to the project root (Surefire's working directory). */
    public static final Path FILE = Path.of("src/test/resources/vectors/stream-kat.json");

    private static final HexFormat HEX = HexFormat.of();

    private StreamVectors() {}

    /** One segment of a vector: its place in the stream and its wire bytes. */
    public record Segment(long index, boolean isFinal, long offset, int plaintextLength, byte[] salt, byte[] wire) {}

    /**
     * One test case of the file. {@code masterKey} is the Argon2id output for a passphrase stream;
     * {@code passphrase} is empty for a key-file stream.
     */
    public record Vector(
            int tcId,
            String comment,
            List<String> flags,
            String result,
            String expect,
            String keySource,
            Optional<String> passphrase,
            byte[] masterKey,
            Suite suite,
            int frameSize,
            int segmentSize,
            byte[] streamId,
            byte[] kdfSalt,
            int kdfMemoryKiB,
            int kdfIterations,
            int kdfParallelism,
            byte[] plaintext,
            byte[] headerPrefix,
            byte[] headerMacKey,
            byte[] headerTag,
            byte[] header,
            List<Segment> segments,
            byte[] stream) {

        /** {@return whether the key comes from a passphrase (key source 0x01)} */
        public boolean isPassphrase() {
            return keySource.equals("passphrase");
        }

        /** {@return the plaintext of segment {@code k}} */
        public byte[] segmentPlaintext(int k) {
            int from = Math.min(plaintext.length, k * segmentSize);
            return Arrays.copyOfRange(plaintext, from, Math.min(plaintext.length, from + segmentSize));
        }

        @Override
        public String toString() {
            return "tcId " + tcId + " (" + comment + ")";
        }
    }

    /** {@return every vector of {@link #FILE}, in file order} */
    public static List<Vector> load() {
        return load(FILE);
    }

    /** {@return the one vector flagged {@code flag}} */
    public static Vector flagged(String flag) {
        List<Vector> found =
                load().stream().filter(v -> v.flags().contains(flag)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " vectors flagged " + flag + " in " + FILE);
        }
        return found.getFirst();
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
        List<Segment> segments = new ArrayList<>();
        for (Object s : Json.array(Json.member(t, "segments"))) {
            Map<String, Object> segment = Json.object(s);
            segments.add(new Segment(
                    Json.integer(segment, "index"),
                    bool(segment, "final"),
                    Json.integer(segment, "offset"),
                    (int) Json.integer(segment, "plaintextLength"),
                    hex(segment, "salt"),
                    hex(segment, "wire")));
        }
        Optional<String> passphrase =
                t.containsKey("passphrase") ? Optional.of(Json.string(t, "passphrase")) : Optional.empty();
        return new Vector(
                (int) Json.integer(t, "tcId"),
                Json.string(t, "comment"),
                Json.array(Json.member(t, "flags")).stream()
                        .map(String.class::cast)
                        .toList(),
                Json.string(t, "result"),
                Json.string(t, "expect"),
                Json.string(t, "keySource"),
                passphrase,
                hex(t, "masterKey"),
                Suite.fromDisplayName(Json.string(t, "suite")),
                (int) Json.integer(t, "frameSize"),
                (int) Json.integer(t, "segmentSize"),
                hex(t, "streamId"),
                hex(t, "kdfSalt"),
                (int) Json.integer(t, "kdfMemoryKiB"),
                (int) Json.integer(t, "kdfIterations"),
                (int) Json.integer(t, "kdfParallelism"),
                hex(t, "plaintext"),
                hex(t, "headerPrefix"),
                hex(t, "headerMacKey"),
                hex(t, "headerTag"),
                hex(t, "header"),
                List.copyOf(segments),
                hex(t, "stream"));
    }

    private static boolean bool(Map<String, Object> object, String name) {
        if (!(Json.member(object, name) instanceof Boolean b)) {
            throw new IllegalArgumentException("member \"" + name + "\" is not a boolean");
        }
        return b;
    }

    private static byte[] hex(Map<String, Object> object, String name) {
        return HEX.parseHex(Json.string(object, name));
    }
}
