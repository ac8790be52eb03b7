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
 * failing authentication (salt and commitment already fail the key commitment).
 */
public final class SegmentHeader {

    public static final int SIZE_IN_BYTES = 108;
    public static final int MAGIC = 0x53435347; // "SCSG"
    public static final int VERSION = 1;
    public static final int STREAM_ID_SIZE_IN_BYTES = 16;
    public static final int SALT_SIZE_IN_BYTES = 32;
    public static final int COMMITMENT_SIZE_IN_BYTES = 32;
    /** Flag bit 0: this segment is the last of its stream (always set on a lone segment). */
    public static final int FLAG_FINAL = 0x01;

    private final Suite suite;
    private final boolean finalSegment;
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
                .put((byte) (finalSegment ? FLAG_FINAL : 0))
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
            throw new MalformedCiphertextException(where + ": unsupported segment version " + version);
        }
        int suiteId = in.get() & 0xff;
        Suite suite;
        try {
            suite = Suite.fromWireId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new MalformedCiphertextException(where + ": " + e.getMessage());
        }
        int flags = in.get() & 0xff;
        if ((flags & ~FLAG_FINAL) != 0) {
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
                suite, (flags & FLAG_FINAL) != 0, frameSize, (int) length, streamId, segmentIndex, salt, commitment);
    }

    @Override
    public String toString() {
        return "SegmentHeader[suite=" + suite.displayName() + ", final=" + finalSegment + ", frameSize="
                + frameSizeBytes + ", plaintextLength=" + plaintextLength + ", streamId="
                + HexFormat.of().formatHex(streamId) + ", segmentIndex=" + segmentIndex + "]";
    }
}
