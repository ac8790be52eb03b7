package dev.segcrypt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segcrypt.Suite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rewrites the byte fields of the four vector files from the naive spec encoders ({@link
 * SpecEncoder}, {@link SpecStreamEncoder}), never from the library. The descriptions (header lines,
 * notes, comments, flags, rules, categories) stay in the files and are edited by hand; this
 * program recomputes every output of the known answers from their inputs, then builds each invalid
 * input as its comment says: from a known answer by changing ("XOR 0x01" unless a value is named),
 * cutting or appending bytes, or from content the spec encoder sealed.
 *
 * <p>Run it only when the format changes (a new version, ADR 0007), from the library folder, as
 * {@code java -cp <test classpath> dev.segcrypt.testing.VectorFileGenerator}; then check the diff
 * and run the suite, which compares the files with the docs and with the library.
 */
public final class VectorFileGenerator {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final byte[] OTHER_KEY = reversed(range(0x00, 32));
    private static final byte[] SALT_5A = filled(32, 0x5a);

    private VectorFileGenerator() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/vectors");
        ObjectNode segmentKat = read(dir.resolve("segment-kat.json"));
        ObjectNode streamKat = read(dir.resolve("stream-kat.json"));
        Map<Integer, SpecEncoder.Encoding> segments = new LinkedHashMap<>();
        for (JsonNode t : tests(segmentKat)) {
            segments.put(t.get("tcId").asInt(), regenerateSegment((ObjectNode) t));
        }
        Map<Integer, SpecStreamEncoder.Encoding> streams = new LinkedHashMap<>();
        for (JsonNode t : tests(streamKat)) {
            streams.put(t.get("tcId").asInt(), regenerateStream((ObjectNode) t));
        }
        write(dir.resolve("segment-kat.json"), segmentKat);
        write(dir.resolve("stream-kat.json"), streamKat);

