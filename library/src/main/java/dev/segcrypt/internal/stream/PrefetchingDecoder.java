package dev.segcrypt.internal.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * Hands out the verified segments of a {@link StreamDecoder} one at a time, and decrypts segment
 * k + 1 on a virtual thread while the caller consumes segment k. Reading stays on the caller's
 * thread, so the background work never blocks on the input and always ends when cancelled.
 *
 * <p>Order of failures is kept: a segment that fails to read or verify is reported by the call
 * after the one that handed out the segment before it. Memory: two segments' wire and two
 * segments' plaintext. Used by one thread at a time.
 */
final class PrefetchingDecoder implements AutoCloseable {

    private final StreamDecoder decoder;
    private final byte[][] wires = new byte[2][]; // sized on first use
    private final byte[][] plaintexts = new byte[2][];
    private int nextSlot; // the buffers of the segment that start() reads next
    private Decryption pending; // segment k + 1, being decrypted; null when none
    private IOException readFailure; // reading k + 1 failed: reported after k was handed out
    private boolean started;

    PrefetchingDecoder(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * {@return the next verified segment, or null after the final one} Its plaintext stays valid
     * until the next call, which reads the following segment into the same buffer.
     */
    StreamDecoder.Segment next() throws IOException {
        if (!started) {
            started = true;
            start();
        }
        if (pending == null) {
            if (readFailure != null) {
                throw readFailure;
            }
            return null;
        }
        StreamDecoder.Segment segment = pending.await();
        pending = null;
        start(); // k + 1 is read now and decrypted while the caller consumes k
        return segment;
    }

    /** Reads the next segment and starts its decryption; a failure waits for the next call. */
    private void start() {
        try {
            int slot = nextSlot;
            if (wires[slot] == null) {
                wires[slot] = new byte[decoder.fullSegmentWireBytes()];
                plaintexts[slot] = new byte[decoder.header().segmentSizeBytes()];
            }
            StreamDecoder.Sealed sealed = decoder.readNext(wires[slot]);
            if (sealed != null) {
                pending = new Decryption(sealed, plaintexts[slot]);
                nextSlot = 1 - slot;
            }
        } catch (IOException e) {
            readFailure = e;
        }
    }

    /** Stops a decryption in progress and zeroes the plaintext buffers. */
    @Override
    public void close() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        for (byte[] plaintext : plaintexts) {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** One segment's verification and decryption on its own virtual thread. */
    private final class Decryption {
        private final Thread thread;
        private StreamDecoder.Segment result; // written by the thread, read after join
        private Throwable failure; // written by the thread, read after join

        Decryption(StreamDecoder.Sealed sealed, byte[] out) {
            thread = Thread.ofVirtual().name("segcrypt-stream-decrypt").start(() -> {
                try {
                    result = decoder.decrypt(sealed, out);
                } catch (Throwable t) {
                    failure = t;
                }
            });
        }

        StreamDecoder.Segment await() throws IOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while decrypting a segment");
            }
            if (failure instanceof IOException e) {
                throw e;
            } else if (failure instanceof RuntimeException e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new AssertionError("segcrypt internal error: unexpected failure of a segment", failure);
            }
            return result;
        }

        /** Interrupts the decryption (the engine cancels its frames) and waits until it ended. */
        void cancel() {
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
