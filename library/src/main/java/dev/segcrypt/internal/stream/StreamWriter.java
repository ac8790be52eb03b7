package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.Cleanup;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encrypting {@link OutputStream}, the adapter of {@link StreamEncoder}: plaintext goes into a
 * segment buffer; each full segment is encrypted (its frames in parallel) on the caller's thread
 * and handed to a {@link BackgroundWriter}, so the writing of segment k overlaps the filling and
 * encryption of segment k + 1. Whole segments of a large write are encrypted from the caller's
 * array, two at a time when more than two remain.
 *
 * <p>A full buffer is only encrypted once more data arrives, because the last segment must carry the
 * final flag and {@link #close()} is the only sign of the end. An empty stream is one final segment
 * with no data frames.
 *
 * <p>Memory: one plaintext segment buffer and three wire buffers: about 4 × segment size.
 *
 * <p>Not thread-safe. After any failure of this stream every later call throws and {@link
 * #close()} writes no final segment, so a reader rejects the output as truncated. {@code close()}
 * itself means "the plaintext is complete": a caller whose own input failed must not close this
 * stream (close the underlying one instead), or the output is a valid, shorter stream.
 */
public final class StreamWriter extends OutputStream {

    private final StreamEncoder encoder; // only the caller's thread
    private final OutputStream out;
    private final BackgroundWriter writer;
    private final byte[] buffer; // the segment being filled; only the caller's thread
    private int buffered; // only the caller's thread
    private IOException failure; // sticky, caller's thread
    private boolean closed;
    private final Cleaner.Cleanable release; // zeroes the buffer and ends the writer: close() or the GC

    public StreamWriter(DefaultSegmentCipher cipher, OutputStream out) {
        this.encoder = new StreamEncoder(Objects.requireNonNull(cipher, "cipher"));
        this.out = Objects.requireNonNull(out, "out");
        this.buffer = new byte[encoder.segmentSizeBytes()];
        this.writer = new BackgroundWriter(out, encoder.header(), encoder.fullSegmentWireBytes());
        this.release = Cleanup.register(this, new Abandon(writer, buffer));
    }

    /**
     * What a stream dropped without {@code close()} still holds: plaintext in its buffer and the
     * writer thread. It must not refer to the stream, or the stream would never become unreachable.
     */
    private static final class Abandon implements Runnable {
        private final BackgroundWriter writer;
        private final byte[] buffer;

        Abandon(BackgroundWriter writer, byte[] buffer) {
            this.writer = writer;
            this.buffer = buffer;
        }

        @Override
        public void run() {
            Arrays.fill(buffer, (byte) 0);
            writer.abandon(); // nothing more is written: a dropped stream is incomplete
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (buffered == buffer.length) {
                sealBuffered(false); // more data follows, so the full buffer is not the last segment
            }
            if (buffered == 0 && len > 2 * buffer.length) {
                // two whole segments with more bytes after them: encrypted at once (see
                // StreamEncoder.encryptTwoSegments), straight from the caller's array
                sealTwo(b, off);
                off += 2 * buffer.length;
                len -= 2 * buffer.length;
                continue;
            }
            if (buffered == 0 && len > buffer.length) {
                // a whole segment with more bytes after it cannot be the last: encrypt it where it
                // is, without the copy into the buffer (the caller's array is read during this call only)
                seal(b, off, buffer.length, false);
                off += buffer.length;
                len -= buffer.length;
                continue;
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    private void sealBuffered(boolean isFinal) throws IOException {
        seal(buffer, 0, buffered, isFinal);
        buffered = 0;
    }

    private void seal(byte[] plaintext, int offset, int length, boolean isFinal) throws IOException {
        long index = encoder.nextIndex();
        try {
            byte[] wire = writer.borrow();
            writer.write(wire, encoder.encryptSegment(plaintext, offset, length, isFinal, wire));
        } catch (InterruptedException e) {
            throw fail(new InterruptedIOException("interrupted while encrypting segment " + index));
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException("encrypting segment " + index + " failed: " + e.getMessage(), e));
            throw e;
        }
    }

    private void sealTwo(byte[] plaintext, int offset) throws IOException {
        long index = encoder.nextIndex();
        try {
            byte[] first = writer.borrow();
            byte[] second = writer.borrow();
            int[] lengths = encoder.encryptTwoSegments(plaintext, offset, first, second);
            writer.write(first, lengths[0]);
            writer.write(second, lengths[1]);
        } catch (InterruptedException e) {
            throw fail(new InterruptedIOException(
                    "interrupted while encrypting segments " + index + " and " + (index + 1)));
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException(
                    "encrypting segments " + index + " and " + (index + 1) + " failed: " + e.getMessage(), e));
            throw e;
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            writer.stop();
            release.clean(); // no later call reads the buffer
        }
        return e;
    }

    /** {@return the segment buffer} For tests that check it is zeroed. */
    byte[] testOnlyBuffer() {
        return buffer;
    }

    /** {@return the writer thread} For tests that check it ends. */
    Thread testOnlyWriterThread() {
        return writer.testOnlyThread();
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw new IOException("the stream failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("the stream is closed");
        }
    }

    /** Does nothing: data is only written in whole segments, and the last one only at {@link #close()}. */
    @Override
    public void flush() {}

    /**
     * Encrypts the last segment, waits until every segment is written, and closes the underlying
     * stream. If anything failed, throws and the output is incomplete (a reader will reject it).
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                sealBuffered(true);
            }
        } finally {
            closed = true;
            writer.stop();
            release.clean();
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e); // the earlier failure is the one to report
            }
        }
        if (failure != null) {
            throw new IOException("the encrypted stream is incomplete: " + failure.getMessage(), failure);
        }
        writer.checkWriter();
    }
}
