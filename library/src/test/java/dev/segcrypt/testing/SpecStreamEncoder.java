package dev.segcrypt.testing;

import dev.segcrypt.Suite;
import dev.segcrypt.testing.SpecEncoder.Failure;
import dev.segcrypt.testing.SpecEncoder.Rejected;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A deliberately naive, sequential encoder and decoder of a segcrypt v2 <em>stream</em>, written
 * from the format description alone (docs/wire-format.md, "Streams") and sharing no code with the
 * library: the stream header's HMAC and HKDF and the Argon2id of passphrase mode go through Bouncy
 * Castle's lightweight API, and every segment through {@link SpecEncoder}.
 *
 * <pre>
 * stream    = header(96) || segment_0 || ... || segment_(m-1)       m = max(1, ceil(P / S))
 * header    = "SEGCRYPT" || 02 || suite || keySource || 00 || u32(F) || u32(S) || streamId(16)
 *             || kdfSalt(16) || u32(memoryKiB) || u32(iterations) || u32(parallelism) || headerTag(32)
 * K_h       = HKDF-SHA-256(IKM = masterKey, salt = streamId, info = "segcrypt v2 stream header", 32)
 * headerTag = HMAC-SHA-256(K_h, header[0..64))
 * masterKey = Argon2id(UTF-8(passphrase), kdfSalt, m, t, p, v = 0x13, 32)    (keySource 0x01 only)
 * segment_k = SpecEncoder segment at index k of streamId, STREAM on all, FINAL on the last, S bytes but the last
 * </pre>
 */
public final class SpecStreamEncoder {

    public static final int HEADER_SIZE = 96;
    public static final int TAGGED_PREFIX_SIZE = 64;
    public static final int HEADER_TAG_SIZE = 32;
    public static final int KDF_SALT_SIZE = 16;
    public static final int MIN_SEGMENT_SIZE = 64;
    public static final int MAX_SEGMENT_SIZE = 1 << 30;
    public static final byte KEY_SOURCE_KEY = 0x00;
    public static final byte KEY_SOURCE_PASSPHRASE = 0x01;
    public static final int MAX_KDF_MEMORY_KIB = 4 * 1024 * 1024;
    public static final int MAX_KDF_ITERATIONS = 64;
    public static final int MAX_KDF_PARALLELISM = 16;

    private static final byte[] MAGIC = "SEGCRYPT".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 0x02;
    private static final byte[] HEADER_LABEL = "segcrypt v2 stream header".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEGMENT_MAGIC = {'S', 'C', 'S', 'G'};

    private SpecStreamEncoder() {}

    /**
     * Argon2id cost of a passphrase stream as the header stores it; {@link #NONE} (all zero) for a
     * key-file stream.
     */
    public record Kdf(byte[] salt, int memoryKiB, int iterations, int parallelism) {
        public static final Kdf NONE = new Kdf(new byte[KDF_SALT_SIZE], 0, 0, 0);

        boolean isNone() {
            return memoryKiB == 0
                    && iterations == 0
                    && parallelism == 0
                    && Arrays.equals(salt, new byte[KDF_SALT_SIZE]);
        }
    }

    /** One segment of an encoding: where it starts in the stream and everything {@link SpecEncoder} computed. */
    public record Segment(long index, boolean isFinal, long offset, byte[] plaintext, SpecEncoder.Encoding encoding) {}

    /** Every intermediate value of one stream encoding. */
    public record Encoding(
            byte[] masterKey,
            byte[] taggedPrefix,
            byte[] headerMacKey,
            byte[] headerTag,
            byte[] header,
            List<Segment> segments,
            byte[] stream) {}

