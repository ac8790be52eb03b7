package dev.segcrypt.testing;

import dev.segcrypt.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A deliberately naive, sequential encoder and decoder of one segcrypt v2 segment, written from
 * the format description alone (docs/wire-format.md) and sharing no code with the library: it
 * uses Bouncy Castle's lightweight API, not the JCA path the library takes. Expected bytes of
 * known-answer tests and property tests come from here, never from the code under test.
 *
 * <pre>
 * wire       = header(108) || D_0 .. D_(n-1) || G || T          n = ceil(L / F), 0 when L = 0
 * flags      = FINAL (0x01) if last of its stream (always on a lone segment) | STREAM (0x02) if in a stream
 * okm        = HKDF-SHA-256(masterKey, salt, "segcrypt v2 segment key" || suiteId || flags || streamId || index u64, 64)
 * segmentKey = okm[0..32)    commitment = okm[32..64)
 * nonce      = type || 00 00 00 || frameIndex u64                aad = header || type || frameIndex u64
 * G          = AEAD(SHA-256(tag_0 || .. || tag_(n-1)))           T = AEAD(n u64 || L u64)
 * </pre>
 *
 * Everything is recomputed step by step, frame after frame, with no attempt at speed.
 */
public final class SpecEncoder {

    public static final int HEADER_SIZE = 108;
    public static final int TAG_SIZE = 16;
    public static final int MIN_FRAME_SIZE = 64;
    public static final int MAX_FRAME_SIZE = 16 * 1024 * 1024;
    public static final long MAX_PLAINTEXT_LENGTH = 1L << 30;

    public static final byte TYPE_DATA = 0x01;
    public static final byte TYPE_DIGEST = 0x02;
    public static final byte TYPE_TERMINATOR = 0x03;

    private static final byte[] MAGIC = {'S', 'C', 'S', 'G'};
    private static final byte VERSION = 0x02;
    public static final byte FLAG_FINAL = 0x01;
    public static final byte FLAG_STREAM = 0x02;
    private static final byte[] LABEL = "segcrypt v2 segment key".getBytes(StandardCharsets.US_ASCII);

    private SpecEncoder() {}

    /** One frame as sealed: where it is bound (nonce, AAD suffix) and its bytes on the wire. */
    public record Frame(byte type, long index, byte[] nonce, byte[] aadSuffix, byte[] plaintext, byte[] sealed) {
        /** {@return the 16-byte tag at the end of the sealed bytes} */
        public byte[] tag() {
            return Arrays.copyOfRange(sealed, sealed.length - TAG_SIZE, sealed.length);
        }
    }

    /** Every intermediate value of one encoding, for known-answer files and for debugging. */
    public record Encoding(
            byte[] header, byte[] segmentKey, byte[] commitment, List<Frame> frames, byte[] digest, byte[] wire) {}

    /** Why {@link #decode} refused its input; the names follow the library's exception categories. */
    public enum Failure {
        TRUNCATED,
        MALFORMED,
        WRONG_KEY,
        AUTHENTICATION
    }

    /** Thrown by {@link #decode} for any input the format description says to reject. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure failure;

        Rejected(Failure failure, String message) {
            super(failure + ": " + message);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** A successfully decoded segment: the header fields and the plaintext. */
    public record Decoded(
            Suite suite,
            boolean isFinal,
            boolean inStream,
            int frameSize,
            byte[] streamId,
            long segmentIndex,
            byte[] salt,
            byte[] plaintext) {}

    /**
     * {@return the wire bytes of one segment} {@code inStream} says whether it is a segment of a
     * stream (STREAM flag set) or a lone segment.
     */
    public static byte[] encode(
            byte[] masterKey,
            Suite suite,
            int frameSize,
            byte[] streamId,
            long segmentIndex,
            boolean isFinal,
            boolean inStream,
            byte[] salt,
            byte[] plaintext) {
        return encodeParts(masterKey, suite, frameSize, streamId, segmentIndex, isFinal, inStream, salt, plaintext)
                .wire();
    }

