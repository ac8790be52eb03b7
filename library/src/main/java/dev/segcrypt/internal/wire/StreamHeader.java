package dev.segcrypt.internal.wire;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.Suite;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.WrongKeyException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The 96-byte header that opens a stream. Layout (big-endian), see docs/wire-format.md:
 *
 * <pre>
 * magic "SEGCRYPT"(8) || version(1) || suite(1) || keySource(1) || reserved(1) || frameSize u32(4)
 *   || segmentSize u32(4) || streamId(16) || kdfSalt(16) || kdfMemoryKiB u32(4) || kdfIterations u32(4)
 *   || kdfParallelism u32(4) || headerTag(32)
 * </pre>
 *
 * {@code headerTag} is an HMAC-SHA-256 of the first 64 bytes (the tagged prefix) under a key derived
 * from the master key (computed in the crypto layer): it authenticates the header and commits to
 * the key. Decoding is strict, so re-encoding a decoded header gives back the same bytes.
 */
public final class StreamHeader {

    public static final int SIZE_IN_BYTES = 96;
    public static final int TAGGED_PREFIX_IN_BYTES = 64;
    public static final int TAG_SIZE_IN_BYTES = 32;
    public static final int KDF_SALT_SIZE_IN_BYTES = 16;
    public static final int VERSION = SegmentHeader.VERSION;
    private static final byte[] MAGIC = {'S', 'E', 'G', 'C', 'R', 'Y', 'P', 'T'};
    private static final int KEY_SOURCE_KEY = 0x00;
    private static final int KEY_SOURCE_PASSPHRASE = 0x01;

    private final Suite suite;
    private final int frameSizeBytes;
    private final int segmentSizeBytes;
    private final byte[] streamId;
    private final byte[] kdfSalt; // all zero for a key-file stream
    private final PassphraseParams passphraseParams; // null for a key-file stream
    private final byte[] tag; // null until decoded: a new header gets its tag from encode(tag)

    private StreamHeader(
            Suite suite,
            int frameSizeBytes,
            int segmentSizeBytes,
            byte[] streamId,
            byte[] kdfSalt,
            PassphraseParams passphraseParams,
            byte[] tag) {
        this.suite = suite;
        this.frameSizeBytes = frameSizeBytes;
        this.segmentSizeBytes = segmentSizeBytes;
        this.streamId = streamId.clone();
        this.kdfSalt = kdfSalt.clone();
        this.passphraseParams = passphraseParams;
        this.tag = tag;
    }

    /**
     * {@return the header of a new stream}
     *
     * @param kdfSalt          the Argon2id salt of a passphrase key, all zero for a key-file stream
     * @param passphraseParams the Argon2id cost of a passphrase key, null for a key-file stream
     */
    public static StreamHeader create(
            Suite suite,
            int frameSizeBytes,
            int segmentSizeBytes,
            byte[] streamId,
            byte[] kdfSalt,
            PassphraseParams passphraseParams) {
        if (streamId.length != SegmentHeader.STREAM_ID_SIZE_IN_BYTES
                || kdfSalt.length != KDF_SALT_SIZE_IN_BYTES
                || !WireLimits.isFrameSize(frameSizeBytes)
                || !WireLimits.isSegmentSize(segmentSizeBytes)) {
            throw new AssertionError("segcrypt internal error: stream header field out of range");
        }
        return new StreamHeader(suite, frameSizeBytes, segmentSizeBytes, streamId, kdfSalt, passphraseParams, null);
    }

    public Suite suite() {
        return suite;
    }

    public int frameSizeBytes() {
        return frameSizeBytes;
    }

    public int segmentSizeBytes() {
        return segmentSizeBytes;
    }

    public byte[] streamId() {
        return streamId.clone();
    }

    /** {@return whether {@code candidate} is this stream's id} */
    public boolean hasStreamId(byte[] candidate) {
        return Arrays.equals(streamId, candidate);
    }

    public byte[] kdfSalt() {
        return kdfSalt.clone();
    }

    public Optional<PassphraseParams> passphraseParams() {
        return Optional.ofNullable(passphraseParams);
    }

    /** {@return the first 64 bytes, the part the header tag covers} */
    public byte[] taggedPrefix() {
        ByteBuffer out = ByteBuffer.allocate(TAGGED_PREFIX_IN_BYTES);
        out.put(MAGIC)
                .put((byte) VERSION)
                .put((byte) suite.wireId())
                .put((byte) (passphraseParams == null ? KEY_SOURCE_KEY : KEY_SOURCE_PASSPHRASE))
                .put((byte) 0)
                .putInt(frameSizeBytes)
                .putInt(segmentSizeBytes)
                .put(streamId)
                .put(kdfSalt)
                .putInt(passphraseParams == null ? 0 : passphraseParams.memoryKiB())
                .putInt(passphraseParams == null ? 0 : passphraseParams.iterations())
                .putInt(passphraseParams == null ? 0 : passphraseParams.parallelism());
        return out.array();
    }

