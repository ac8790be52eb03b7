package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.StreamHeader;
import dev.segcrypt.internal.wire.StreamLayout;
import java.security.SecureRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The encoding half of the stream scheme (docs/wire-format.md, "Streams"): a new stream id, the
 * tagged stream header, and segments bound to that id, their index and the final flag, in order.
 * It writes nothing itself: the adapters ({@link StreamWriter}, {@link StreamFiles}) decide where
 * the bytes go.
 *
 * <p>Not thread-safe: one encoder per stream.
 */
final class StreamEncoder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DefaultSegmentCipher cipher;
    private final StreamLayout layout;
    private final byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
    private final byte[] header;
    private long nextIndex;
    private boolean finished; // the final segment was encrypted

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

    /** {@return whether the final segment was encrypted} */
    boolean finished() {
        return finished;
    }

    /** {@return the index the next segment will have} */
    long nextIndex() {
        return nextIndex;
    }

    /**
     * Encrypts the next segment of the stream from {@code plaintext[offset, offset + length)} into
     * {@code wire} and returns its wire length. Only the final segment may be short.
     */
    int encryptSegment(byte[] plaintext, int offset, int length, boolean isFinal, byte[] wire)
            throws InterruptedException {
        if (finished || !layout.allows(nextIndex, length, isFinal)) {
            throw new AssertionError("segcrypt internal error: segment " + nextIndex + " of " + length
                    + " bytes (final: " + isFinal + ") does not fit the stream");
        }
        int wireLength = cipher.encryptSegment(
                SegmentPosition.inStream(streamId, nextIndex, isFinal), plaintext, offset, length, wire);
        nextIndex++;
        finished = isFinal;
        return wireLength;
    }

    /**
     * Encrypts the next two segments, both full and not final, from {@code plaintext[offset,
     * offset + 2 × segment size)} into {@code first} and {@code second} at once, each on its own
     * virtual thread: the fixed costs of one segment (key derivation, hand-offs, closing frames,
     * about 60-120 us here) then overlap the other's frames. Returns both wire lengths. On any
     * failure both segments are waited for, and neither counts as encrypted.
     */
    int[] encryptTwoSegments(byte[] plaintext, int offset, byte[] first, byte[] second) throws InterruptedException {
        int length = layout.segmentSizeBytes();
        if (finished || !layout.allows(nextIndex, length, false) || !layout.allows(nextIndex + 1, length, false)) {
            throw new AssertionError("segcrypt internal error: segments " + nextIndex + " and " + (nextIndex + 1)
                    + " do not fit the stream");
        }
        SegmentPosition one = SegmentPosition.inStream(streamId, nextIndex, false);
        SegmentPosition two = SegmentPosition.inStream(streamId, nextIndex + 1, false);
        int[] wireLengths = new int[2];
        // close() waits for both segments; if this thread is interrupted meanwhile, it interrupts them
        try (ExecutorService segments = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> a = segments.submit(() -> cipher.encryptSegment(one, plaintext, offset, length, first));
            Future<Integer> b =
                    segments.submit(() -> cipher.encryptSegment(two, plaintext, offset + length, length, second));
            wireLengths[0] = result(a);
            wireLengths[1] = result(b);
        }
        nextIndex += 2;
        return wireLengths;
    }

    private static int result(Future<Integer> segment) throws InterruptedException {
        try {
            return segment.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case InterruptedException i -> throw i;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new AssertionError("segcrypt internal error: unexpected failure", e.getCause());
            }
        }
    }
}
