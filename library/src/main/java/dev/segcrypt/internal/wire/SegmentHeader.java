package dev.segcrypt.internal.wire;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Suite;
import dev.segcrypt.TruncatedCiphertextException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The 108-byte header that opens every segment. Layout (big-endian), see docs/wire-format.md:
 *
 * <pre>
 * magic "SCSG"(4) || version(1) || suite(1) || flags(1) || reserved(1) || frameSize u32(4)
 *   || plaintextLength u64(8) || streamId(16) || segmentIndex u64(8) || salt(32) || commitment(32)
 * </pre>
 *
 * The whole header is part of every frame's AAD, so no field can change without every frame
 * failing authentication (salt, suite, flags, stream id and index already fail the key commitment).
 */
public final class SegmentHeader {

    public static final int SIZE_IN_BYTES = 108;
    public static final int MAGIC = 0x53435347; // "SCSG"
    public static final int VERSION = 2;
    public static final int STREAM_ID_SIZE_IN_BYTES = 16;
    public static final int SALT_SIZE_IN_BYTES = 32;
    public static final int COMMITMENT_SIZE_IN_BYTES = 32;
    /** Flag bit 0: this segment is the last of its stream (always set on a lone segment). */
    public static final int FLAG_FINAL = 0x01;
    /** Flag bit 1: this segment is part of a stream (never set on a lone segment; ADR 0007). */
    public static final int FLAG_STREAM = 0x02;

    private final Suite suite;
    private final boolean finalSegment;
    private final boolean inStream;
    private final int frameSizeBytes;
    private final int plaintextLength;
    private final byte[] streamId;
    private final long segmentIndex;
    private final byte[] salt;
    private final byte[] commitment;

    /** Creates a header; arrays are copied. */
    public SegmentHeader(
            Suite suite,
            boolean finalSegment,
            boolean inStream,
            int frameSizeBytes,
            int plaintextLength,
            byte[] streamId,
            long segmentIndex,
            byte[] salt,
            byte[] commitment) {
        if (streamId.length != STREAM_ID_SIZE_IN_BYTES
                || salt.length != SALT_SIZE_IN_BYTES
                || commitment.length != COMMITMENT_SIZE_IN_BYTES) {
            throw new AssertionError("segcrypt internal error: header field of wrong size");
        }
        this.suite = suite;
        this.finalSegment = finalSegment;
        this.inStream = inStream;
        this.frameSizeBytes = frameSizeBytes;
        this.plaintextLength = plaintextLength;
        this.streamId = streamId.clone();
        this.segmentIndex = segmentIndex;
        this.salt = salt.clone();
        this.commitment = commitment.clone();
    }

    public Suite suite() {
        return suite;
    }

    public boolean isFinal() {
        return finalSegment;
    }

    /** {@return whether the STREAM flag is set: a segment of a stream, not a lone segment} */
    public boolean isInStream() {
        return inStream;
    }

    /** {@return the flags byte, which also enters the key schedule} */
    public int flags() {
        return flags(finalSegment, inStream);
    }

    /** {@return the flags byte of a segment that is final or not, in a stream or not} */
    public static int flags(boolean finalSegment, boolean inStream) {
        return (finalSegment ? FLAG_FINAL : 0) | (inStream ? FLAG_STREAM : 0);
    }

    public int frameSizeBytes() {
        return frameSizeBytes;
    }

    public int plaintextLength() {
        return plaintextLength;
    }

    public byte[] streamId() {
        return streamId.clone();
    }

    public long segmentIndex() {
        return segmentIndex;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public byte[] commitment() {
        return commitment.clone();
    }

    /** Writes the 108 header bytes at the buffer's position and advances it. */
    public void encodeTo(ByteBuffer out) {
        out.putInt(MAGIC)
                .put((byte) VERSION)
                .put((byte) suite.wireId())
                .put((byte) flags())
                .put((byte) 0)
                .putInt(frameSizeBytes)
                .putLong(plaintextLength)
                .put(streamId)
                .putLong(segmentIndex)
                .put(salt)
                .put(commitment);
    }

    /**
     * Parses a header strictly from the first 108 bytes of {@code in} (from its position).
     *
     * @throws TruncatedCiphertextException if fewer than 108 bytes remain
     * @throws MalformedCiphertextException if any field is not canonical or out of range
     */
    public static SegmentHeader decode(ByteBuffer in, String where)
            throws TruncatedCiphertextException, MalformedCiphertextException {
        if (in.remaining() < SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException(where + ": the input ends inside the segment header ("
                    + in.remaining() + " of " + SIZE_IN_BYTES + " bytes)");
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new MalformedCiphertextException(where + ": not a segcrypt segment (magic is 0x"
                    + Integer.toHexString(magic) + ", expected 0x53435347 \"SCSG\")");
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new MalformedCiphertextException(where + ": " + unsupportedVersion(version));
        }
        int suiteId = in.get() & 0xff;
        Suite suite;
        try {
            suite = Suite.fromWireId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new MalformedCiphertextException(where + ": " + e.getMessage());
        }
        int flags = in.get() & 0xff;
        if ((flags & ~(FLAG_FINAL | FLAG_STREAM)) != 0) {
            throw new MalformedCiphertextException(where + ": unknown flags 0x" + Integer.toHexString(flags));
        }
        int reserved = in.get() & 0xff;
        if (reserved != 0) {
            throw new MalformedCiphertextException(where + ": reserved byte is " + reserved + ", must be 0");
        }
        int frameSize = in.getInt();
        if (!WireLimits.isFrameSize(Integer.toUnsignedLong(frameSize))) {
            throw new MalformedCiphertextException(
                    where + ": frame size " + Integer.toUnsignedString(frameSize) + " is out of range");
        }
        long length = in.getLong();
        if (length < 0 || length > WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES) {
            throw new MalformedCiphertextException(where + ": plaintext length " + Long.toUnsignedString(length)
                    + " exceeds the limit of " + WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES + " bytes");
        }
        byte[] streamId = new byte[STREAM_ID_SIZE_IN_BYTES];
        in.get(streamId);
        long segmentIndex = in.getLong();
        if (segmentIndex < 0) {
            throw new MalformedCiphertextException(where + ": segment index is out of range");
        }
        byte[] salt = new byte[SALT_SIZE_IN_BYTES];
        in.get(salt);
        byte[] commitment = new byte[COMMITMENT_SIZE_IN_BYTES];
        in.get(commitment);
        return new SegmentHeader(
                suite,
                (flags & FLAG_FINAL) != 0,
                (flags & FLAG_STREAM) != 0,
                frameSize,
                (int) length,
                streamId,
                segmentIndex,
                salt,
                commitment);
    }

    /** {@return why {@code version} is refused; version 1 gets its own words (ADR 0007)} */
    static String unsupportedVersion(int version) {
        return version == 1
                ? "format version 1 is not supported: this build reads version " + VERSION
                        + " only (decrypt with the segcrypt build that wrote it, then encrypt again)"
                : "unsupported format version " + version + " (this build reads version " + VERSION + ")";
    }

    @Override
    public String toString() {
        return "SegmentHeader[suite=" + suite.displayName() + ", final=" + finalSegment + ", inStream=" + inStream
                + ", frameSize="
                + frameSizeBytes + ", plaintextLength=" + plaintextLength + ", streamId="
                + HexFormat.of().formatHex(streamId) + ", segmentIndex=" + segmentIndex + "]";
    }
}
