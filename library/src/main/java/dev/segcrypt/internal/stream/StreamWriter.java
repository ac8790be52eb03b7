package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.Cleanup;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * An encrypting {@link OutputStream}, the adapter of {@link StreamEncoder}: plaintext goes into a
 * segment buffer; each full segment is encrypted (its frames in parallel) on a virtual thread of
 * its own ({@link BackgroundSegment}) while the caller fills the other buffer, and handed to a
 * {@link BackgroundWriter}, so filling segment k + 1, encrypting k and writing k - 1 overlap. Whole
 * segments of a large write are encrypted from the caller's array during the call, two in flight
 * at a time.
 *
 * <p>A full buffer is only encrypted once more data arrives, because the last segment must carry the
 * final flag and {@link #close()} is the only sign of the end. An empty stream is one final segment
 * with no data frames.
 *
 * <p>Memory: two plaintext segment buffers (the second from the second segment on) and three wire
 * buffers: about 5 × segment size.
 *
 * <p>Not thread-safe. After any failure of this stream every later call throws and {@link
 * #close()} writes no final segment, so a reader rejects the output as truncated. A segment that
 * fails in the background is reported by the next call that needs its place (a write that fills
 * the other buffer, or {@code close()}). {@code close()} itself means "the plaintext is complete":
 * a caller whose own input failed must not close this stream (close the underlying one instead), or
 * the output is a valid, shorter stream.
 */
public final class StreamWriter extends OutputStream {

    /** Whole segments of a large write encrypted at once: enough to keep every carrier busy between two segments. */
    private static final int SEGMENTS_IN_FLIGHT = 2;

    private final StreamEncoder encoder; // only the caller's thread, but for BackgroundSegment's encrypt
    private final OutputStream out;
    private final BackgroundWriter writer;
    private final byte[][] buffers; // [0] and, from the second segment on, [1]; only the caller's thread
    private int filling; // the index in buffers of the one being filled
    private int buffered; // bytes in buffers[filling]
    private BackgroundSegment pending; // encrypting the other buffer, or null
    private IOException failure; // sticky, caller's thread
    private boolean closed;
    private final Cleaner.Cleanable release; // zeroes the buffers and ends the writer: close() or the GC

    public StreamWriter(DefaultSegmentCipher cipher, OutputStream out) {
        this.encoder = new StreamEncoder(Objects.requireNonNull(cipher, "cipher"));
        this.out = Objects.requireNonNull(out, "out");
        this.buffers = new byte[][] {new byte[encoder.segmentSizeBytes()], null};
        this.writer = new BackgroundWriter(out, encoder.header(), encoder.fullSegmentWireBytes());
        this.release = Cleanup.register(this, new Abandon(writer, buffers));
    }

    /**
     * What a stream dropped without {@code close()} still holds: plaintext in its buffers and the
     * writer thread. It must not refer to the stream, or the stream would never become unreachable.
     * (A segment still encrypting in the background refers to the stream's encoder, not to the
     * stream, and ends by itself.)
     */
    private static final class Abandon implements Runnable {
        private final BackgroundWriter writer;
        private final byte[][] buffers;

        Abandon(BackgroundWriter writer, byte[][] buffers) {
            this.writer = writer;
            this.buffers = buffers;
        }

        @Override
        public void run() {
            for (byte[] buffer : buffers) {
                if (buffer != null) {
                    Arrays.fill(buffer, (byte) 0);
                }
            }
            writer.abandon(); // nothing more is written: a dropped stream is incomplete
        }
    }

    /** Work on segments {@code [first, first + count)} whose failure ends the stream. */
    @FunctionalInterface
    private interface SegmentWork {
        void run() throws InterruptedException, IOException;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        int segmentSize = buffers[0].length;
        while (len > 0) {
            if (buffered == segmentSize) {
                sealInBackground(); // more data follows, so the full buffer is not the last segment
            }
            if (buffered == 0 && len > segmentSize) {
                // whole segments with more bytes after them cannot be the last: encrypt them where
                // they are, without the copy into the buffer
                int whole = (len - 1) / segmentSize;
                sealWhole(b, off, whole);
                off += whole * segmentSize;
                len -= whole * segmentSize;
                continue;
            }
            int n = Math.min(len, segmentSize - buffered);
            System.arraycopy(b, off, buffers[filling], buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Starts encrypting the full buffer in the background and switches to the other buffer. */
    private void sealInBackground() throws IOException {
        finishPending(); // its buffer is the one to fill next
        long index = encoder.nextIndex();
        guarded(index, 1, () -> {
            byte[] full = buffers[filling];
            byte[] wire = writer.borrow();
            pending = BackgroundSegment.start(
                    encoder, encoder.nextPosition(full.length, false), full, 0, full.length, wire);
        });
        filling ^= 1;
        if (buffers[filling] == null) {
            buffers[filling] = new byte[buffers[0].length];
        }
        buffered = 0;
    }

    /** Waits for the segment encrypting in the background, if any, and queues it for writing. */
    private void finishPending() throws IOException {
        if (pending != null) {
            guarded(pending.index(), 1, () -> {
                writer.write(pending.wire(), pending.await());
                pending = null;
            });
        }
    }

    /** Encrypts what is buffered as the final segment, on this thread, after the one in the background. */
    private void sealFinal() throws IOException {
        finishPending();
        guarded(encoder.nextIndex(), 1, () -> {
            byte[] wire = writer.borrow();
            writer.write(wire, encoder.encryptSegment(buffers[filling], 0, buffered, true, wire));
        });
    }

    /**
     * Encrypts {@code count} whole segments, none of them the last, from {@code plaintext[offset,
     * ...)}, which is read during this call only: two at a time, each on a virtual thread of its
     * own, and the next one starts as soon as the older one is done, so that one segment's fixed
     * costs (key derivation, hand-offs, closing frames) overlap the other's frames.
     */
    private void sealWhole(byte[] plaintext, int offset, int count) throws IOException {
        finishPending();
        int length = buffers[0].length;
        Deque<BackgroundSegment> inFlight = new ArrayDeque<>(SEGMENTS_IN_FLIGHT);
        guarded(encoder.nextIndex(), count, () -> {
            try {
                for (int i = 0; i < count || !inFlight.isEmpty(); ) {
                    if (i < count && inFlight.size() < SEGMENTS_IN_FLIGHT) {
                        SegmentPosition position = encoder.nextPosition(length, false);
                        inFlight.add(BackgroundSegment.start(
                                encoder, position, plaintext, offset + i * length, length, writer.borrow()));
                        i++;
                    } else {
                        BackgroundSegment oldest = inFlight.peek();
                        writer.write(oldest.wire(), oldest.await());
                        inFlight.remove();
                    }
                }
            } finally {
                inFlight.forEach(BackgroundSegment::cancel); // after a failure: none reads the caller's array on
            }
        });
    }

    /**
     * Runs {@code work} on segments {@code [first, first + count)}; any failure ends the stream
     * (see {@link #fail}) and is thrown as an {@link IOException}, or rethrown as it was when
     * unchecked.
     */
    private void guarded(long first, int count, SegmentWork work) throws IOException {
        try {
            work.run();
        } catch (InterruptedException e) {
            throw fail(new InterruptedIOException("interrupted while encrypting " + segments(first, count)));
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException("encrypting " + segments(first, count) + " failed: " + e.getMessage(), e));
            throw e;
        }
    }

    private static String segments(long first, int count) {
        return count == 1 ? "segment " + first : "segments " + first + " to " + (first + count - 1);
    }

    /**
     * Ends the stream: stops the segment in the background (it reads a buffer that is zeroed next)
     * and the writer.
     */
    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            writer.stop();
            release.clean(); // no later call reads the buffers
        }
        return e;
    }

    /** {@return the segment buffers, the second null until used} For tests that check they are zeroed. */
    List<byte[]> testOnlyBuffers() {
        return Arrays.asList(buffers);
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
                sealFinal();
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
