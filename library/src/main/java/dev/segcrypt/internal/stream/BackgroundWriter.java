package dev.segcrypt.internal.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes to an {@link OutputStream} on a thread of its own, so that writing segment k overlaps the
 * encryption of segment k + 1; and lends out the wire buffers that rotate between the two (one
 * being filled, one queued, one being written), so no segment-sized array is allocated per
 * segment.
 *
 * <p>Used by one producer thread. After a write fails, the writer keeps draining (the producer
 * never blocks on a full queue) and the producer's next call throws.
 */
final class BackgroundWriter {

    private static final int WIRE_BUFFERS = 3;

    /** {@code bytes[0, length)} to write; {@code recycle} when {@code bytes} is a lent wire buffer. */
    private record Chunk(byte[] bytes, int length, boolean recycle) {}

    private static final Chunk END = new Chunk(new byte[0], -1, false);

    private final OutputStream out;
    private final int bufferBytes;
    private final BlockingQueue<Chunk> toWrite = new ArrayBlockingQueue<>(1);
    private final BlockingQueue<byte[]> freeBuffers = new ArrayBlockingQueue<>(WIRE_BUFFERS); // the writer gives back
    private final Thread writer;
    private volatile Throwable writeFailure; // set by the writer thread

    /**
     * Starts the writer thread; {@code first} is written before anything else.
     *
     * @param bufferBytes the size of every lent buffer
     */
    BackgroundWriter(OutputStream out, byte[] first, int bufferBytes) {
        this.out = out;
        this.bufferBytes = bufferBytes;
        toWrite.add(new Chunk(first, first.length, false));
        for (int i = 0; i < WIRE_BUFFERS; i++) {
            freeBuffers.add(new byte[i == 0 ? bufferBytes : 0]); // the others grow on first use
        }
        this.writer = Thread.ofVirtual().name("segcrypt-stream-writer").start(this::writeLoop);
    }

    /** {@return a buffer of at least the buffer size to fill and pass to {@link #write}} */
    byte[] borrow() throws InterruptedException, IOException {
        checkWriter();
        byte[] buffer = freeBuffers.take();
        return buffer.length < bufferBytes ? new byte[bufferBytes] : buffer;
    }

    /** Queues {@code buffer[0, length)}, a borrowed buffer, for writing; the buffer comes back after. */
    void write(byte[] buffer, int length) throws InterruptedException, IOException {
        checkWriter();
        toWrite.put(new Chunk(buffer, length, true));
    }

    /** Throws if writing failed. */
    void checkWriter() throws IOException {
        Throwable t = writeFailure;
        if (t != null) {
            throw new IOException("writing the encrypted stream failed: " + t.getMessage(), t);
        }
    }

    /** Writes what is queued and ends the writer thread; waits for it even when interrupted. */
    void stop() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                toWrite.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        Threads.awaitEnd(writer);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the writer thread without writing what is queued: for a stream that was dropped without
     * being closed, whose output is incomplete anyway.
     */
    void abandon() {
        writer.interrupt();
    }

    /** {@return the writer thread} For tests that check it ends. */
    Thread testOnlyThread() {
        return writer;
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
                    writeFailure = t; // keep draining so the producer never blocks on a full queue
                }
            }
            if (chunk.recycle()) {
                freeBuffers.offer(chunk.bytes());
            }
        }
    }
}