    /** A stream that decoded: the header's fields, the master key used, and each segment's plaintext. */
    public record Decoded(
            Suite suite,
            byte keySource,
            int frameSize,
            int segmentSize,
            byte[] streamId,
            Kdf kdf,
            byte[] masterKey,
            List<byte[]> segmentPlaintexts) {
        /** {@return the whole plaintext, segments concatenated} */
        public byte[] plaintext() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            segmentPlaintexts.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    /** {@return a key-file stream (key source 0x00) of {@code plaintext}, one salt per segment} */
    public static Encoding encodeWithKey(
            byte[] masterKey,
            Suite suite,
            int frameSize,
            int segmentSize,
            byte[] streamId,
            List<byte[]> salts,
            byte[] plaintext) {
        return encode(masterKey, KEY_SOURCE_KEY, Kdf.NONE, suite, frameSize, segmentSize, streamId, salts, plaintext);
    }

    /** {@return a passphrase stream (key source 0x01) of {@code plaintext}, one salt per segment} */
    public static Encoding encodeWithPassphrase(
            String passphrase,
            Kdf kdf,
            Suite suite,
            int frameSize,
            int segmentSize,
            byte[] streamId,
            List<byte[]> salts,
            byte[] plaintext) {
        require(!kdf.isNone(), "a passphrase stream needs Argon2id parameters");
        byte[] masterKey = argon2id(passphrase, kdf);
        return encode(masterKey, KEY_SOURCE_PASSPHRASE, kdf, suite, frameSize, segmentSize, streamId, salts, plaintext);
    }

    /** {@return the number of segments of a plaintext of {@code length} bytes: ceil(length / S), at least 1} */
    public static int segmentCount(long length, int segmentSize) {
        return (int) Math.max(1, (length + segmentSize - 1) / segmentSize);
    }

    private static Encoding encode(
            byte[] masterKey,
            byte keySource,
            Kdf kdf,
            Suite suite,
            int frameSize,
            int segmentSize,
            byte[] streamId,
            List<byte[]> salts,
            byte[] plaintext) {
        require(masterKey.length == 32, "master key must be 32 bytes");
        require(streamId.length == 16, "stream id must be 16 bytes");
        require(kdf.salt().length == KDF_SALT_SIZE, "kdf salt must be 16 bytes");
        require(segmentSize >= MIN_SEGMENT_SIZE && segmentSize <= MAX_SEGMENT_SIZE, "segment size out of range");
        int m = segmentCount(plaintext.length, segmentSize);
        require(salts.size() == m, "need one salt per segment: " + m);

        ByteBuffer p = ByteBuffer.allocate(TAGGED_PREFIX_SIZE);
        p.put(MAGIC);
        p.put(VERSION);
        p.put(SpecEncoder.suiteId(suite));
        p.put(keySource);
        p.put((byte) 0);
        p.putInt(frameSize);
        p.putInt(segmentSize);
        p.put(streamId);
        p.put(kdf.salt());
        p.putInt(kdf.memoryKiB());
        p.putInt(kdf.iterations());
        p.putInt(kdf.parallelism());
        byte[] prefix = p.array();
        byte[] macKey = headerMacKey(masterKey, streamId);
        byte[] tag = hmacSha256(macKey, prefix);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(prefix);
        stream.writeBytes(tag);
        byte[] header = stream.toByteArray();

        List<Segment> segments = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int start = k * segmentSize;
            int end = Math.min(start + segmentSize, plaintext.length);
            byte[] chunk = Arrays.copyOfRange(plaintext, start, end);
            boolean isFinal = k == m - 1;
            long offset = stream.size();
            SpecEncoder.Encoding segment = SpecEncoder.encodeParts(
                    masterKey, suite, frameSize, streamId, k, isFinal, true, salts.get(k), chunk);
            segments.add(new Segment(k, isFinal, offset, chunk, segment));
            stream.writeBytes(segment.wire());
        }
        return new Encoding(
                masterKey.clone(), prefix, macKey, tag, header, List.copyOf(segments), stream.toByteArray());
    }

    /** {@return K_h = HKDF-SHA-256(masterKey, salt = streamId, info = "segcrypt v2 stream header", 32)} */
    public static byte[] headerMacKey(byte[] masterKey, byte[] streamId) {
        return SpecEncoder.hkdfSha256(masterKey, streamId, HEADER_LABEL, 32);
    }

