package dev.segcrypt.internal.stream;

import dev.segcrypt.AuthenticationFailedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.internal.wire.StreamHeader;
import dev.segcrypt.internal.wire.StreamLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The decoding half of the stream scheme (docs/wire-format.md, "Streams" and the decoding rules):
 * reads the stream header and authenticates it, then yields the stream's segments one at a time,
 * each checked for its place (stream id, index, suite, frame size, canonical length) and verified
 * whole before its plaintext is handed out; after the final segment, it requires the end of the
 * input. Without a key ({@link #keyless}) it checks only the structure, for {@code inspect}.
 *
 * <p>The adapters ({@link StreamReader}, {@link StreamFiles}) decide where the plaintext goes.
 * Not thread-safe: one decoder per stream.
 */
final class StreamDecoder {

    /**
     * A verified segment: its plaintext is {@code plaintext[0, length)}.
     */
    record Segment(long index, byte[] plaintext, int length, boolean isFinal) {}

    private final DefaultSegmentCipher cipher; // null when key-less
    private final InputStream in;
    private StreamHeader header; // read on first use
    private long nextIndex; // of the next segment to read
    private boolean sawFinal;

    private StreamDecoder(DefaultSegmentCipher cipher, InputStream in) {
        this.cipher = cipher;
        this.in = in;
    }

    /** {@return a decoder that authenticates and decrypts with {@code cipher}'s key} */
    static StreamDecoder keyed(DefaultSegmentCipher cipher, InputStream in) {
        return new StreamDecoder(cipher, in);
    }

    /** {@return a decoder that checks the structure only: nothing is authenticated} */
    static StreamDecoder keyless(InputStream in) {
        return new StreamDecoder(null, in);
    }

    /** {@return the public description of {@code header}} */
    static StreamInfo describe(StreamHeader header) {
        HexFormat hex = HexFormat.of();
        return new StreamInfo(
                StreamHeader.VERSION,
                header.suite(),
                header.frameSizeBytes(),
                header.segmentSizeBytes(),
                hex.formatHex(header.streamId()),
                header.passphraseParams(),
                header.passphraseParams().map(p -> hex.formatHex(header.kdfSalt())));
    }

    /** Reads the 96 bytes of a stream header from {@code in} and parses them, without a key. */
    static StreamHeader readHeader(InputStream in) throws IOException {
        return StreamHeader.decode(in.readNBytes(StreamHeader.SIZE_IN_BYTES));
    }

    /** {@return the stream header} Read on the first call, and authenticated unless key-less. */
    StreamHeader header() throws IOException {
        if (header == null) {
            StreamHeader read = readHeader(in);
            if (cipher != null) {
                read.verifyTag(cipher.withMasterKey(key -> key.streamHeaderTag(read)));
            }
            header = read;
        }
        return header;
    }

    /**
     * A segment read and placed but not yet verified: its header and its wire in {@code
     * wire[0, L_wire)}. {@code afterEnd} is the failure of the final segment's end-of-input check
     * (rule 19), or null: it is raised only after the segment's own checks, in the spec's order.
     */
    record Sealed(SegmentHeader header, byte[] wire, IOException afterEnd) {}

    /** {@return the wire length of the largest segment of this stream: a buffer for {@link #readNext}} */
    int fullSegmentWireBytes() throws IOException {
        return StreamLayout.of(header()).fullSegmentWireBytes();
    }

    /**
     * Reads the next segment into {@code wire}, at least {@link #fullSegmentWireBytes()} long, and
     * checks its place; {@return it, or null after the final one} Nothing is authenticated yet.
     */
    Sealed readNext(byte[] wire) throws IOException {
        requireKey();
        SegmentHeader segment = nextSegmentHeader(wire);
        if (segment == null) {
            return null;
        }
        int wireLength = SegmentLayout.wireLength(segment.frameSizeBytes(), segment.plaintextLength());
        int rest = wireLength - SegmentHeader.SIZE_IN_BYTES;
        int read = in.readNBytes(wire, SegmentHeader.SIZE_IN_BYTES, rest);
        if (read < rest) {
            throw new TruncatedCiphertextException("segment " + segment.segmentIndex() + ": the stream ends after "
                    + (SegmentHeader.SIZE_IN_BYTES + read) + " of its " + wireLength + " bytes (truncated)");
        }
        IOException afterEnd = null;
        if (segment.isFinal()) {
            try {
                requireEnd(segment.segmentIndex());
            } catch (IOException e) {
                afterEnd = e;
            }
        }
        return new Sealed(segment, wire, afterEnd);
    }

    /**
     * Verifies and decrypts a segment from {@link #readNext} into {@code out}, at least one segment
     * size long; {@return it} The final segment is returned only if the input ended right after it.
     * Only the wire and {@code out} are touched, so this may run on another thread than the reads.
     */
    Segment decrypt(Sealed sealed, byte[] out) throws IOException {
        SegmentHeader segment = sealed.header();
        decrypt(segment, sealed.wire(), 0, out);
        if (sealed.afterEnd() != null) {
            Arrays.fill(out, 0, segment.plaintextLength(), (byte) 0); // never released
            throw sealed.afterEnd();
        }
        return new Segment(segment.segmentIndex(), out, segment.plaintextLength(), segment.isFinal());
    }

    /**
     * {@return where the next segment lies, or null after the final one} Key-less: reads its
     * header, checks its place and skips its frames without authenticating anything.
     */
    SegmentInfo nextInfo(long offset) throws IOException {
        SegmentHeader segment = nextSegmentHeader(new byte[SegmentHeader.SIZE_IN_BYTES]);
        if (segment == null) {
            return null;
        }
        SegmentLayout layout = SegmentLayout.of(segment);
        long rest = layout.wireLength() - SegmentHeader.SIZE_IN_BYTES;
        if (skip(rest) < rest) {
            throw new TruncatedCiphertextException("segment " + segment.segmentIndex() + " is cut short (truncated)");
        }
        if (segment.isFinal()) {
            requireEnd(segment.segmentIndex());
        }
        return new SegmentInfo(
                segment.segmentIndex(),
                offset,
                segment.plaintextLength(),
                layout.wireLength(),
                layout.dataFrames(),
                segment.isFinal());
    }

    /**
     * Parses the segment header in {@code bytes[0, 108)} and checks that it belongs at {@code
     * index} of this stream; {@return the header}
     */
    SegmentHeader segmentHeaderAt(long index, byte[] bytes) throws IOException {
        SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(bytes), "segment " + index);
        checkPlace(header(), segment, index);
        return segment;
    }

    /**
     * Verifies and decrypts the segment whose checked {@code segment} header is at {@code
     * wire[offset]}, into {@code out} when it is large enough; {@return the array holding the plaintext}
     */
    byte[] decrypt(SegmentHeader segment, byte[] wire, int offset, byte[] out) throws IOException {
        requireKey();
        try {
            return cipher.decryptStreamSegment(segment, wire, offset, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decrypting segment " + segment.segmentIndex());
        }
    }

    /**
     * Reads the next segment header into {@code bytes[0, 108)} and checks its place; {@return it,
     * or null if the final segment was read already}
     */
    private SegmentHeader nextSegmentHeader(byte[] bytes) throws IOException {
        StreamHeader stream = header();
        if (sawFinal) {
            return null;
        }
        int n = in.readNBytes(bytes, 0, SegmentHeader.SIZE_IN_BYTES);
        if (n == 0) {
            throw new TruncatedCiphertextException(
                    nextIndex == 0
                            ? "the stream ends after its header without any segment (truncated)"
                            : "the stream ends after segment " + (nextIndex - 1)
                                    + " without a final segment (truncated)");
        }
        if (n < SegmentHeader.SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException(
                    "the stream ends inside the header of segment " + nextIndex + " (truncated)");
        }
        SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(bytes), "segment " + nextIndex);
        checkPlace(stream, segment, nextIndex);
        nextIndex++;
        sawFinal = segment.isFinal();
        return segment;
    }

    /** Checks that {@code segment} belongs at {@code index} of the stream described by {@code stream}. */
    private static void checkPlace(StreamHeader stream, SegmentHeader segment, long index)
            throws InvalidCiphertextException {
        String where = "segment " + index;
        if (!stream.hasStreamId(segment.streamId())) {
            throw new AuthenticationFailedException(where + " belongs to another stream (spliced)");
        }
        if (!segment.isInStream()) {
            throw new AuthenticationFailedException(where + " is a lone segment, not a segment of a stream (spliced)");
        }
        if (segment.segmentIndex() != index) {
            throw new AuthenticationFailedException(where + " carries index " + segment.segmentIndex()
                    + " (segments were reordered, dropped or duplicated)");
        }
        if (segment.suite() != stream.suite() || segment.frameSizeBytes() != stream.frameSizeBytes()) {
            throw new AuthenticationFailedException(where + ": suite or frame size differs from the stream header");
        }
        StreamLayout layout = StreamLayout.of(stream);
        if (!layout.allows(index, segment.plaintextLength(), segment.isFinal())) {
            throw new MalformedCiphertextException(where + ": a " + (segment.isFinal() ? "final" : "non-final")
                    + " segment of " + segment.plaintextLength() + " bytes is not allowed in a stream of "
                    + stream.segmentSizeBytes() + "-byte segments");
        }
    }

    private void requireEnd(long finalIndex) throws IOException {
        if (in.read() != -1) {
            throw new MalformedCiphertextException("unexpected bytes after the final segment " + finalIndex);
        }
    }

    private void requireKey() {
        if (cipher == null) {
            throw new AssertionError("segcrypt internal error: a key-less decoder cannot decrypt");
        }
    }

    /** Skips up to {@code count} bytes; {@return how many were there} */
    private long skip(long count) throws IOException {
        long skipped = 0;
        while (skipped < count) {
            long n = in.skip(count - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            skipped += n;
        }
        return skipped;
    }
}
