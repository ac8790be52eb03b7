package dev.segcrypt.internal.crypto;

import static dev.segcrypt.internal.crypto.AeadVector.hex;

import dev.segcrypt.Suite;
import dev.segcrypt.testing.Json;
import dev.segcrypt.testing.SharedTestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readers for the known-answer files under {@code shared/testvectors} (formats in the README.md of
 * each folder). Every reader is strict: an unknown schema, a count that differs from the file's
 * header, or a size that contradicts its group fails the test instead of silently testing less.
 * A missing file skips the test (via {@link SharedTestData#require}).
 */
final class KnownAnswerFiles {

    static final String WYCHEPROOF = "testvectors/wycheproof/";
    static final String NIST = "testvectors/nist-gcm/";

    private static final Map<String, List<AeadVector>> CACHE = new ConcurrentHashMap<>();

    private KnownAnswerFiles() {}

    /** A Wycheproof AEAD file and what the library must make of it. */
    enum WycheproofAead {
        AES_GCM("aes_gcm_test.json", "AES-GCM", Suite.AES_256_GCM, 316, 39, 27, 250),
        CHACHA20_POLY1305("chacha20_poly1305_test.json", "CHACHA20-POLY1305", Suite.CHACHA20_POLY1305, 325, 256, 60, 9);

        final String file;
        final String algorithm;
        final Suite suite;
        final int numberOfTests;
        /** frame-shaped vectors the file says are valid */
        final int exactValid;
        /** frame-shaped vectors the file says are invalid: all of them are tag failures */
        final int exactInvalid;
        /** vectors with another key or nonce size: refused at the API boundary */
        final int refused;

        WycheproofAead(
                String file,
                String algorithm,
                Suite suite,
                int numberOfTests,
                int exactValid,
                int exactInvalid,
                int refused) {
            this.file = file;
            this.algorithm = algorithm;
            this.suite = suite;
            this.numberOfTests = numberOfTests;
            this.exactValid = exactValid;
            this.exactInvalid = exactInvalid;
            this.refused = refused;
        }

        /** {@return every vector of the file, in file order} */
        List<AeadVector> vectors() {
            return CACHE.computeIfAbsent(file, f -> readWycheproofAead(this));
        }
    }

    private static List<AeadVector> readWycheproofAead(WycheproofAead which) {
        Map<String, Object> root = Json.object(
                Json.parse(new String(SharedTestData.read(WYCHEPROOF + which.file), StandardCharsets.UTF_8)));
        expect(which.file, "schema", "aead_test_schema_v1.json", Json.string(root, "schema"));
        expect(which.file, "algorithm", which.algorithm, Json.string(root, "algorithm"));
        List<AeadVector> vectors = new ArrayList<>();
        for (Object g : Json.array(Json.member(root, "testGroups"))) {
            Map<String, Object> group = Json.object(g);
            expect(which.file, "group type", "AeadTest", Json.string(group, "type"));
            int keyBits = (int) Json.integer(group, "keySize");
            int ivBits = (int) Json.integer(group, "ivSize");
            int tagBits = (int) Json.integer(group, "tagSize");
            for (Object t : Json.array(Json.member(group, "tests"))) {
                Map<String, Object> test = Json.object(t);
                String id = which.file + " tcId " + Json.integer(test, "tcId") + " (" + Json.string(test, "comment")
                        + ", flags " + Json.member(test, "flags") + ")";
                byte[] key = hex(Json.string(test, "key"));
                byte[] iv = hex(Json.string(test, "iv"));
                byte[] tag = hex(Json.string(test, "tag"));
                if (key.length * 8 != keyBits || iv.length * 8 != ivBits) {
                    throw new AssertionError(id + ": key/iv sizes contradict the group's keySize " + keyBits
                            + "/ivSize " + ivBits + ": unknown file format");
                }
                boolean valid = switch (Json.string(test, "result")) {
                    case "valid" -> true;
                    case "invalid" -> false;
                    default ->
                        throw new AssertionError(id + ": result \"" + test.get("result")
                                + "\" is not handled by this test (none expected in this file)");
                };
                AeadVector v = new AeadVector(
                        id,
                        which.suite,
                        key,
                        iv,
                        hex(Json.string(test, "aad")),
                        hex(Json.string(test, "msg")),
                        hex(Json.string(test, "ct")),
                        tag,
                        tagBits,
                        valid);
                if (v.frameShaped() && tag.length * 8 != tagBits) {
                    throw new AssertionError(id + ": tag of " + tag.length * 8 + " bits in a group of tagSize "
                            + tagBits + ": unknown file format");
                }
                vectors.add(v);
            }
        }
        long declared = Json.integer(root, "numberOfTests");
        if (declared != vectors.size()) {
            throw new AssertionError(
                    which.file + ": numberOfTests says " + declared + " but " + vectors.size() + " tests were read");
        }
        return List.copyOf(vectors);
    }

    /** An HKDF vector: derive {@code size} bytes, expect {@code okm} (valid) or a refusal (invalid). */
    record HkdfVector(String id, byte[] ikm, byte[] salt, byte[] info, int size, byte[] okm, boolean valid) {}

    /** {@return every vector of a Wycheproof HKDF-SHA-256 file} */
    static List<HkdfVector> wycheproofHkdfSha256() {
        String file = "hkdf_sha256_test.json";
        Map<String, Object> root =
                Json.object(Json.parse(new String(SharedTestData.read(WYCHEPROOF + file), StandardCharsets.UTF_8)));
        expect(file, "schema", "hkdf_test_schema_v1.json", Json.string(root, "schema"));
        expect(file, "algorithm", "HKDF-SHA-256", Json.string(root, "algorithm"));
        List<HkdfVector> vectors = new ArrayList<>();
        for (Object g : Json.array(Json.member(root, "testGroups"))) {
            Map<String, Object> group = Json.object(g);
            expect(file, "group type", "HkdfTest", Json.string(group, "type"));
            for (Object t : Json.array(Json.member(group, "tests"))) {
                Map<String, Object> test = Json.object(t);
                String id = file + " tcId " + Json.integer(test, "tcId") + " (" + Json.string(test, "comment")
                        + ", flags " + Json.member(test, "flags") + ")";
                boolean valid = switch (Json.string(test, "result")) {
                    case "valid" -> true;
                    case "invalid" -> false;
                    default ->
                        throw new AssertionError(id + ": result \"" + test.get("result")
                                + "\" is not handled by this test (none expected in this file)");
                };
                vectors.add(new HkdfVector(
                        id,
                        hex(Json.string(test, "ikm")),
                        hex(Json.string(test, "salt")),
                        hex(Json.string(test, "info")),
                        Math.toIntExact(Json.integer(test, "size")),
                        hex(Json.string(test, "okm")),
                        valid));
            }
        }
        long declared = Json.integer(root, "numberOfTests");
        if (declared != vectors.size()) {
            throw new AssertionError(
                    file + ": numberOfTests says " + declared + " but " + vectors.size() + " tests were read");
        }
        return vectors;
    }

    /** A NIST CAVP GCM response file. */
    enum NistGcm {
        DECRYPT_256("gcmDecrypt256.rsp", 7875),
        ENCRYPT_EXT_IV_256("gcmEncryptExtIV256.rsp", 7875);

        final String file;
        final int records;

        NistGcm(String file, int records) {
            this.file = file;
            this.records = records;
        }

        /** {@return the records with Keylen 256, IVlen 96 and Taglen 128, in file order} */
        List<AeadVector> frameShapedRecords() {
            return CACHE.computeIfAbsent(file, f -> readNist(this));
        }
    }

    /**
     * Reads a CAVP {@code .rsp} file: {@code [Name = v]} section parameters, then records of
     * {@code Name = hex} lines separated by blank lines; a bare {@code FAIL} marks a record whose tag
     * must be rejected. Lines end with CRLF.
     */
    private static List<AeadVector> readNist(NistGcm which) {
        String text = new String(SharedTestData.read(NIST + which.file), StandardCharsets.US_ASCII);
        String[] lines = text.split("\n", -1);
        Map<String, Integer> section = new HashMap<>();
        List<Map<String, String>> records = new ArrayList<>();
        List<Map<String, Integer>> sections = new ArrayList<>();
        Map<String, String> record = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i < lines.length - 1) {
                if (!line.endsWith("\r")) {
                    throw new AssertionError(
                            which.file + " line " + (i + 1) + " does not end with CRLF: unknown format");
                }
                line = line.substring(0, line.length() - 1);
            } else if (!line.isEmpty()) {
                throw new AssertionError(which.file + ": last line has no line ending: unknown format");
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
                    throw new AssertionError(which.file + " line " + (i + 1) + ": FAIL outside a record");
                }
                record.put("FAIL", "");
            } else {
                String[] kv = line.split(" = ?", 2);
                if (kv.length != 2) {
                    throw new AssertionError(which.file + " line " + (i + 1) + ": cannot parse \"" + line + "\"");
                }
                if (kv[0].equals("Count")) {
                    record = new LinkedHashMap<>();
                    records.add(record);
                    sections.add(Map.copyOf(section));
                } else if (record == null) {
                    throw new AssertionError(which.file + " line " + (i + 1) + ": field outside a record");
                }
                if (record.put(kv[0], kv[1]) != null) {
                    throw new AssertionError(which.file + " line " + (i + 1) + ": field " + kv[0] + " twice");
                }
            }
        }
        if (records.size() != which.records) {
            throw new AssertionError(
                    which.file + ": read " + records.size() + " records, the README says " + which.records);
        }
        List<AeadVector> vectors = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            Map<String, String> rec = records.get(r);
            Map<String, Integer> params = sections.get(r);
            if (params.get("Keylen") != 256 || params.get("IVlen") != 96 || params.get("Taglen") != 128) {
                continue;
            }
            String id = which.file + " " + params + " Count " + rec.get("Count");
            boolean fail = rec.containsKey("FAIL");
            if (fail == rec.containsKey("PT")) {
                throw new AssertionError(id + ": a record needs exactly one of PT and FAIL: unknown format");
            }
            AeadVector v = new AeadVector(
                    id,
                    Suite.AES_256_GCM,
                    hex(field(id, rec, "Key")),
                    hex(field(id, rec, "IV")),
                    hex(field(id, rec, "AAD")),
                    fail ? null : hex(field(id, rec, "PT")),
                    hex(field(id, rec, "CT")),
                    hex(field(id, rec, "Tag")),
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

    private static void expect(String file, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError(
                    file + ": " + what + " is \"" + actual + "\", this test knows only \"" + expected + "\"");
        }
    }
}
