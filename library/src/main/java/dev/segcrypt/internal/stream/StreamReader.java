package dev.segcrypt.internal.stream;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A decrypting {@link InputStream}, the adapter of {@link StreamDecoder}: it hands out the
 * plaintext of one verified segment at a time, so a reader sees only verified segments, in order,
 * while the next segment is verified in the background ({@link PrefetchingDecoder}).
 *
 * <p>If the stream turns out to be truncated, spliced or tampered after some segments were
 * delivered, the next read throws an {@link InvalidCiphertextException} (never a clean end of
 * stream), and every later call throws too. The plaintext delivered before is authentic but is
 * not the whole message: a consumer that must not act on a prefix should decrypt to a file
 * ({@code decryptFile} is atomic) or buffer until the end.
 *
 * <p>Memory: two segments' wire and two segments' plaintext. Not thread-safe.
 */
public final class StreamReader extends InputStream {

    private final PrefetchingDecoder decoder;
    private final InputStream in;
    private StreamDecoder.Segment segment; // the segment being handed out; null before the first
    private int position; // in segment's plaintext
    private boolean ended; // the final segment was handed out whole
    private IOException failure; // sticky
    private boolean closed;

    public StreamReader(DefaultSegmentCipher cipher, InputStream in) {
        this.decoder = new PrefetchingDecoder(StreamDecoder.keyed(Objects.requireNonNull(cipher, "cipher"), in));
        this.in = Objects.requireNonNull(in, "in");
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
            while (remaining() == 0) {
                if (ended) {
                    return -1;
                }
                segment = null; // nothing of the previous segment is readable while the next is checked
                position = 0;
                StreamDecoder.Segment next = decoder.next();
                if (next == null) {
                    ended = true;
                } else {
                    segment = next;
                }
            }
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) { // e.g. a provider fault: sticky too, and never mistaken for tampering
            fail(new IOException("decrypting the stream failed: " + e, e));
            throw e;
        }
        int n = Math.min(len, remaining());
        System.arraycopy(segment.plaintext(), position, b, off, n);
        position += n;
        return n;
    }

    private int remaining() {
        return segment == null ? 0 : segment.length() - position;
    }

    @Override
    public int available() throws IOException {
        ensureUsable();
        return remaining();
    }

    private IOException fail(IOException e) {
        failure = e;
        zeroPlaintext();
        return e;
    }

    private void zeroPlaintext() {
        segment = null;
        decoder.close(); // stops the decryption of the next segment and zeroes the plaintext buffers
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
            zeroPlaintext();
            in.close();
        }
    }
}