    /** HMAC-SHA-256 (RFC 2104) through Bouncy Castle's lightweight API. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /** Argon2id (RFC 9106, version 0x13) of the UTF-8 bytes of {@code passphrase}, 32 bytes out. */
    public static byte[] argon2id(String passphrase, Kdf kdf) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(kdf.salt())
                .withMemoryAsKB(kdf.memoryKiB())
                .withIterations(kdf.iterations())
                .withParallelism(kdf.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[32];
        generator.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    /** {@return the stream decoded with a master key} Key source 0x01 streams decode too (the key is Argon2id's). */
    public static Decoded decodeWithKey(byte[] masterKey, byte[] stream) throws Rejected {
        return decode(masterKey, null, stream);
    }

    /** {@return the stream decoded with a passphrase} A key-file stream is rejected as {@code WRONG_KEY}. */
    public static Decoded decodeWithPassphrase(String passphrase, byte[] stream) throws Rejected {
        return decode(null, passphrase, stream);
    }

    /**
     * Decodes and verifies a whole stream, in the order the format gives: header fields, header
     * tag, then segment after segment its header's place in the stream, its wire length and
     * everything {@link SpecEncoder#decode} checks; after the final segment nothing may follow.
     */
    private static Decoded decode(byte[] givenKey, String passphrase, byte[] stream) throws Rejected {
        if (stream.length == 0) {
            throw new Rejected(Failure.MALFORMED, "empty input");
        }
        if (stream.length < HEADER_SIZE) {
            throw new Rejected(Failure.TRUNCATED, "shorter than the stream header");
        }
        ByteBuffer h = ByteBuffer.wrap(stream, 0, HEADER_SIZE);
        byte[] magic = new byte[8];
        h.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Rejected(Failure.MALFORMED, "bad stream magic");
        }
        if (h.get() != VERSION) {
            throw new Rejected(Failure.MALFORMED, "unknown stream version");
        }
        Suite suite = suite(h.get() & 0xff);
        if (suite == null) {
            throw new Rejected(Failure.MALFORMED, "unknown suite");
        }
        byte keySource = h.get();
        if (keySource != KEY_SOURCE_KEY && keySource != KEY_SOURCE_PASSPHRASE) {
            throw new Rejected(Failure.MALFORMED, "unknown key source");
        }
        if (h.get() != 0) {
            throw new Rejected(Failure.MALFORMED, "reserved byte is not 0");
        }
        long frameSize = h.getInt() & 0xffffffffL;
        if (frameSize < SpecEncoder.MIN_FRAME_SIZE || frameSize > SpecEncoder.MAX_FRAME_SIZE) {
            throw new Rejected(Failure.MALFORMED, "frame size out of range");
        }
        long segmentSize = h.getInt() & 0xffffffffL;
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new Rejected(Failure.MALFORMED, "segment size out of range");
        }
        byte[] streamId = new byte[16];
        h.get(streamId);
        byte[] kdfSalt = new byte[KDF_SALT_SIZE];
        h.get(kdfSalt);
        long memory = h.getInt() & 0xffffffffL;
        long iterations = h.getInt() & 0xffffffffL;
        long parallelism = h.getInt() & 0xffffffffL;
        if (keySource == KEY_SOURCE_KEY) {
            if (memory != 0
                    || iterations != 0
                    || parallelism != 0
                    || !Arrays.equals(kdfSalt, new byte[KDF_SALT_SIZE])) {
                throw new Rejected(Failure.MALFORMED, "passphrase fields are not zero in a key-file stream");
            }
        } else if (parallelism < 1
                || parallelism > MAX_KDF_PARALLELISM
                || iterations < 1
                || iterations > MAX_KDF_ITERATIONS
                || memory < 8 * parallelism
                || memory > MAX_KDF_MEMORY_KIB) {
            throw new Rejected(Failure.MALFORMED, "Argon2id parameters out of range");
        }
        Kdf kdf = new Kdf(kdfSalt, (int) memory, (int) iterations, (int) parallelism);
        byte[] tag = Arrays.copyOfRange(stream, TAGGED_PREFIX_SIZE, HEADER_SIZE);

        byte[] masterKey;
        if (givenKey != null) {
            masterKey = givenKey.clone();
        } else if (keySource == KEY_SOURCE_PASSPHRASE) {
            masterKey = argon2id(passphrase, kdf);
        } else {
            throw new Rejected(Failure.WRONG_KEY, "a key-file stream cannot be opened with a passphrase");
        }
        byte[] expectedTag = hmacSha256(headerMacKey(masterKey, streamId), Arrays.copyOf(stream, TAGGED_PREFIX_SIZE));
        if (!MessageDigest.isEqual(tag, expectedTag)) {
            throw new Rejected(Failure.WRONG_KEY, "header tag mismatch");
        }