    /** {@return the wire bytes of one segment and every value computed on the way} */
    public static Encoding encodeParts(
            byte[] masterKey,
            Suite suite,
            int frameSize,
            byte[] streamId,
            long segmentIndex,
            boolean isFinal,
            boolean inStream,
            byte[] salt,
            byte[] plaintext) {
        require(masterKey.length == 32, "master key must be 32 bytes");
        require(streamId.length == 16, "stream id must be 16 bytes");
        require(salt.length == 32, "salt must be 32 bytes");
        require(frameSize >= MIN_FRAME_SIZE && frameSize <= MAX_FRAME_SIZE, "frame size out of range");
        require(plaintext.length <= MAX_PLAINTEXT_LENGTH, "plaintext too long");
        require(segmentIndex >= 0, "segment index must be < 2^63");

        byte flags = flags(isFinal, inStream);
        byte[] okm = hkdfSha256(masterKey, salt, info(suite, flags, streamId, segmentIndex), 64);
        byte[] segmentKey = Arrays.copyOfRange(okm, 0, 32);
        byte[] commitment = Arrays.copyOfRange(okm, 32, 64);

        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        h.put(MAGIC);
        h.put(VERSION);
        h.put(suiteId(suite));
        h.put(flags);
        h.put((byte) 0);
        h.putInt(frameSize);
        h.putLong(plaintext.length);
        h.put(streamId);
        h.putLong(segmentIndex);
        h.put(salt);
        h.put(commitment);
        byte[] header = h.array();

        List<Frame> frames = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(header);

        // Data frames, one after the other; the last may be short, none is empty.
        long n = 0;
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        for (int start = 0; start < plaintext.length; start += frameSize) {
            int end = Math.min(start + frameSize, plaintext.length);
            Frame frame = seal(suite, segmentKey, header, TYPE_DATA, n, Arrays.copyOfRange(plaintext, start, end));
            frames.add(frame);
            wire.writeBytes(frame.sealed());
            tags.writeBytes(frame.tag());
            n++;
        }

        byte[] digest = sha256(tags.toByteArray());
        Frame g = seal(suite, segmentKey, header, TYPE_DIGEST, n, digest);
        frames.add(g);
        wire.writeBytes(g.sealed());

        byte[] counts =
                ByteBuffer.allocate(16).putLong(n).putLong(plaintext.length).array();
        Frame t = seal(suite, segmentKey, header, TYPE_TERMINATOR, n + 1, counts);
        frames.add(t);
        wire.writeBytes(t.sealed());

        return new Encoding(header, segmentKey, commitment, List.copyOf(frames), digest, wire.toByteArray());
    }

    /**
     * Decodes and verifies one segment with the checks in the order the format gives: header
     * fields, exact wire length, key commitment, terminator, digest, then every data frame. Any
     * index, FINAL and STREAM flag pass: the caller checks the segment's place (a stream decoder).
     *
     * @throws Rejected for any input the format says a decoder must reject
     */
    public static Decoded decode(byte[] masterKey, byte[] wire) throws Rejected {
        return decode(masterKey, wire, false);
    }

    /**
     * Decodes and verifies a lone segment: as {@link #decode}, and right after the header fields
     * it requires index 0, the FINAL flag and no STREAM flag (parse rule 10: any other segment
     * belongs to a stream).
     *
     * @throws Rejected for any input the format says a decoder of a lone segment must reject
     */
    public static Decoded decodeLone(byte[] masterKey, byte[] wire) throws Rejected {
        return decode(masterKey, wire, true);
    }

