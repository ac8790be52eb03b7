package dev.segcrypt.internal.stream;

import dev.segcrypt.StreamInfo;
import dev.segcrypt.StreamSegments;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Random access to a stream file (docs/wire-format.md, "Random access"): the file adapter of
 * {@link RandomAccessDecoder}, which places and verifies each segment on its own, knowing the
 * stream's length.
 *
 * <p>A segment followed by more segments in the file is served whatever the rest of the file
 * holds: it verifies on its own, and that proves nothing about the others. Every answer about the
 * end (the plaintext size, the last segment, a segment or byte past it) first verifies the
 * <em>tail</em>: the last segment that begins in the file must be final, authentic and end
 * exactly where the file ends. A file cut at a segment boundary ends with a non-final segment, so
 * such answers fail as truncated instead of serving that segment as if it were the last, or
 * calling a byte past the cut "past the end".
 *
 * <p>Not thread-safe: one instance per call.
 */
final class RandomAccess implements AutoCloseable {

    private final FileChannel channel;
    private final RandomAccessDecoder decoder;
    private final StreamSegments segments;

    private RandomAccess(FileChannel channel, RandomAccessDecoder decoder) {
        this.channel = channel;
        this.decoder = decoder;
        this.segments = decoder.segments();
    }

    /** Opens {@code file} and verifies its stream header with {@code cipher}'s key. */
    static RandomAccess open(DefaultSegmentCipher cipher, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            byte[] header = new byte[(int) Math.min(size, StreamInfo.HEADER_SIZE_IN_BYTES)];
            readFully(channel, header, 0);
            return new RandomAccess(channel, RandomAccessDecoder.open(cipher, header, size));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@return the verified plaintext of segment {@code index}} */
    byte[] segment(long index) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("segment index " + index + " is negative");
        }
        long last = segments.count() - 1;
        if (index < last) {
            return decrypt(index);
        }
        byte[] tail = verifiedTail();
        if (index == last) {
            return tail;
        }
        Arrays.fill(tail, (byte) 0);
        throw new IllegalArgumentException(
                "the stream has " + segments.count() + " segments, from 0 to " + last + ": no segment " + index);
    }

    /** {@return the plaintext length of the whole stream, from its verified final segment} */
    long plaintextSize() throws IOException {
        byte[] tail = verifiedTail();
        Arrays.fill(tail, (byte) 0);
        return (segments.count() - 1) * segments.segmentSizeBytes() + tail.length;
    }

    /** {@return {@code length} verified plaintext bytes from plaintext offset {@code offset}} */
    byte[] range(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        int segmentSize = segments.segmentSizeBytes();
        byte[] out = new byte[length];
        int done = 0;
        try {
            while (done < length) {
                long position = offset + done;
                byte[] plaintext = segment(position / segmentSize);
                try {
                    int from = (int) (position % segmentSize);
                    if (from >= plaintext.length) { // only the final segment is short, so this is the end
                        throw new IllegalArgumentException("the range ends after the end of the plaintext, at byte "
                                + (position - from + plaintext.length));
                    }
                    int n = Math.min(length - done, plaintext.length - from);
                    System.arraycopy(plaintext, from, out, done, n);
                    done += n;
                } finally {
                    Arrays.fill(plaintext, (byte) 0); // only the range leaves this method
                }
            }
        } catch (IOException | RuntimeException e) {
            Arrays.fill(out, 0, done, (byte) 0);
            throw e;
        }
        return out;
    }

    /**
     * {@return the plaintext of the tail, the last segment that begins in the file}, which the
     * decoder verifies to be final and to end with the file
     */
    private byte[] verifiedTail() throws IOException {
        long last = segments.count() - 1;
        if (last < 0) {
            throw new TruncatedCiphertextException(
                    "the file ends after the stream header without any segment (truncated)");
        }
        if (last > 0) {
            // bytes after a final segment of full size begin a "segment" of their own: the segment
            // before them, once verified (its FINAL flag authenticated), names them for what they are
            byte[] previous = new byte[SegmentHeader.SIZE_IN_BYTES];
            readFully(channel, previous, segments.offset(last - 1));
            if (decoder.placed(last - 1, previous).isFinal()) {
                Arrays.fill(
                        decrypt(last - 1), (byte) 0); // throws: authentication failed, or bytes after the final segment
            }
        }
        return decrypt(last);
    }

    private byte[] decrypt(long index) throws IOException {
        byte[] wire = new byte[segments.wireBytes(index)];
        readFully(channel, wire, segments.offset(index));
        try {
            return decoder.decrypt(index, wire, 0, wire.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decrypting segment " + index);
        }
    }

    /** Reads {@code into.length} bytes at {@code position}, which the file's size says are there. */
    private static void readFully(FileChannel channel, byte[] into, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new TruncatedCiphertextException("the file shrank while it was read (truncated)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