        List<byte[]> plaintexts = new ArrayList<>();
        int pos = HEADER_SIZE;
        for (long k = 0; ; k++) {
            if (stream.length - pos < SpecEncoder.HEADER_SIZE) {
                throw new Rejected(
                        Failure.TRUNCATED,
                        "the stream ends before segment " + k + " or inside its header" + " (no final segment)");
            }
            ByteBuffer s = ByteBuffer.wrap(stream, pos, SpecEncoder.HEADER_SIZE);
            // The segment header's own fields, strictly, as the segment format says.
            byte[] segmentMagic = new byte[4];
            s.get(segmentMagic);
            if (!Arrays.equals(segmentMagic, SEGMENT_MAGIC)) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": bad magic");
            }
            if (s.get() != 0x02) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": unknown version");
            }
            Suite segmentSuite = suite(s.get() & 0xff);
            if (segmentSuite == null) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": unknown suite");
            }
            int flags = s.get() & 0xff;
            if ((flags & ~(SpecEncoder.FLAG_FINAL | SpecEncoder.FLAG_STREAM)) != 0) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": unknown flags");
            }
            if (s.get() != 0) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": reserved byte is not 0");
            }
            long segmentFrameSize = s.getInt() & 0xffffffffL;
            if (segmentFrameSize < SpecEncoder.MIN_FRAME_SIZE || segmentFrameSize > SpecEncoder.MAX_FRAME_SIZE) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": frame size out of range");
            }
            long length = s.getLong();
            if (length < 0 || length > SpecEncoder.MAX_PLAINTEXT_LENGTH) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": plaintext length out of range");
            }
            byte[] segmentStreamId = new byte[16];
            s.get(segmentStreamId);
            long index = s.getLong();
            if (index < 0) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": index >= 2^63");
            }
            boolean isFinal = (flags & SpecEncoder.FLAG_FINAL) != 0;

            // Its place in this stream.
            if (!Arrays.equals(segmentStreamId, streamId)) {
                throw new Rejected(Failure.AUTHENTICATION, "segment " + k + " belongs to another stream");
            }
            if ((flags & SpecEncoder.FLAG_STREAM) == 0) {
                throw new Rejected(Failure.AUTHENTICATION, "segment " + k + " is a lone segment, not a stream's");
            }
            if (index != k) {
                throw new Rejected(Failure.AUTHENTICATION, "segment " + k + " carries index " + index);
            }
            if (segmentSuite != suite || segmentFrameSize != frameSize) {
                throw new Rejected(Failure.AUTHENTICATION, "segment " + k + ": suite or frame size differs");
            }
            boolean canonical = isFinal ? length <= segmentSize && (length > 0 || k == 0) : length == segmentSize;
            if (!canonical) {
                throw new Rejected(Failure.MALFORMED, "segment " + k + ": non-canonical length " + length);
            }

            long n = (length + segmentFrameSize - 1) / segmentFrameSize;
            long wireLength = SpecEncoder.HEADER_SIZE + length + n * SpecEncoder.TAG_SIZE + 48 + 32;
            if (stream.length - pos < wireLength) {
                throw new Rejected(Failure.TRUNCATED, "segment " + k + " is cut short");
            }
            byte[] wire = Arrays.copyOfRange(stream, pos, pos + (int) wireLength);
            SpecEncoder.Decoded decoded;
            try {
                decoded = SpecEncoder.decode(masterKey, wire);
            } catch (Rejected e) {
                if (e.failure() == Failure.WRONG_KEY) {
                    // The header tag already proved the key: a segment that disagrees was altered or spliced.
                    throw new Rejected(Failure.AUTHENTICATION, "segment " + k + ": commitment mismatch in a stream");
                }
                throw e;
            }
            pos += (int) wireLength;
            if (isFinal) {
                if (pos != stream.length) {
                    throw new Rejected(Failure.MALFORMED, (stream.length - pos) + " bytes after the final segment");
                }
                plaintexts.add(decoded.plaintext());
                return new Decoded(
                        suite,
                        keySource,
                        (int) frameSize,
                        (int) segmentSize,
                        streamId,
                        kdf,
                        masterKey,
                        List.copyOf(plaintexts));
            }
            plaintexts.add(decoded.plaintext());
        }
    }

    private static Suite suite(int id) {
        return switch (id) {
            case 0x01 -> Suite.AES_256_GCM;
            case 0x02 -> Suite.CHACHA20_POLY1305;
            default -> null;
        };
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
