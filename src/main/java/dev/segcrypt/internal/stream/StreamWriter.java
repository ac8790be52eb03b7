package dev.segcrypt.internal.stream;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import dev.segcrypt.internal.wire.SegmentHeader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An encrypting {@link OutputStream}: plaintext goes into a segment buffer; each full segment is
 * encrypted (its frames in parallel) on the caller's thread and handed to a writer thread, so the
 * writing of segment k overlaps the filling and encryption of segment k + 1.
 *
 * <p>A full buffer is only encrypted once more data arrives, because the last segment must carry the
 * final flag and {@link #close()} is the only sign of the end. An empty stream is one final segment
 * with no data frames.
 *
 * <p>Memory: one plaintext segment buffer and three wire buffers that rotate (one being
 * encrypted, one queued, one being written): about 4 × segment size. The buffers are reused, so
 * the JVM does not zero a new segment-sized array for every segment.
 *
 * <p>Not thread-safe. After any failure of this stream every later call throws and {@link
 * #close()} writes no final segment, so a reader rejects the output as truncated. {@code close()}
 * itself means "the plaintext is complete": a caller whose own input failed must not close this
 * stream (close the underlying one instead), or the output is a valid, shorter stream.
 */
public final class StreamWriter extends OutputStream {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int WIRE_BUFFERS = 3;

    /**
     * A chunk for the writer thread: {@code bytes[0, length)}; {@code recycle} when {@code bytes}
     * is a wire buffer to give back afterwards.
     */
    private record Chunk(byte[] bytes, int length, boolean recycle) {}

    private static final Chunk END = new Chunk(new byte[0], -1, false);

    private final DefaultSegmentCipher cipher;
    private final OutputStream out;
    private final byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
    private final byte[] buffer; // the segment being filled; only the caller's thread
    private int buffered; // only the caller's thread
    private long nextIndex; // only the caller's thread
    private final BlockingQueue<Chunk> toWrite = new ArrayBlockingQueue<>(1);
    private final BlockingQueue<byte[]> freeWires = new ArrayBlockingQueue<>(WIRE_BUFFERS); // the writer gives back
    private final Thread writer;
    private volatile Throwable writeFailure; // set by the writer thread
    private IOException failure; // sticky, caller's thread
    private boolean finalWritten; // caller's thread
    private boolean closed;

    public StreamWriter(DefaultSegmentCipher cipher, OutputStream out) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.out = Objects.requireNonNull(out, "out");
        RANDOM.nextBytes(streamId);
        this.buffer = new byte[cipher.options().segmentSizeBytes()];
        StreamHeader header = new StreamHeader(
                cipher.options().suite(),
                cipher.options().frameSizeBytes(),
                cipher.options().segmentSizeBytes(),
                streamId,
                cipher.passphraseSalt() == null
                        ? new byte[StreamHeader.KDF_SALT_SIZE_IN_BYTES]
                        : cipher.passphraseSalt(),
                cipher.passphraseParams());
        byte[] prefix = header.encodeTaggedPrefix();
        byte[] tag = cipher.streamHeaderTag(streamId, prefix);
        byte[] headerBytes = new byte[StreamHeader.SIZE_IN_BYTES];
        System.arraycopy(prefix, 0, headerBytes, 0, prefix.length);
        System.arraycopy(tag, 0, headerBytes, prefix.length, tag.length);
        toWrite.add(new Chunk(headerBytes, headerBytes.length, false));
        int wireBytes = cipher.wireLength(cipher.options().segmentSizeBytes());
        for (int i = 0; i < WIRE_BUFFERS; i++) {
            freeWires.add(new byte[i == 0 ? wireBytes : 0]); // the others grow on first use
        }
        this.writer = Thread.ofVirtual().name("segcrypt-stream-writer").start(this::writeLoop);
    }

    private void writeLoop() {
        while (true) {
            Chunk chunk;
            try {
                chunk = toWrite.take();
            } catch (InterruptedException e) {
                writeFailure = e;
                return;
            }
            if (chunk == END) {
                return;
            }
            if (writeFailure == null) {
                try {
                    out.write(chunk.bytes(), 0, chunk.length());
                } catch (Throwable t) {
                    writeFailure = t; // keep draining so the caller never blocks on a full queue
                }
            }
            if (chunk.recycle()) {
                freeWires.offer(chunk.bytes());
            }
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
        if (finalWritten && len > 0) {
            throw new IOException("the final segment was written already");
        }
        while (len > 0) {
            if (buffered == buffer.length) {
                sealBuffered(false); // more data follows, so the full buffer is not the last segment
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Encrypts one whole segment straight from {@code b} without copying it into the buffer: the
     * path of the file helpers, which know where the stream ends. The buffer must be empty.
     */
    void writeSegment(byte[] b, int off, int len, boolean isFinal) throws IOException {
        ensureOpen();
        if (buffered != 0 || finalWritten) {
            throw new AssertionError("segcrypt internal error: writeSegment with buffered data");
        }
        seal(b, off, len, isFinal);
    }

    private void sealBuffered(boolean isFinal) throws IOException {
        seal(buffer, 0, buffered, isFinal);
        buffered = 0;
    }

    private void seal(byte[] b, int off, int len, boolean isFinal) throws IOException {
        try {
            checkWriter();
            byte[] wire = freeWires.take();
            int wireLength = cipher.wireLength(len);
            if (wire.length < wireLength) {
                wire = new byte[cipher.wireLength(cipher.options().segmentSizeBytes())];
            }
            wireLength = cipher.encryptInto(new SegmentPosition(streamId, nextIndex, isFinal), b, off, len, wire);
            nextIndex++;
            finalWritten = isFinal;
            toWrite.put(new Chunk(wire, wireLength, true));
        } catch (InterruptedException e) {
            throw fail(new InterruptedIOException("interrupted while encrypting segment " + nextIndex));
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            fail(new IOException("encrypting segment " + nextIndex + " failed: " + e.getMessage(), e));
            throw e;
        }
    }

    private void checkWriter() throws IOException {
        Throwable t = writeFailure;
        if (t != null) {
            throw new IOException("writing the encrypted stream failed: " + t.getMessage(), t);
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            stopWriter();
        }
        return e;
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
            if (failure == null && !finalWritten) {
                sealBuffered(true);
            }
        } finally {
            closed = true;
            stopWriter();
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
        checkWriter();
    }

    private void stopWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                toWrite.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