    private static Decoded decode(byte[] masterKey, byte[] wire, boolean lone) throws Rejected {
        if (wire.length < HEADER_SIZE) {
            throw new Rejected(Failure.TRUNCATED, "shorter than the header");
        }
        byte[] header = Arrays.copyOfRange(wire, 0, HEADER_SIZE);
        ByteBuffer h = ByteBuffer.wrap(header);
        byte[] magic = new byte[4];
        h.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Rejected(Failure.MALFORMED, "bad magic");
        }
        if (h.get() != VERSION) {
            throw new Rejected(Failure.MALFORMED, "unknown version");
        }
        int suiteId = h.get() & 0xff;
        Suite suite;
        if (suiteId == 0x01) {
            suite = Suite.AES_256_GCM;
        } else if (suiteId == 0x02) {
            suite = Suite.CHACHA20_POLY1305;
        } else {
            throw new Rejected(Failure.MALFORMED, "unknown suite");
        }
        int flags = h.get() & 0xff;
        if ((flags & ~(FLAG_FINAL | FLAG_STREAM)) != 0) {
            throw new Rejected(Failure.MALFORMED, "unknown flags");
        }
        if (h.get() != 0) {
            throw new Rejected(Failure.MALFORMED, "reserved byte is not 0");
        }
        long frameSize = h.getInt() & 0xffffffffL;
        if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) {
            throw new Rejected(Failure.MALFORMED, "frame size out of range");
        }
        long length = h.getLong();
        if (length < 0 || length > MAX_PLAINTEXT_LENGTH) {
            throw new Rejected(Failure.MALFORMED, "plaintext length out of range");
        }
        byte[] streamId = new byte[16];
        h.get(streamId);
        long segmentIndex = h.getLong();
        if (segmentIndex < 0) {
            throw new Rejected(Failure.MALFORMED, "segment index >= 2^63");
        }
        byte[] salt = new byte[32];
        h.get(salt);
        byte[] commitment = new byte[32];
        h.get(commitment);
        if (lone && (segmentIndex != 0 || (flags & FLAG_FINAL) == 0 || (flags & FLAG_STREAM) != 0)) {
            throw new Rejected(Failure.MALFORMED, "not index 0 with FINAL set and STREAM clear: a segment of a stream");
        }

        long n = (length + frameSize - 1) / frameSize;
        long expectedLength = HEADER_SIZE + length + n * TAG_SIZE + (32 + TAG_SIZE) + (16 + TAG_SIZE);
        if (wire.length < expectedLength) {
            throw new Rejected(Failure.TRUNCATED, "wire shorter than the layout");
        }
        if (wire.length > expectedLength) {
            throw new Rejected(Failure.MALFORMED, "wire longer than the layout");
        }

        byte[] okm = hkdfSha256(masterKey, salt, info(suite, (byte) flags, streamId, segmentIndex), 64);
        byte[] segmentKey = Arrays.copyOfRange(okm, 0, 32);
        if (!MessageDigest.isEqual(commitment, Arrays.copyOfRange(okm, 32, 64))) {
            throw new Rejected(Failure.WRONG_KEY, "commitment mismatch");
        }

        int tEnd = wire.length;
        int tStart = tEnd - (16 + TAG_SIZE);
        int gStart = tStart - (32 + TAG_SIZE);
        byte[] counts = open(suite, segmentKey, header, TYPE_TERMINATOR, n + 1, Arrays.copyOfRange(wire, tStart, tEnd));
        if (!Arrays.equals(
                counts, ByteBuffer.allocate(16).putLong(n).putLong(length).array())) {
            throw new Rejected(Failure.AUTHENTICATION, "terminator does not match the header");
        }
        byte[] digest = open(suite, segmentKey, header, TYPE_DIGEST, n, Arrays.copyOfRange(wire, gStart, tStart));

        // The digest covers the tags as they are on the wire, so it is checked before any data frame.
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        int pos = HEADER_SIZE;
        for (long i = 0; i < n; i++) {
            int chunk = (int) Math.min(frameSize, length - i * frameSize);
            tags.write(wire, pos + chunk, TAG_SIZE);
            pos += chunk + TAG_SIZE;
        }
        if (!MessageDigest.isEqual(digest, sha256(tags.toByteArray()))) {
            throw new Rejected(Failure.AUTHENTICATION, "digest does not match the data frames' tags");
        }
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        pos = HEADER_SIZE;
        for (long i = 0; i < n; i++) {
            int chunk = (int) Math.min(frameSize, length - i * frameSize);
            byte[] sealed = Arrays.copyOfRange(wire, pos, pos + chunk + TAG_SIZE);
            plaintext.writeBytes(open(suite, segmentKey, header, TYPE_DATA, i, sealed));
            pos += chunk + TAG_SIZE;
        }
        return new Decoded(
                suite,
                (flags & FLAG_FINAL) != 0,
                (flags & FLAG_STREAM) != 0,
                (int) frameSize,
                streamId,
                segmentIndex,
                salt,
                plaintext.toByteArray());
    }

    /** HKDF-SHA-256 (RFC 5869) through Bouncy Castle's lightweight generator. */
    public static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    /** {@return the flags byte: FINAL (0x01) if {@code isFinal}, STREAM (0x02) if {@code inStream}} */
    public static byte flags(boolean isFinal, boolean inStream) {
        return (byte) ((isFinal ? FLAG_FINAL : 0) | (inStream ? FLAG_STREAM : 0));
    }

    /** {@return the HKDF info of a segment: label || suiteId || flags || streamId || segmentIndex u64} */
    public static byte[] info(Suite suite, byte flags, byte[] streamId, long segmentIndex) {
        return ByteBuffer.allocate(LABEL.length + 1 + 1 + 16 + 8)
                .put(LABEL)
                .put(suiteId(suite))
                .put(flags)
                .put(streamId)
                .putLong(segmentIndex)
                .array();
    }

    /** {@return the suite's one-byte id: 0x01 AES-256-GCM, 0x02 ChaCha20-Poly1305} */
    public static byte suiteId(Suite suite) {
        return switch (suite) {
            case AES_256_GCM -> 0x01;
            case CHACHA20_POLY1305 -> 0x02;
        };
    }

    /** {@return the nonce of a frame: type || 00 00 00 || index u64} */
    public static byte[] nonce(byte type, long index) {
        return ByteBuffer.allocate(12).put(type).put(new byte[3]).putLong(index).array();
    }

    /** {@return the AAD suffix of a frame: type || index u64} */
    public static byte[] aadSuffix(byte type, long index) {
        return ByteBuffer.allocate(9).put(type).putLong(index).array();
    }

    /**
     * {@return {@code plaintext} sealed as the frame of {@code type} and {@code index} of the segment
     * whose header and key are given} {@link #encodeParts} seals every frame with it; so were the
     * frames with wrong content in {@code segment-invalid.json} and {@code stream-invalid.json}.
     */
    public static Frame seal(Suite suite, byte[] key, byte[] header, byte type, long index, byte[] plaintext) {
        byte[] nonce = nonce(type, index);
        byte[] suffix = aadSuffix(type, index);
        try {
            byte[] sealed = aead(suite, true, key, nonce, concat(header, suffix), plaintext);
            return new Frame(type, index, nonce, suffix, plaintext.clone(), sealed);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail", e);
        }
    }

    private static byte[] open(Suite suite, byte[] key, byte[] header, byte type, long index, byte[] sealed)
            throws Rejected {
        try {
            return aead(suite, false, key, nonce(type, index), concat(header, aadSuffix(type, index)), sealed);
        } catch (InvalidCipherTextException e) {
            throw new Rejected(Failure.AUTHENTICATION, "frame type " + type + " index " + index + " does not verify");
        }
    }

    private static byte[] aead(Suite suite, boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        AEADCipher cipher = switch (suite) {
            case AES_256_GCM -> GCMBlockCipher.newInstance(AESEngine.newInstance());
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305();
        };
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int written = cipher.processBytes(input, 0, input.length, out, 0);
        written += cipher.doFinal(out, written);
        return Arrays.copyOf(out, written);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
