package dev.segcrypt.testing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.segcrypt.AuthenticationFailedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Suite;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.testing.SpecEncoder.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of test-vector files, with a typed view of each kind: segcrypt's own known answers
 * and invalid vectors under {@code src/test/resources/vectors/} (Wycheproof-shaped, frozen once from
 * {@link SpecEncoder} and {@link SpecStreamEncoder}), and the third-party Wycheproof and NIST CAVP
 * files under {@code ../shared} (see {@link SharedTestData}: a missing file skips the test).
 *
 * <p>Every reader is strict, so that a format change fails a test instead of silently testing less:
 * an unknown algorithm, schema, group type or (in segcrypt's files) member, a flag with no note, a
 * {@code numberOfTests} that differs from the tests read, duplicate JSON members, trailing content,
 * or a size that contradicts its group all fail.
 */
public final class VectorFiles {

    /** segcrypt's files, relative to the library folder (Surefire's working directory). */
    public static final Path SEGMENT_KAT = Path.of("src/test/resources/vectors/segment-kat.json");

    public static final Path STREAM_KAT = Path.of("src/test/resources/vectors/stream-kat.json");
    public static final Path SEGMENT_INVALID = Path.of("src/test/resources/vectors/segment-invalid.json");
    public static final Path STREAM_INVALID = Path.of("src/test/resources/vectors/stream-invalid.json");

    /** Under {@code ../shared}: Wycheproof's AES-GCM file (all key, nonce and tag sizes). */
    public static final String WYCHEPROOF_AES_GCM = "aes_gcm_test.json";

    /** Wycheproof's ChaCha20-Poly1305 file (RFC 8439, and nonce sizes it must refuse). */
    public static final String WYCHEPROOF_CHACHA20_POLY1305 = "chacha20_poly1305_test.json";

    private static final String SEGMENT_ALGORITHM = "segcrypt-segment-v2";
    private static final String STREAM_ALGORITHM = "segcrypt-stream-v2";
    private static final String WYCHEPROOF = "testvectors/wycheproof/";
    private static final String NIST = "testvectors/nist-gcm/";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final HexFormat HEX = HexFormat.of();
    // only the large third-party files; segcrypt's are re-read, so no test sees another's edits
    private static final Map<String, List<?>> CACHE = new ConcurrentHashMap<>();

    private VectorFiles() {}

    // ---- segcrypt's known answers -------------------------------------------------------------

    /** One frame of a segment known answer: its binding and its bytes on the wire ({@code ciphertext || tag}). */
    public record SegmentFrame(
            String type, long index, byte[] nonce, byte[] aadSuffix, byte[] plaintext, byte[] ciphertext, byte[] tag) {}

    /** One test of {@code segment-kat.json}: a lone segment and every intermediate value. */
    public record SegmentVector(
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
            List<SegmentFrame> frames,
            byte[] digest,
            byte[] wire) {

        @Override
        public String toString() {
            return "tcId " + tcId + " (" + comment + ")";
        }
    }

    /** One segment of a stream known answer: its place in the stream and its wire bytes. */
    public record StreamSegment(
            long index, boolean isFinal, long offset, int plaintextLength, byte[] salt, byte[] wire) {}

    /**
     * One test of {@code stream-kat.json}. {@code masterKey} is the Argon2id output for a passphrase
     * stream; {@code passphrase} is empty for a key-file stream.
     */
    public record StreamVector(
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
            List<StreamSegment> segments,
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

    /** {@return every vector of {@code segment-kat.json}, in file order} */
    public static List<SegmentVector> segmentKnownAnswers() {
        List<SegmentVector> vectors = new ArrayList<>();
        for (JsonNode t : ownTests(SEGMENT_KAT, SEGMENT_ALGORITHM, "SegmentTest")) {
            onlyMembers(
                    t,
                    Set.of(
                            "tcId",
                            "comment",
                            "flags",
                            "masterKey",
                            "suite",
                            "frameSize",
                            "streamId",
                            "segmentIndex",
                            "final",
                            "salt",
                            "plaintext",
                            "header",
                            "segmentKey",
                            "commitment",
                            "frames",
                            "digest",
                            "wire",
                            "result",
                            "expect"),
                    Set.of());
            List<SegmentFrame> frames = new ArrayList<>();
            for (JsonNode f : array(t, "frames")) {
                onlyMembers(
                        f, Set.of("type", "index", "nonce", "aadSuffix", "plaintext", "ciphertext", "tag"), Set.of());
                frames.add(new SegmentFrame(
                        text(f, "type"),
                        integer(f, "index"),
                        hex(f, "nonce"),
                        hex(f, "aadSuffix"),
                        hex(f, "plaintext"),
                        hex(f, "ciphertext"),
                        hex(f, "tag")));
            }
            vectors.add(new SegmentVector(
                    int32(t, "tcId"),
                    text(t, "comment"),
                    strings(t, "flags"),
                    text(t, "result"),
                    text(t, "expect"),
                    hex(t, "masterKey"),
                    Suite.fromDisplayName(text(t, "suite")),
                    int32(t, "frameSize"),
                    hex(t, "streamId"),
                    integer(t, "segmentIndex"),
                    bool(t, "final"),
                    hex(t, "salt"),
                    hex(t, "plaintext"),
                    hex(t, "header"),
                    hex(t, "segmentKey"),
                    hex(t, "commitment"),
                    List.copyOf(frames),
                    hex(t, "digest"),
                    hex(t, "wire")));
        }
        return List.copyOf(vectors);
    }

    /** {@return every vector of {@code stream-kat.json}, in file order} */
    public static List<StreamVector> streamKnownAnswers() {
        List<StreamVector> vectors = new ArrayList<>();
        for (JsonNode t : ownTests(STREAM_KAT, STREAM_ALGORITHM, "StreamTest")) {
            onlyMembers(
                    t,
                    Set.of(
                            "tcId",
                            "comment",
                            "flags",
                            "keySource",
                            "masterKey",
                            "suite",
                            "frameSize",
                            "segmentSize",
                            "streamId",
                            "kdfSalt",
                            "kdfMemoryKiB",
                            "kdfIterations",
                            "kdfParallelism",
                            "plaintext",
                            "headerPrefix",
                            "headerMacKey",
                            "headerTag",
                            "header",
                            "segments",
                            "stream",
                            "result",
                            "expect"),
                    Set.of("passphrase"));
            List<StreamSegment> segments = new ArrayList<>();
            for (JsonNode s : array(t, "segments")) {
                onlyMembers(s, Set.of("index", "final", "offset", "plaintextLength", "salt", "wire"), Set.of());
                segments.add(new StreamSegment(
                        integer(s, "index"),
                        bool(s, "final"),
                        integer(s, "offset"),
                        int32(s, "plaintextLength"),
                        hex(s, "salt"),
                        hex(s, "wire")));
            }
            vectors.add(new StreamVector(
                    int32(t, "tcId"),
                    text(t, "comment"),
                    strings(t, "flags"),
                    text(t, "result"),
                    text(t, "expect"),
                    text(t, "keySource"),
                    t.has("passphrase") ? Optional.of(text(t, "passphrase")) : Optional.empty(),
                    hex(t, "masterKey"),
                    Suite.fromDisplayName(text(t, "suite")),
                    int32(t, "frameSize"),
                    int32(t, "segmentSize"),
                    hex(t, "streamId"),
                    hex(t, "kdfSalt"),
                    int32(t, "kdfMemoryKiB"),
                    int32(t, "kdfIterations"),
                    int32(t, "kdfParallelism"),
                    hex(t, "plaintext"),
                    hex(t, "headerPrefix"),
                    hex(t, "headerMacKey"),
                    hex(t, "headerTag"),
                    hex(t, "header"),
                    List.copyOf(segments),
                    hex(t, "stream")));
        }
        return List.copyOf(vectors);
    }

    /** {@return the one vector of {@code stream-kat.json} flagged {@code flag}} */
    public static StreamVector streamKnownAnswer(String flag) {
        List<StreamVector> found = streamKnownAnswers().stream()
                .filter(v -> v.flags().contains(flag))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " vectors flagged " + flag + " in " + STREAM_KAT);
        }
        return found.getFirst();
    }

    // ---- segcrypt's invalid vectors -----------------------------------------------------------

    /**
     * The error category an invalid vector expects: its {@code expect} value in the file, the word
     * the spec's rules put in brackets, the library's exception and the spec decoder's failure.
     */
    public enum Category {
        TRUNCATED("truncated", "truncated", TruncatedCiphertextException.class, Failure.TRUNCATED),
        MALFORMED("malformed", "malformed", MalformedCiphertextException.class, Failure.MALFORMED),
        WRONG_KEY("wrongKey", "wrong key", WrongKeyException.class, Failure.WRONG_KEY),
        AUTHENTICATION_FAILED(
                "authenticationFailed",
                "authentication failed",
                AuthenticationFailedException.class,
                Failure.AUTHENTICATION);

        private final String fileName;
        private final String specName;
        private final Class<? extends InvalidCiphertextException> exception;
        private final Failure specFailure;

        Category(
                String fileName,
                String specName,
                Class<? extends InvalidCiphertextException> exception,
                Failure specFailure) {
            this.fileName = fileName;
            this.specName = specName;
            this.exception = exception;
            this.specFailure = specFailure;
        }

        /** {@return the category in brackets in docs/wire-format.md, such as {@code wrong key}} */
        public String specName() {
            return specName;
        }

        /** {@return the exception the library throws for it} */
        public Class<? extends InvalidCiphertextException> exception() {
            return exception;
        }

        /** {@return what the spec decoders of this package call it} */
        public Failure specFailure() {
            return specFailure;
        }

        /** {@return the category the spec writes in brackets as {@code specName}, such as {@code wrong key}} */
        public static Category fromSpecName(String specName) {
            for (Category category : values()) {
                if (category.specName.equals(specName)) {
                    return category;
                }
            }
            throw new IllegalArgumentException("no category is called [" + specName + "] in the spec");
        }

        /** {@return the category the spec decoders call {@code failure}} */
        public static Category of(Failure failure) {
            for (Category category : values()) {
                if (category.specFailure == failure) {
                    return category;
                }
            }
            throw new AssertionError(failure);
        }

        static Category fromFileName(String fileName) {
            for (Category category : values()) {
                if (category.fileName.equals(fileName)) {
                    return category;
                }
            }
            throw new IllegalArgumentException("unknown expect \"" + fileName + "\"");
        }
    }

    /**
     * A numbered parse rule of docs/wire-format.md: {@code segment-7} is rule 7 of "Parse rules",
     * {@code stream-16} rule 16 of "Stream parse rules".
     */
    public record Rule(String list, int number) {

        private static final Pattern NAME = Pattern.compile("(segment|stream)-([1-9][0-9]*)");

        static Rule parse(String name) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("rule \"" + name + "\" is not segment-N or stream-N");
            }
            return new Rule(m.group(1), Integer.parseInt(m.group(2)));
        }

        @Override
        public String toString() {
            return list + "-" + number;
        }
    }

    /** One test of {@code segment-invalid.json}: a lone segment that must be rejected. */
    public record InvalidSegment(
            int tcId, String comment, List<String> flags, Rule rule, Category expect, byte[] masterKey, byte[] wire) {

        @Override
        public String toString() {
            return "tcId " + tcId + " " + rule + " (" + comment + ")";
        }
    }

    /**
     * One test of {@code stream-invalid.json}: a stream that must be rejected, with exactly one of a
     * master key and a passphrase.
     */
    public record InvalidStream(
            int tcId,
            String comment,
            List<String> flags,
            Rule rule,
            Category expect,
            Optional<byte[]> masterKey,
            Optional<String> passphrase,
            byte[] stream) {

        /** {@return whether a decoder without the key sees the fault (flag {@code Structural})} */
        public boolean isStructural() {
            return flags.contains("Structural");
        }

        @Override
        public String toString() {
            return "tcId " + tcId + " " + rule + " (" + comment + ")";
        }
    }

    /** {@return every vector of {@code segment-invalid.json}, in file order} */
    public static List<InvalidSegment> segmentInvalid() {
        List<InvalidSegment> vectors = new ArrayList<>();
        for (JsonNode t : ownTests(SEGMENT_INVALID, SEGMENT_ALGORITHM, "SegmentRejectionTest")) {
            onlyMembers(
                    t, Set.of("tcId", "comment", "flags", "rule", "masterKey", "wire", "result", "expect"), Set.of());
            vectors.add(new InvalidSegment(
                    int32(t, "tcId"),
                    text(t, "comment"),
                    strings(t, "flags"),
                    rule(t, "segment"),
                    invalidExpect(t),
                    hex(t, "masterKey"),
                    hex(t, "wire")));
        }
        return List.copyOf(vectors);
    }

    /** {@return every vector of {@code stream-invalid.json}, in file order} */
    public static List<InvalidStream> streamInvalid() {
        List<InvalidStream> vectors = new ArrayList<>();
        for (JsonNode t : ownTests(STREAM_INVALID, STREAM_ALGORITHM, "StreamRejectionTest")) {
            onlyMembers(
                    t,
                    Set.of("tcId", "comment", "flags", "rule", "stream", "result", "expect"),
                    Set.of("masterKey", "passphrase"));
            if (t.has("masterKey") == t.has("passphrase")) {
                throw new IllegalArgumentException(
                        "tcId " + t.get("tcId") + " needs exactly one of masterKey and passphrase");
            }
            vectors.add(new InvalidStream(
                    int32(t, "tcId"),
                    text(t, "comment"),
                    strings(t, "flags"),
                    rule(t, "stream"),
                    invalidExpect(t),
                    t.has("masterKey") ? Optional.of(hex(t, "masterKey")) : Optional.empty(),
                    t.has("passphrase") ? Optional.of(text(t, "passphrase")) : Optional.empty(),
                    hex(t, "stream")));
        }
        return List.copyOf(vectors);
    }

    private static Rule rule(JsonNode test, String list) {
        Rule rule = Rule.parse(text(test, "rule"));
        if (!rule.list().equals(list)) {
            throw new IllegalArgumentException("rule " + rule + " in a file of " + list + " rules");
        }
        return rule;
    }

    private static Category invalidExpect(JsonNode test) {
        if (!text(test, "result").equals("invalid")) {
            throw new IllegalArgumentException("tcId " + test.get("tcId") + ": result is not \"invalid\"");
        }
        return Category.fromFileName(text(test, "expect"));
    }

    // ---- Wycheproof and NIST CAVP (../shared) -------------------------------------------------

    /**
     * One AEAD known answer of a third-party file.
     *
     * @param id      where it comes from, for failure messages: file, tcId or Count, comment, flags
     * @param msg     plaintext; {@code null} when the file does not give it (NIST {@code FAIL} records)
     * @param ct      ciphertext without the tag
     * @param tag     tag (may be empty for vectors that only test parameter checks)
     * @param tagBits tag size the file declares, in bits
     * @param valid   whether the file says the vector must be accepted
     */
    public record Aead(
            String id,
            Suite suite,
            byte[] key,
            byte[] iv,
            byte[] aad,
            byte[] msg,
            byte[] ct,
            byte[] tag,
            int tagBits,
            boolean valid) {

        /** {@return whether key, nonce and tag have the sizes of a frame's AEAD: 256, 96 and 128 bits} */
        public boolean frameShaped() {
            return key.length == 32 && iv.length == 12 && tagBits == 128;
        }

        /** {@return the ciphertext followed by the tag, as a frame carries it} */
        public byte[] ctAndTag() {
            byte[] out = Arrays.copyOf(ct, ct.length + tag.length);
            System.arraycopy(tag, 0, out, ct.length, tag.length);
            return out;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** An HKDF vector: derive {@code size} bytes, expect {@code okm} (valid) or a refusal (invalid). */
    public record Hkdf(String id, byte[] ikm, byte[] salt, byte[] info, int size, byte[] okm, boolean valid) {}

    /**
     * {@return every test of a Wycheproof AEAD file ({@code aead_test_schema_v1.json}) of AES-GCM or
     * ChaCha20-Poly1305, in file order}
     */
    @SuppressWarnings("unchecked")
    public static List<Aead> wycheproofAead(String fileName) {
        return (List<Aead>) CACHE.computeIfAbsent(WYCHEPROOF + fileName, f -> readWycheproofAead(fileName));
    }

    private static List<Aead> readWycheproofAead(String fileName) {
        JsonNode root = parse(SharedTestData.require(WYCHEPROOF + fileName));
        expect(fileName, "schema", "aead_test_schema_v1.json", text(root, "schema"));
        Suite suite = switch (text(root, "algorithm")) {
            case "AES-GCM" -> Suite.AES_256_GCM;
            case "CHACHA20-POLY1305" -> Suite.CHACHA20_POLY1305;
            default -> throw new AssertionError(fileName + ": algorithm " + root.get("algorithm") + " is unknown here");
        };
        List<Aead> vectors = new ArrayList<>();
        for (JsonNode group : groups(root, fileName, "AeadTest")) {
            int keyBits = int32(group, "keySize");
            int ivBits = int32(group, "ivSize");
            int tagBits = int32(group, "tagSize");
            for (JsonNode test : array(group, "tests")) {
                String id = wycheproofId(fileName, test);
                byte[] key = hex(test, "key");
                byte[] iv = hex(test, "iv");
                byte[] tag = hex(test, "tag");
                if (key.length * 8 != keyBits || iv.length * 8 != ivBits) {
                    throw new AssertionError(id + ": key/iv sizes contradict the group's keySize " + keyBits
                            + "/ivSize " + ivBits + ": unknown file format");
                }
                Aead v = new Aead(
                        id,
                        suite,
                        key,
                        iv,
                        hex(test, "aad"),
                        hex(test, "msg"),
                        hex(test, "ct"),
                        tag,
                        tagBits,
                        wycheproofValid(id, test));
                if (v.frameShaped() && tag.length * 8 != tagBits) {
                    throw new AssertionError(id + ": tag of " + tag.length * 8 + " bits in a group of tagSize "
                            + tagBits + ": unknown file format");
                }
                vectors.add(v);
            }
        }
        return checkedCount(fileName, root, vectors);
    }

    /** {@return every test of Wycheproof's {@code hkdf_sha256_test.json}, in file order} */
    @SuppressWarnings("unchecked")
    public static List<Hkdf> wycheproofHkdfSha256() {
        String fileName = "hkdf_sha256_test.json";
        return (List<Hkdf>) CACHE.computeIfAbsent(WYCHEPROOF + fileName, f -> {
            JsonNode root = parse(SharedTestData.require(WYCHEPROOF + fileName));
            expect(fileName, "schema", "hkdf_test_schema_v1.json", text(root, "schema"));
            expect(fileName, "algorithm", "HKDF-SHA-256", text(root, "algorithm"));
            List<Hkdf> vectors = new ArrayList<>();
            for (JsonNode group : groups(root, fileName, "HkdfTest")) {
                for (JsonNode test : array(group, "tests")) {
                    String id = wycheproofId(fileName, test);
                    vectors.add(new Hkdf(
                            id,
                            hex(test, "ikm"),
                            hex(test, "salt"),
                            hex(test, "info"),
                            int32(test, "size"),
                            hex(test, "okm"),
                            wycheproofValid(id, test)));
                }
            }
            return checkedCount(fileName, root, vectors);
        });
    }

    /**
     * {@return the records with Keylen 256, IVlen 96 and Taglen 128 of NIST's {@code
     * gcmDecrypt256.rsp}, in file order} Records marked {@code FAIL} are invalid and have no plaintext.
     */
    public static List<Aead> nistGcmDecrypt256() {
        return nistGcm("gcmDecrypt256.rsp", 7875);
    }

    /** {@return the records with Keylen 256, IVlen 96 and Taglen 128 of NIST's {@code gcmEncryptExtIV256.rsp}} */
    public static List<Aead> nistGcmEncryptExtIv256() {
        return nistGcm("gcmEncryptExtIV256.rsp", 7875);
    }

    /** {@code records}: how many records the file holds in all, as its folder's README says. */
    @SuppressWarnings("unchecked")
    private static List<Aead> nistGcm(String fileName, int records) {
        return (List<Aead>) CACHE.computeIfAbsent(NIST + fileName, f -> readNist(fileName, records));
    }

    /**
     * Reads a CAVP {@code .rsp} file: {@code [Name = v]} section parameters, then records of
     * {@code Name = hex} lines separated by blank lines; a bare {@code FAIL} marks a record whose tag
     * must be rejected. Lines end with CRLF.
     */
    private static List<Aead> readNist(String fileName, int expectedRecords) {
        String text = new String(SharedTestData.read(NIST + fileName), StandardCharsets.US_ASCII);
        String[] lines = text.split("\n", -1);
        Map<String, Integer> section = new HashMap<>();
        List<Map<String, String>> records = new ArrayList<>();
        List<Map<String, Integer>> sections = new ArrayList<>();
        Map<String, String> record = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String at = fileName + " line " + (i + 1);
            if (i < lines.length - 1) {
                if (!line.endsWith("\r")) {
                    throw new AssertionError(at + " does not end with CRLF: unknown format");
                }
                line = line.substring(0, line.length() - 1);
            } else if (!line.isEmpty()) {
                throw new AssertionError(fileName + ": last line has no line ending: unknown format");
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                record = null;
            } else if (line.startsWith("[") && line.endsWith("]")) {
                String[] kv = line.substring(1, line.length() - 1).split(" = ", 2);
                section.put(kv[0], Integer.parseInt(kv[1]));
                record = null;
            } else if (line.equals("FAIL")) {
                if (record == null) {
                    throw new AssertionError(at + ": FAIL outside a record");
                }
                record.put("FAIL", "");
            } else {
                String[] kv = line.split(" = ?", 2);
                if (kv.length != 2) {
                    throw new AssertionError(at + ": cannot parse \"" + line + "\"");
                }
                if (kv[0].equals("Count")) {
                    record = new LinkedHashMap<>();
                    records.add(record);
                    sections.add(Map.copyOf(section));
                } else if (record == null) {
                    throw new AssertionError(at + ": field outside a record");
                }
                if (record.put(kv[0], kv[1]) != null) {
                    throw new AssertionError(at + ": field " + kv[0] + " twice");
                }
            }
        }
        if (records.size() != expectedRecords) {
            throw new AssertionError(
                    fileName + ": read " + records.size() + " records, the README says " + expectedRecords);
        }
        List<Aead> vectors = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            Map<String, String> rec = records.get(r);
            Map<String, Integer> params = sections.get(r);
            if (params.get("Keylen") != 256 || params.get("IVlen") != 96 || params.get("Taglen") != 128) {
                continue;
            }
            String id = fileName + " " + params + " Count " + rec.get("Count");
            boolean fail = rec.containsKey("FAIL");
            if (fail == rec.containsKey("PT")) {
                throw new AssertionError(id + ": a record needs exactly one of PT and FAIL: unknown format");
            }
            Aead v = new Aead(
                    id,
                    Suite.AES_256_GCM,
                    HEX.parseHex(field(id, rec, "Key")),
                    HEX.parseHex(field(id, rec, "IV")),
                    HEX.parseHex(field(id, rec, "AAD")),
                    fail ? null : HEX.parseHex(field(id, rec, "PT")),
                    HEX.parseHex(field(id, rec, "CT")),
                    HEX.parseHex(field(id, rec, "Tag")),
                    params.get("Taglen"),
                    !fail);
            if (!v.frameShaped()
                    || v.tag().length != 16
                    || v.ct().length * 8 != params.get("PTlen")
                    || v.aad().length * 8 != params.get("AADlen")
                    || (v.msg() != null && v.msg().length != v.ct().length)) {
                throw new AssertionError(id + ": field sizes contradict the section parameters");
            }
            vectors.add(v);
        }
        return List.copyOf(vectors);
    }

    private static String field(String id, Map<String, String> record, String name) {
        String value = record.get(name);
        if (value == null) {
            throw new AssertionError(id + ": no " + name + " field: unknown format");
        }
        return value;
    }

    private static String wycheproofId(String fileName, JsonNode test) {
        return fileName + " tcId " + integer(test, "tcId") + " (" + text(test, "comment") + ", flags "
                + strings(test, "flags") + ")";
    }

    private static boolean wycheproofValid(String id, JsonNode test) {
        return switch (text(test, "result")) {
            case "valid" -> true;
            case "invalid" -> false;
            default ->
                throw new AssertionError(id + ": result " + test.get("result")
                        + " is not handled by these tests (none expected in this file)");
        };
    }

    // ---- the Wycheproof shape, strictly -------------------------------------------------------

    /** {@return the test objects of one of segcrypt's files, after checking its shape} */
    private static List<JsonNode> ownTests(Path file, String algorithm, String groupType) {
        JsonNode root = parse(file);
        String name = file.getFileName().toString();
        onlyMembers(root, Set.of("algorithm", "numberOfTests", "header", "notes", "testGroups"), Set.of());
        expect(name, "algorithm", algorithm, text(root, "algorithm"));
        strings(root, "header");
        List<JsonNode> tests = new ArrayList<>();
        for (JsonNode group : groups(root, name, groupType)) {
            onlyMembers(group, Set.of("type", "source", "tests"), Set.of());
            array(group, "tests").forEach(tests::add);
        }
        return checkedCount(name, root, tests);
    }

    /** {@return the groups of {@code root}, each checked to be of {@code type}; every flag must have a note} */
    private static List<JsonNode> groups(JsonNode root, String fileName, String type) {
        List<JsonNode> groups = array(root, "testGroups");
        Set<String> notes = names(member(root, "notes"));
        for (JsonNode group : groups) {
            expect(fileName, "group type", type, text(group, "type"));
            for (JsonNode test : array(group, "tests")) {
                for (String flag : strings(test, "flags")) {
                    if (!notes.contains(flag)) {
                        throw new AssertionError(fileName + " tcId " + test.get("tcId") + ": flag " + flag
                                + " has no entry in notes " + notes);
                    }
                }
            }
        }
        return groups;
    }

    private static <T> List<T> checkedCount(String fileName, JsonNode root, List<T> tests) {
        long declared = integer(root, "numberOfTests");
        if (declared != tests.size()) {
            throw new AssertionError(
                    fileName + ": numberOfTests says " + declared + " but " + tests.size() + " tests were read");
        }
        return List.copyOf(tests);
    }

    private static JsonNode parse(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static void expect(String fileName, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError(
                    fileName + ": " + what + " is \"" + actual + "\", these tests know only \"" + expected + "\"");
        }
    }

    private static void onlyMembers(JsonNode object, Set<String> required, Set<String> optional) {
        Set<String> names = names(object);
        for (String name : names) {
            if (!required.contains(name) && !optional.contains(name)) {
                throw new IllegalArgumentException("unknown member \"" + name + "\" in " + names);
            }
        }
        for (String name : required) {
            member(object, name);
        }
    }

    private static JsonNode member(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing member \"" + name + "\" in " + names(object));
        }
        return value;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("member \"" + name + "\" is not a string");
        }
        return value.textValue();
    }

    private static long integer(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("member \"" + name + "\" is not an integer");
        }
        return value.longValue();
    }

    private static int int32(JsonNode object, String name) {
        return Math.toIntExact(integer(object, name));
    }

    private static boolean bool(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("member \"" + name + "\" is not a boolean");
        }
        return value.booleanValue();
    }

    private static byte[] hex(JsonNode object, String name) {
        return HEX.parseHex(text(object, name));
    }

    private static List<JsonNode> array(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("member \"" + name + "\" is not an array");
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    private static List<String> strings(JsonNode object, String name) {
        List<String> strings = new ArrayList<>();
        for (JsonNode element : array(object, name)) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("member \"" + name + "\" holds a non-string");
            }
            strings.add(element.textValue());
        }
        return List.copyOf(strings);
    }
}
