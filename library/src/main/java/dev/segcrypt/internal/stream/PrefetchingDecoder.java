package dev.segcrypt.internal.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * Hands out the verified segments of a {@link StreamDecoder} one at a time, and decrypts segment
 * k + 1 on a virtual thread while the caller consumes segment k and reads segment k + 2. Reading
 * stays on the caller's thread, so the background work never blocks on the input and always ends
 * when cancelled.
 *
 * <p>Order of failures is kept: a segment that fails to read or verify is reported by the call
 * after the one that handed out the segment before it. Memory: two segments' wire and two
 * segments' plaintext. Used by one thread at a time.
 */
final class PrefetchingDecoder implements AutoCloseable {

    private final StreamDecoder decoder;
    private final byte[][] wires = new byte[2][]; // sized on first use
    private final byte[][] plaintexts = new byte[2][];
    private int nextSlot; // the buffers of the segment that read() reads next
    private Decryption pending; // segment k + 1, being decrypted; null when none
    private IOException readFailure; // reading k + 1 failed: reported after k was handed out
    private boolean started;

    PrefetchingDecoder(StreamDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * {@return the next verified segment, or null after the final one} Its plaintext stays valid
     * until the next call, which decrypts a later segment into the same buffer.
     */
    StreamDecoder.Segment next() throws IOException {
        if (!started) {
            started = true;
            decryptInBackground(read());
        }
        if (pending == null) {
            if (readFailure != null) {
                throw readFailure;
            }
            return null;
        }
        // the caller is done with the segment handed out last: read the one after the pending
        // one into its wire buffer while the pending one decrypts, so that reading overlaps
        // decryption as consuming does (the read of 4 MiB took as long as the decryption)
        StreamDecoder.Sealed following = readFailure == null ? read() : null;
        StreamDecoder.Segment segment = pending.await(); // its failure comes before a later one's
        pending = null;
        decryptInBackground(following);
        return segment;
    }

    /** Reads the next segment into the free wire buffer; {@return it, or null at the end or on a failure, kept for later} */
    private StreamDecoder.Sealed read() {
        try {
            int slot = nextSlot;
            if (wires[slot] == null) {
                wires[slot] = new byte[decoder.fullSegmentWireBytes()];
                plaintexts[slot] = new byte[decoder.header().segmentSizeBytes()];
            }
            return decoder.readNext(wires[slot]);
        } catch (IOException e) {
            readFailure = e;
            return null;
        }
    }

    /** Starts decrypting {@code sealed}, if any, into the free plaintext buffer. */
    private void decryptInBackground(StreamDecoder.Sealed sealed) {
        if (sealed != null) {
            pending = new Decryption(sealed, plaintexts[nextSlot]);
            nextSlot = 1 - nextSlot;
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
            Threads.awaitEnd(thread);
        }
    }
}