    /** {@return the 96 header bytes: the tagged prefix followed by {@code tag}} */
    public byte[] encode(byte[] tag) {
        if (tag.length != TAG_SIZE_IN_BYTES) {
            throw new AssertionError("segcrypt internal error: stream header tag of wrong size");
        }
        return ByteBuffer.allocate(SIZE_IN_BYTES).put(taggedPrefix()).put(tag).array();
    }

    /**
     * Checks, in constant time, that the tag read with this header is {@code expectedTag}, the tag
     * of the tagged prefix under the reader's key.
     *
     * @throws WrongKeyException if it is not: the wrong key or passphrase, or an altered header
     */
    public void verifyTag(byte[] expectedTag) throws WrongKeyException {
        if (tag == null) {
            throw new AssertionError("segcrypt internal error: only a decoded header has a tag to verify");
        }
        if (!MessageDigest.isEqual(expectedTag, tag)) {
            throw new WrongKeyException(
                    "the stream header does not match the key (wrong key or passphrase, or the header was altered)");
        }
    }

    /**
     * Parses the first 96 bytes of {@code bytes} strictly, without a key (see {@link #verifyTag}).
     *
     * @throws MalformedCiphertextException if {@code bytes} is empty (not a stream at all) or any
     *     field is not canonical or out of range
     * @throws TruncatedCiphertextException if {@code bytes} ends inside the header
     */
    public static StreamHeader decode(byte[] bytes) throws MalformedCiphertextException, TruncatedCiphertextException {
        if (bytes.length == 0) {
            throw new MalformedCiphertextException("the input is empty: not a segcrypt stream");
        }
        if (bytes.length < SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException(
                    "the input ends inside the stream header (" + bytes.length + " of " + SIZE_IN_BYTES + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, SIZE_IN_BYTES);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MalformedCiphertextException("not a segcrypt stream (the first bytes are not \"SEGCRYPT\")");
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new MalformedCiphertextException("stream header: " + SegmentHeader.unsupportedVersion(version));
        }
        Suite suite;
        try {
            suite = Suite.fromWireId(in.get() & 0xff);
        } catch (IllegalArgumentException e) {
            throw new MalformedCiphertextException("stream header: " + e.getMessage());
        }
        int keySource = in.get() & 0xff;
        if (keySource != KEY_SOURCE_KEY && keySource != KEY_SOURCE_PASSPHRASE) {
            throw new MalformedCiphertextException("stream header: unknown key source " + keySource);
        }
        if (in.get() != 0) {
            throw new MalformedCiphertextException("stream header: reserved byte must be 0");
        }
        int frameSize = in.getInt();
        int segmentSize = in.getInt();
        if (!WireLimits.isFrameSize(Integer.toUnsignedLong(frameSize))
                || !WireLimits.isSegmentSize(Integer.toUnsignedLong(segmentSize))) {
            throw new MalformedCiphertextException("stream header: frame size " + Integer.toUnsignedString(frameSize)
                    + " or segment size " + Integer.toUnsignedString(segmentSize) + " is out of range");
        }
        byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
        in.get(streamId);
        byte[] kdfSalt = new byte[KDF_SALT_SIZE_IN_BYTES];
        in.get(kdfSalt);
        int memory = in.getInt();
        int iterations = in.getInt();
        int parallelism = in.getInt();
        PassphraseParams params = null;
        if (keySource == KEY_SOURCE_PASSPHRASE) {
            try {
                params = new PassphraseParams(memory, iterations, parallelism);
            } catch (IllegalArgumentException e) {
                throw new MalformedCiphertextException("stream header: " + e.getMessage());
            }
        } else if (memory != 0
                || iterations != 0
                || parallelism != 0
                || !Arrays.equals(kdfSalt, new byte[KDF_SALT_SIZE_IN_BYTES])) {
            throw new MalformedCiphertextException(
                    "stream header: passphrase fields must be zero for a key-file stream");
        }
        byte[] tag = new byte[TAG_SIZE_IN_BYTES];
        in.get(tag);
        return new StreamHeader(suite, frameSize, segmentSize, streamId, kdfSalt, params, tag);
    }

    @Override
    public String toString() {
        return "StreamHeader[suite=" + suite.displayName() + ", frameSize=" + frameSizeBytes + ", segmentSize="
                + segmentSizeBytes + ", streamId=" + HexFormat.of().formatHex(streamId) + ", passphrase="
                + (passphraseParams != null) + "]";
    }
}
