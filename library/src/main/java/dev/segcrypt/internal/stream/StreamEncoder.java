package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.StreamHeader;
import dev.segcrypt.internal.wire.StreamLayout;
import java.security.SecureRandom;

/**
 * The encoding half of the stream scheme (docs/wire-format.md, "Streams"): a new stream id, the
 * tagged stream header, and segments bound to that id, their index and the final flag, in order.
 * It writes nothing itself: the adapters ({@link StreamWriter}, {@link StreamFiles}) decide where
 * the bytes go.
 *
 * <p>One encoder per stream. {@link #nextPosition} is called by one thread at a time, in the
 * stream's order; {@link #encrypt} may run on any thread.
 */
final class StreamEncoder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DefaultSegmentCipher cipher;
    private final StreamLayout layout;
    private final byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
    private final byte[] header;
    private long nextIndex;
    private boolean finished; // the final segment has its place

    StreamEncoder(DefaultSegmentCipher cipher) {
        this.cipher = cipher;
        RANDOM.nextBytes(streamId);
        int frameSize = cipher.options().frameSizeBytes();
        int segmentSize = cipher.options().segmentSizeBytes();
        this.layout = new StreamLayout(frameSize, segmentSize);
        this.header = cipher.withMasterKey(key -> {
            StreamHeader fields = key.newStreamHeader(cipher.options().suite(), frameSize, segmentSize, streamId);
            return fields.encode(key.streamHeaderTag(fields));
        });
    }

    /** {@return the 96 bytes of the stream header, which go before every segment} */
    byte[] header() {
        return header.clone();
    }

    /** {@return plaintext bytes in every segment but the last} */
    int segmentSizeBytes() {
        return layout.segmentSizeBytes();
    }

    /** {@return the wire length of a full segment: a buffer this large holds any segment} */
    int fullSegmentWireBytes() {
        return layout.fullSegmentWireBytes();
    }

    /** {@return the index the next segment will have} */
    long nextIndex() {
        return nextIndex;
    }

    /**
     * Takes the next segment's place in the stream: {@code length} plaintext bytes, final or not
     * (only the final segment may be short). Encrypt it with {@link #encrypt}, on any thread; the
     * stream counts it from now on, so a failure to encrypt it must end the stream.
     */
    SegmentPosition nextPosition(int length, boolean isFinal) {
        if (finished || !layout.allows(nextIndex, length, isFinal)) {
            throw new AssertionError("segcrypt internal error: segment " + nextIndex + " of " + length
                    + " bytes (final: " + isFinal + ") does not fit the stream");
        }
        finished = isFinal;
        return SegmentPosition.inStream(streamId, nextIndex++, isFinal);
    }

    /** Encrypts {@code plaintext[offset, offset + length)} as the segment at {@code position} into {@code wire}; returns its wire length. */
    int encrypt(SegmentPosition position, byte[] plaintext, int offset, int length, byte[] wire)
            throws InterruptedException {
        return cipher.encryptSegment(position, plaintext, offset, length, wire);
    }

    /** Encrypts the next segment on this thread: {@link #nextPosition} and {@link #encrypt} in one. */
    int encryptSegment(byte[] plaintext, int offset, int length, boolean isFinal, byte[] wire)
            throws InterruptedException {
        return encrypt(nextPosition(length, isFinal), plaintext, offset, length, wire);
    }
}