        Invalid invalid = new Invalid(segments, streams);
        ObjectNode segmentInvalid = read(dir.resolve("segment-invalid.json"));
        fill(segmentInvalid, "wire", invalid.segmentInputs());
        write(dir.resolve("segment-invalid.json"), segmentInvalid);
        ObjectNode streamInvalid = read(dir.resolve("stream-invalid.json"));
        fill(streamInvalid, "stream", invalid.streamInputs());
        write(dir.resolve("stream-invalid.json"), streamInvalid);
    }

    // ---------------------------------------------------------------- known answers

    private static SpecEncoder.Encoding regenerateSegment(ObjectNode t) {
        SpecEncoder.Encoding e = SpecEncoder.encodeParts(
                hex(t, "masterKey"),
                Suite.fromDisplayName(t.get("suite").asText()),
                t.get("frameSize").asInt(),
                hex(t, "streamId"),
                t.get("segmentIndex").asLong(),
                t.get("final").asBoolean(),
                false,
                hex(t, "salt"),
                hex(t, "plaintext"));
        t.put("header", HEX.formatHex(e.header()));
        t.put("segmentKey", HEX.formatHex(e.segmentKey()));
        t.put("commitment", HEX.formatHex(e.commitment()));
        ArrayNode frames = (ArrayNode) t.get("frames");
        if (frames.size() != e.frames().size()) {
            throw new IllegalStateException("tcId " + t.get("tcId") + ": frame count changed");
        }
        for (int i = 0; i < frames.size(); i++) {
            ObjectNode f = (ObjectNode) frames.get(i);
            SpecEncoder.Frame frame = e.frames().get(i);
            byte[] sealed = frame.sealed();
            f.put("nonce", HEX.formatHex(frame.nonce()));
            f.put("aadSuffix", HEX.formatHex(frame.aadSuffix()));
            f.put("plaintext", HEX.formatHex(frame.plaintext()));
            f.put("ciphertext", HEX.formatHex(sealed, 0, sealed.length - SpecEncoder.TAG_SIZE));
            f.put("tag", HEX.formatHex(frame.tag()));
        }
        t.put("digest", HEX.formatHex(e.digest()));
        t.put("wire", HEX.formatHex(e.wire()));
        return e;
    }

    private static SpecStreamEncoder.Encoding regenerateStream(ObjectNode t) {
        Suite suite = Suite.fromDisplayName(t.get("suite").asText());
        int frameSize = t.get("frameSize").asInt();
        int segmentSize = t.get("segmentSize").asInt();
        byte[] streamId = hex(t, "streamId");
        List<byte[]> salts = new java.util.ArrayList<>();
        t.get("segments").forEach(s -> salts.add(HEX.parseHex(s.get("salt").asText())));
        byte[] plaintext = hex(t, "plaintext");
        SpecStreamEncoder.Encoding e = t.get("keySource").asText().equals("passphrase")
                ? SpecStreamEncoder.encodeWithPassphrase(
                        t.get("passphrase").asText(),
                        new SpecStreamEncoder.Kdf(
                                hex(t, "kdfSalt"),
                                t.get("kdfMemoryKiB").asInt(),
                                t.get("kdfIterations").asInt(),
                                t.get("kdfParallelism").asInt()),
                        suite,
                        frameSize,
                        segmentSize,
                        streamId,
                        salts,
                        plaintext)
                : SpecStreamEncoder.encodeWithKey(
                        hex(t, "masterKey"), suite, frameSize, segmentSize, streamId, salts, plaintext);
        t.put("masterKey", HEX.formatHex(e.masterKey()));
        t.put("headerPrefix", HEX.formatHex(e.taggedPrefix()));
        t.put("headerMacKey", HEX.formatHex(e.headerMacKey()));
        t.put("headerTag", HEX.formatHex(e.headerTag()));
        t.put("header", HEX.formatHex(e.header()));
        for (int k = 0; k < e.segments().size(); k++) {
            SpecStreamEncoder.Segment s = e.segments().get(k);
            ObjectNode node = (ObjectNode) t.get("segments").get(k);
            node.put("offset", s.offset());
            node.put("wire", HEX.formatHex(s.encoding().wire()));
        }
        t.put("stream", HEX.formatHex(e.stream()));
        return e;
    }

    // ---------------------------------------------------------------- invalid inputs

    /** The invalid inputs, by tcId, as their comments in the files describe them. */
    private static final class Invalid {
        private final byte[] seg1;
        private final byte[] seg2;
        private final byte[] seg3;
        private final SpecEncoder.Encoding enc1;
        private final byte[] key;
        private final byte[] streamIdA;
        private final byte[] stream1;
        private final byte[] stream2;
        private final byte[] stream3;
        private final SpecStreamEncoder.Encoding st1;
        private final SpecStreamEncoder.Encoding st2;
        private final byte[] streamIdB;
        private final byte[] plaintextB;

        Invalid(Map<Integer, SpecEncoder.Encoding> segments, Map<Integer, SpecStreamEncoder.Encoding> streams) {
            enc1 = segments.get(1);
            seg1 = enc1.wire();
            seg2 = segments.get(2).wire();
            seg3 = segments.get(3).wire();
            key = range(0x00, 32);
            streamIdA = range(0xa0, 16);
            st1 = streams.get(1);
            st2 = streams.get(2);
            stream1 = st1.stream();
            stream2 = st2.stream();
            stream3 = streams.get(3).stream();
            streamIdB = range(0xb0, 16);
            plaintextB = new byte[300];
            for (int i = 0; i < plaintextB.length; i++) {
                plaintextB[i] = (byte) i;
            }
        }

        Map<Integer, Supplier<byte[]>> segmentInputs() {
            byte[] plaintext1 = segmentPlaintext();
            Map<Integer, Supplier<byte[]>> m = new LinkedHashMap<>();
            m.put(1, () -> new byte[0]);
            m.put(2, () -> cut(seg1, 107));
            m.put(3, () -> xor(seg1, 3, "0f"));
            m.put(4, () -> stream1);
            m.put(5, () -> set(seg1, 4, "01"));
            m.put(6, () -> set(seg1, 4, "00"));
            m.put(7, () -> set(seg1, 5, "03"));
            m.put(8, () -> set(seg1, 5, "00"));
            m.put(9, () -> set(seg1, 6, "05"));
            m.put(10, () -> set(seg1, 6, "81"));
            m.put(11, () -> set(seg1, 7, "01"));
            m.put(12, () -> set(seg1, 7, "80"));
            m.put(13, () -> set(seg1, 8, "0000003f"));
            m.put(14, () -> set(seg1, 8, "01000001"));
            m.put(15, () -> set(seg1, 8, "00000000"));
            m.put(16, () -> set(seg1, 8, "ffffffff"));
            m.put(17, () -> set(seg1, 12, "0000000040000001"));
            m.put(18, () -> set(seg1, 12, "8000000000000000"));
            m.put(19, () -> set(seg1, 12, "ffffffffffffffff"));
            m.put(20, () -> set(seg1, 36, "8000000000000000"));
            m.put(21, () -> set(seg1, 36, "ffffffffffffffff"));
            m.put(
                    22,
                    () -> SpecEncoder.encode(
                            key, Suite.AES_256_GCM, 64, streamIdA, 1, true, true, SALT_5A, plaintext1));
            m.put(
                    23,
                    () -> SpecEncoder.encode(
                            key, Suite.AES_256_GCM, 64, streamIdA, 0, false, true, SALT_5A, plaintext1));
            m.put(24, () -> st1.segments().get(0).encoding().wire());
            m.put(25, () -> cut(seg1, 108));
            m.put(26, () -> cut(seg1, 307));
            m.put(27, () -> cut(seg1, 276));
            m.put(28, () -> set(seg1, 12, "0000000000000059"));
            m.put(29, () -> cut(seg3, 156));
            m.put(30, () -> concat(seg1, new byte[1]));
            m.put(31, () -> concat(seg1, Arrays.copyOfRange(seg1, 276, 308)));
            m.put(32, () -> set(seg1, 12, "0000000000000057"));
            m.put(33, () -> set(seg1, 8, "00000058"));
            m.put(34, () -> seg1);
            m.put(35, () -> seg2);
            m.put(36, () -> xor(seg1, 107, "01"));
            m.put(37, () -> xor(seg1, 44, "01"));
            m.put(38, () -> xor(seg1, 20, "01"));
            m.put(39, () -> set(seg1, 5, "02"));
            m.put(40, () -> xor(seg1, 307, "01"));
            m.put(41, () -> xor(seg1, 276, "01"));
            m.put(42, () -> set(seg1, 8, "00000041"));
            m.put(43, () -> replace(seg1, 276, sealIn1(SpecEncoder.TYPE_TERMINATOR, 3, counts(2, 87))));
            m.put(44, () -> replace(seg1, 276, sealIn1(SpecEncoder.TYPE_TERMINATOR, 3, counts(3, 88))));
            m.put(45, () -> replace(seg1, 276, sealIn1(SpecEncoder.TYPE_TERMINATOR, 2, counts(2, 88))));
            m.put(46, () -> xor(seg3, 187, "01"));
            m.put(47, () -> xor(seg1, 275, "01"));
            m.put(48, () -> xor(seg1, 233, "01"));
            m.put(49, () -> xor(seg1, 187, "01"));
            m.put(
                    50,
                    () -> replace(seg1, 228, sealIn1(SpecEncoder.TYPE_DIGEST, 2, sha256(tag(seg1, 1), tag(seg1, 0)))));
            m.put(51, () -> replace(seg1, 228, sealIn1(SpecEncoder.TYPE_DIGEST, 2, sha256(tag(seg1, 0)))));
            m.put(52, () -> xor(seg3, 155, "01"));
            m.put(53, () -> {
                byte[] w = SpecEncoder.encode(
                        key, Suite.AES_256_GCM, 64, streamIdA, 0, true, false, SALT_5A, range(0, 128));
                return replace(replace(w, 108, Arrays.copyOfRange(w, 188, 268)), 188, Arrays.copyOfRange(w, 108, 188));
            });
            m.put(54, () -> xor(seg1, 108, "01"));
            m.put(55, () -> xor(seg1, 211, "01"));
            m.put(56, () -> xor(seg2, 108, "01"));
            m.put(57, () -> withDataFrame0(sealIn1(SpecEncoder.TYPE_DATA, 1, Arrays.copyOf(plaintext1, 64))));
            m.put(
                    58,
                    () -> withDataFrame0(Arrays.copyOfRange(
                            SpecEncoder.encode(
                                    key, Suite.AES_256_GCM, 64, streamIdA, 0, true, false, SALT_5A, plaintext1),
                            108,
                            188)));
            m.put(59, () -> st2.segments().get(0).encoding().wire());
            m.put(60, () -> set(st2.segments().get(0).encoding().wire(), 6, "01"));
            return m;
        }

        Map<Integer, Supplier<byte[]>> streamInputs() {
            int s0 = 96;
            int s1 = 444;
            int s2 = 792;
            byte[] header1 = cut(stream1, 96);
            byte[] segment0 = Arrays.copyOfRange(stream1, s0, s1);
            byte[] segment1 = Arrays.copyOfRange(stream1, s1, s2);
            byte[] segment2 = Arrays.copyOfRange(stream1, s2, stream1.length);
            byte[] last = Arrays.copyOfRange(plaintextB, 256, 300);
            Map<Integer, Supplier<byte[]>> m = new LinkedHashMap<>();
            m.put(1, () -> new byte[0]);
            m.put(2, () -> cut(stream1, 1));
            m.put(3, () -> cut(stream1, 50));
            m.put(4, () -> cut(stream1, 95));
            m.put(5, () -> cut(stream3, 60));
            m.put(6, () -> set(stream1, 7, "58"));
            m.put(7, () -> seg1);
            m.put(8, () -> set(stream1, 8, "01"));
            m.put(9, () -> set(stream1, 8, "00"));
            m.put(10, () -> set(stream1, 9, "03"));
            m.put(11, () -> set(stream1, 9, "00"));
            m.put(12, () -> set(stream1, 10, "02"));
            m.put(13, () -> set(stream1, 10, "ff"));
            m.put(14, () -> set(stream1, 11, "01"));
            m.put(15, () -> set(stream1, 11, "80"));
            m.put(16, () -> set(stream1, 12, "0000003f"));
            m.put(17, () -> set(stream1, 12, "01000001"));
            m.put(18, () -> set(stream1, 12, "00000000"));
            m.put(19, () -> set(stream1, 16, "0000003f"));
            m.put(20, () -> set(stream1, 16, "40000001"));
            m.put(21, () -> set(stream1, 16, "ffffffff"));
            m.put(22, () -> set(stream1, 36, "01"));
            m.put(23, () -> set(stream1, 52, "00000040"));
            m.put(24, () -> set(stream1, 56, "00000001"));
            m.put(25, () -> set(stream1, 60, "00000001"));
            m.put(26, () -> set(stream3, 10, "00"));
            m.put(27, () -> set(stream3, 56, "00000000"));
            m.put(28, () -> set(stream3, 56, "00000041"));
            m.put(29, () -> set(stream3, 56, "ffffffff"));
            m.put(30, () -> set(stream3, 60, "00000000"));
            m.put(31, () -> set(set(stream3, 52, "00000400"), 60, "00000011"));
            m.put(32, () -> set(set(stream3, 52, "0000000f"), 60, "00000002"));
            m.put(33, () -> set(stream3, 52, "00000007"));
            m.put(34, () -> set(stream3, 52, "00400001"));
            m.put(35, () -> set(stream3, 52, "ffffffff"));
            m.put(36, () -> stream1);
            m.put(37, () -> stream2);
            m.put(38, () -> stream3);
            m.put(39, () -> xor(stream1, 95, "01"));
            m.put(40, () -> set(stream1, 16, "00000100"));
            m.put(41, () -> set(stream1, 12, "00000080"));
            m.put(42, () -> xor(stream1, 35, "01"));
            m.put(43, () -> xor(stream3, 36, "01"));
            m.put(44, () -> set(stream3, 56, "00000002"));
            m.put(45, () -> cut(stream1, 96));
            m.put(46, () -> cut(stream2, 96));
            m.put(47, () -> cut(stream1, s2));
            m.put(48, () -> cut(stream1, s1));
            m.put(49, () -> cut(stream1, 97));
            m.put(50, () -> cut(stream1, 842));
            m.put(51, () -> set(stream1, 447, "58"));
            m.put(52, () -> set(stream1, 448, "01"));
            m.put(53, () -> set(stream1, 449, "03"));
            m.put(54, () -> set(stream1, 450, "06"));
            m.put(55, () -> set(stream1, 451, "01"));
            m.put(56, () -> set(stream1, 452, "0000003f"));
            m.put(57, () -> set(stream1, 456, "0000000040000001"));
            m.put(58, () -> set(stream1, 480, "8000000000000001"));
            m.put(
                    59,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(key, Suite.AES_256_GCM, 64, xor(streamIdB, 15, "01"), 2, true, SALT_5A, last)));
            m.put(60, () -> concat(header1, st2.segments().get(0).encoding().wire()));
            m.put(61, () -> concat(header1, segment1, segment0, segment2));
            m.put(62, () -> concat(header1, segment0, segment2));
            m.put(63, () -> concat(header1, segment0, segment0, segment1, segment2));
            m.put(
                    64,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(key, Suite.AES_256_GCM, 64, streamIdB, 3, true, SALT_5A, last)));
            m.put(
                    65,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(key, Suite.CHACHA20_POLY1305, 64, streamIdB, 2, true, SALT_5A, last)));
            m.put(
                    66,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(key, Suite.AES_256_GCM, 128, streamIdB, 2, true, SALT_5A, last)));
            m.put(
                    67,
                    () -> concat(
                            header1,
                            inStream(key, Suite.AES_256_GCM, 64, streamIdB, 0, false, SALT_5A, cut(plaintextB, 127))));
            m.put(
                    68,
                    () -> concat(
                            header1,
                            inStream(key, Suite.AES_256_GCM, 64, streamIdB, 0, true, SALT_5A, cut(plaintextB, 129))));
            m.put(
                    69,
                    () -> concat(
                            header1,
                            segment0,
                            inStream(key, Suite.AES_256_GCM, 64, streamIdB, 1, true, SALT_5A, new byte[0])));
            m.put(
                    70,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(key, Suite.AES_256_GCM, 64, streamIdB, 2, false, SALT_5A, last)));
            m.put(
                    71,
                    () -> concat(
                            header1,
                            segment0,
                            inStream(
                                    key,
                                    Suite.AES_256_GCM,
                                    64,
                                    streamIdB,
                                    1,
                                    false,
                                    SALT_5A,
                                    Arrays.copyOfRange(plaintextB, 128, 257))));
            m.put(72, () -> cut(stream1, 1039));
            m.put(73, () -> cut(stream1, 644));
            m.put(74, () -> cut(stream1, 214));
            m.put(75, () -> cut(stream2, 283));
            m.put(76, () -> cut(stream3, 603));
            m.put(77, () -> xor(stream1, 557, "01"));
            m.put(78, () -> xor(stream1, 1039, "01"));
            m.put(79, () -> xor(stream1, 367, "01"));
            m.put(80, () -> xor(stream1, 488, "01"));
            m.put(
                    81,
                    () -> concat(
                            header1,
                            segment0,
                            segment1,
                            inStream(OTHER_KEY, Suite.AES_256_GCM, 64, streamIdB, 2, true, filled(32, 0x23), last)));
            m.put(82, () -> xor(stream2, 251, "01"));
            m.put(83, () -> xor(stream3, 475, "01"));
            m.put(84, () -> concat(stream1, new byte[1]));
            m.put(85, () -> concat(stream1, segment2));
            m.put(86, () -> concat(stream1, stream1));
            m.put(
                    87,
                    () -> concat(
                            header1,
                            segment0,
                            inStream(
                                    key,
                                    Suite.AES_256_GCM,
                                    64,
                                    streamIdB,
                                    1,
                                    true,
                                    SALT_5A,
                                    Arrays.copyOfRange(plaintextB, 128, 256)),
                            segment2));
            m.put(88, () -> concat(stream2, new byte[1]));
            m.put(
                    89,
                    () -> concat(
                            cut(stream2, 96),
                            SpecEncoder.encode(
                                    key,
                                    Suite.AES_256_GCM,
                                    64,
                                    range(0xc0, 16),
                                    0,
                                    true,
                                    false,
                                    filled(32, 0x31),
                                    new byte[0])));
            m.put(90, () -> set(stream2, 102, "01"));
            return m;
        }

        /** {@return the worked example's plaintext, from its frames} */
        private byte[] segmentPlaintext() {
            return concat(enc1.frames().get(0).plaintext(), enc1.frames().get(1).plaintext());
        }

        /** {@return {@code plaintext} sealed as a frame of segment-kat.json tcId 1, under its key and header} */
        private byte[] sealIn1(byte type, long index, byte[] plaintext) {
            return SpecEncoder.seal(Suite.AES_256_GCM, enc1.segmentKey(), enc1.header(), type, index, plaintext)
                    .sealed();
        }

        /** {@return segment-kat.json tcId 1 with data frame 0 replaced and a digest frame sealed over the tags on the wire} */
        private byte[] withDataFrame0(byte[] frame0) {
            byte[] w = replace(seg1, 108, frame0);
            return replace(w, 228, sealIn1(SpecEncoder.TYPE_DIGEST, 2, sha256(tag(w, 0), tag(w, 1))));
        }
    }

    /** {@return a segment of a stream by the spec encoder} */
    private static byte[] inStream(
            byte[] key,
            Suite suite,
            int frameSize,
            byte[] streamId,
            long index,
            boolean isFinal,
            byte[] salt,
            byte[] plaintext) {
        return SpecEncoder.encode(key, suite, frameSize, streamId, index, isFinal, true, salt, plaintext);
    }

    /** {@return the tag of data frame {@code i} of an 88-byte segment in frames of 64 (the worked example's layout)} */
    private static byte[] tag(byte[] wire, int i) {
        int end = i == 0 ? 108 + 64 + 16 : 108 + 80 + 24 + 16;
        return Arrays.copyOfRange(wire, end - 16, end);
    }

    private static byte[] counts(long n, long length) {
        return ByteBuffer.allocate(16).putLong(n).putLong(length).array();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- bytes and files

    private static byte[] cut(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static byte[] set(byte[] b, int offset, String hex) {
        return replace(b, offset, HEX.parseHex(hex));
    }

    private static byte[] replace(byte[] b, int offset, byte[] with) {
        byte[] out = b.clone();
        System.arraycopy(with, 0, out, offset, with.length);
        return out;
    }

    private static byte[] xor(byte[] b, int offset, String hex) {
        byte[] out = b.clone();
        byte[] mask = HEX.parseHex(hex);
        for (int i = 0; i < mask.length; i++) {
            out[offset + i] ^= mask[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    private static byte[] range(int first, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (first + i);
        }
        return out;
    }

    private static byte[] reversed(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }

    private static byte[] filled(int count, int value) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) value);
        return out;
    }

    private static ObjectNode read(Path file) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<JsonNode> tests(ObjectNode root) {
        List<JsonNode> out = new java.util.ArrayList<>();
        root.get("testGroups").forEach(g -> g.get("tests").forEach(out::add));
        return out;
    }

    private static void fill(ObjectNode root, String field, Map<Integer, Supplier<byte[]>> inputs) {
        List<JsonNode> tests = tests(root);
        if (tests.size() != inputs.size()) {
            throw new IllegalStateException(field + ": " + tests.size() + " tests, " + inputs.size() + " inputs");
        }
        for (JsonNode t : tests) {
            Supplier<byte[]> input = inputs.get(t.get("tcId").asInt());
            ((ObjectNode) t).put(field, HEX.formatHex(input.get()));
        }
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }

    private static byte[] hex(JsonNode t, String field) {
        return HEX.parseHex(t.get(field).asText());
    }
}
