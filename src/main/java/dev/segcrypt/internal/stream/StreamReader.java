package dev.segcrypt.internal.stream;

import dev.segcrypt.AuthenticationFailedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decrypting {@link InputStream}. It reads one whole segment, verifies all of it, and only then
 * releases its plaintext; so a reader sees only verified segments, in order.
 *
 * <p>If the stream turns out to be truncated, spliced or tampered after some segments were
 * delivered, the next read throws an {@link InvalidCiphertextException} (never a clean end of
 * stream), and every later call throws too. The plaintext delivered before is authentic but is
 * not the whole message: a consumer that must not act on a prefix should decrypt to a file
 * ({@code decryptFile} is atomic) or buffer until the end.
 *
 * <p>Memory: one segment's wire and one segment's plaintext. Not thread-safe.
 */
public final class StreamReader extends InputStream {

    private final DefaultSegmentCipher cipher;
    private final InputStream in;
    private StreamHeader header; // read on first use
    private byte[] plaintext = new byte[0]; // reused from segment to segment
    private int plaintextLength;
    private int position;
    private byte[] wire = new byte[0]; // reused from segment to segment
    private long nextIndex;
    private boolean sawFinal;
    private IOException failure; // sticky
    private boolean closed;

    public StreamReader(DefaultSegmentCipher cipher, InputStream in) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.in = Objects.requireNonNull(in, "in");
    }

    /** Reads the 96 bytes of a stream header: empty input is not a stream, a short one is truncated. */
    static byte[] readHeaderBytes(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(StreamHeader.SIZE_IN_BYTES);
        if (bytes.length == 0) {
            throw new MalformedCiphertextException("the input is empty: not a segcrypt stream");
        }
        if (bytes.length < StreamHeader.SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException("the input ends inside the stream header (" + bytes.length + " of "
                    + StreamHeader.SIZE_IN_BYTES + " bytes)");
        }
        return bytes;
    }

    /** {@return the failure for a stream that ends where segment {@code index} should begin} */
    static TruncatedCiphertextException missingFinalSegment(long index) {
        return new TruncatedCiphertextException(
                index == 0
                        ? "the stream ends after its header without any segment (truncated)"
                        : "the stream ends after segment " + (index - 1) + " without a final segment (truncated)");
    }

    /** Reads and authenticates the 96-byte stream header. */
    static StreamHeader readHeader(DefaultSegmentCipher cipher, byte[] bytes) throws InvalidCiphertextException {
        StreamHeader header = StreamHeader.decode(bytes);
        byte[] expected =
                cipher.streamHeaderTag(header.streamId(), Arrays.copyOf(bytes, StreamHeader.TAGGED_PREFIX_IN_BYTES));
        byte[] actual = Arrays.copyOfRange(bytes, StreamHeader.TAGGED_PREFIX_IN_BYTES, StreamHeader.SIZE_IN_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new WrongKeyException(
                    "the stream header does not match the key (wrong key or passphrase, or the header was altered)");
        }
        return header;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureUsable();
        if (len == 0) {
            return 0;
        }
        try {
            while (position == plaintextLength) {
                if (sawFinal) {
                    return -1;
                }
                nextSegment();
            }
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) { // e.g. a provider fault: sticky too, and never mistaken for tampering
            fail(new IOException("decrypting segment " + nextIndex + " failed: " + e, e));
            throw e;
        }
        int n = Math.min(len, plaintextLength - position);
        System.arraycopy(plaintext, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureUsable();
        return plaintextLength - position;
    }

    private void nextSegment() throws IOException {
        if (header == null) {
            header = readHeader(cipher, readHeaderBytes(in));
        }
        byte[] headerBytes = new byte[SegmentHeader.SIZE_IN_BYTES];
        int n = in.readNBytes(headerBytes, 0, headerBytes.length);
        if (n == 0) {
            throw missingFinalSegment(nextIndex);
        }
        if (n < headerBytes.length) {
            throw new TruncatedCiphertextException(
                    "the stream ends inside the header of segment " + nextIndex + " (truncated)");
        }
        SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(headerBytes), "segment " + nextIndex);
        checkPlace(header, segment, nextIndex);
        int wireLength = (int) segment.layout().wireLength(); // at most one stream segment: bounded by the header
        if (wire.length < wireLength) {
            wire = new byte[(int) header.fullSegmentWireBytes()];
        }
        System.arraycopy(headerBytes, 0, wire, 0, headerBytes.length);
        int rest = in.readNBytes(wire, SegmentHeader.SIZE_IN_BYTES, wireLength - SegmentHeader.SIZE_IN_BYTES);
        if (rest < wireLength - SegmentHeader.SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException("segment " + nextIndex + ": the stream ends after "
                    + (SegmentHeader.SIZE_IN_BYTES + rest) + " of its " + wireLength + " bytes (truncated)");
        }
        position = 0;
        plaintextLength = 0; // nothing of the previous segment is readable while this one is checked
        if (plaintext.length < segment.plaintextLength()) {
            plaintext = new byte[header.segmentSizeBytes()];
        }
        plaintext = decryptSegment(cipher, wire, 0, wireLength, header, nextIndex, plaintext);
        if (segment.isFinal()) {
            try {
                ensureNothingAfterFinal(); // before the last plaintext is released
            } catch (IOException e) {
                Arrays.fill(plaintext, (byte) 0);
                throw e;
            }
        }
        plaintextLength = segment.plaintextLength();
        sawFinal = segment.isFinal();
        nextIndex++;
    }

    /**
     * Decrypts one segment of the stream described by {@code header} that must sit at {@code
     * index}, into {@code out} if it is large enough (else into a new array of exactly the plaintext length).
     */
    static byte[] decryptSegment(
            DefaultSegmentCipher cipher,
            byte[] wire,
            int offset,
            int length,
            StreamHeader header,
            long index,
            byte[] out)
            throws IOException {
        try {
            return cipher.decrypt(wire, offset, length, segment -> checkPlace(header, segment, index), out)
                    .plaintext();
        } catch (WrongKeyException e) {
            // the stream header already proved the key, so a segment that disagrees was altered or spliced in
            throw new AuthenticationFailedException("segment " + index
                    + ": its key commitment does not match the stream" + " (altered, or spliced from another stream)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decrypting segment " + index);
        }
    }

    /** Checks that a segment header belongs at {@code index} of the stream described by {@code stream}. */
    static void checkPlace(StreamHeader stream, SegmentHeader segment, long index) throws InvalidCiphertextException {
        String where = "segment " + index;
        if (!Arrays.equals(segment.streamId(), stream.streamId())) {
            throw new AuthenticationFailedException(where + " belongs to another stream (spliced)");
        }
        if (segment.segmentIndex() != index) {
            throw new AuthenticationFailedException(where + " carries index " + segment.segmentIndex()
                    + " (segments were reordered, dropped or duplicated)");
        }
        if (segment.suite() != stream.suite() || segment.frameSizeBytes() != stream.frameSizeBytes()) {
            throw new AuthenticationFailedException(where + ": suite or frame size differs from the stream header");
        }
        int length = segment.plaintextLength();
        boolean canonical = segment.isFinal()
                ? length <= stream.segmentSizeBytes() && (length > 0 || index == 0)
                : length == stream.segmentSizeBytes();
        if (!canonical) {
            throw new MalformedCiphertextException(where + ": a " + (segment.isFinal() ? "final" : "non-final")
                    + " segment of " + length + " bytes is not allowed in a stream of " + stream.segmentSizeBytes()
                    + "-byte segments");
        }
    }

    private void ensureNothingAfterFinal() throws IOException {
        if (in.read() != -1) {
            throw new MalformedCiphertextException("unexpected bytes after the final segment " + nextIndex);
        }
    }

    private IOException fail(IOException e) {
        failure = e;
        Arrays.fill(plaintext, (byte) 0);
        plaintextLength = 0;
        position = 0;
        return e;
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (failure != null) {
            throw new IOException(
                    "the stream failed earlier and cannot be read further: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Arrays.fill(plaintext, (byte) 0);
            in.close();
        }
    }
}
