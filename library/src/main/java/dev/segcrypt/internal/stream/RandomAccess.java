package dev.segcrypt.internal.stream;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.internal.wire.StreamLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Random access to a stream file (docs/wire-format.md, "Random access"): segment k lies at a
 * fixed offset, so it is read, placed and verified on its own.
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
    private final StreamDecoder decoder;
    private final StreamLayout layout;
    private final long fileSize;
    private final long segmentsBegun; // segments that begin in the file; the last is the tail

    private RandomAccess(FileChannel channel, StreamDecoder decoder) throws IOException {
        this.channel = channel;
        this.decoder = decoder;
        this.layout = StreamLayout.of(decoder.header());
        this.fileSize = channel.size();
        this.segmentsBegun = layout.segmentsWithin(fileSize);
    }

    /** Opens {@code file} and verifies its stream header with {@code cipher}'s key. */
    static RandomAccess open(DefaultSegmentCipher cipher, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new RandomAccess(channel, StreamDecoder.keyed(cipher, Channels.newInputStream(channel)));
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
        if (index < segmentsBegun - 1) {
            SegmentHeader segment = header(index);
            if (segment.isFinal()) {
                throw trailingBytes(index);
            }
            return decrypt(index, segment);
        }
        byte[] tail = verifiedTail();
        if (index == segmentsBegun - 1) {
            return tail;
        }
        Arrays.fill(tail, (byte) 0);
        throw new IllegalArgumentException("the stream has " + segmentsBegun + " segments, from 0 to "
                + (segmentsBegun - 1) + ": no segment " + index);
    }

    /** {@return the plaintext length of the whole stream, from its verified final segment} */
    long plaintextSize() throws IOException {
        byte[] tail = verifiedTail();
        Arrays.fill(tail, (byte) 0);
        return (segmentsBegun - 1) * layout.segmentSizeBytes() + tail.length;
    }

    /** {@return {@code length} verified plaintext bytes from plaintext offset {@code offset}} */
    byte[] range(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long position = offset + done;
            byte[] plaintext = segment(layout.segmentIndexOf(position));
            int from = (int) (position % layout.segmentSizeBytes());
            if (from >= plaintext.length) { // only the final segment is short, so this is the end
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException("the range ends after the end of the plaintext, at byte "
                        + (position - from + plaintext.length));
            }
            int n = Math.min(length - done, plaintext.length - from);
            System.arraycopy(plaintext, from, out, done, n);
            Arrays.fill(plaintext, (byte) 0);
            done += n;
        }
        return out;
    }

    /**
     * {@return the plaintext of the tail, the last segment that begins in the file, after checking
     * that it is the stream's final segment and that the file ends right after it}
     */
    private byte[] verifiedTail() throws IOException {
        long index = segmentsBegun - 1;
        if (index < 0) {
            throw new TruncatedCiphertextException(
                    "the file ends after the stream header without any segment" + " (truncated)");
        }
        if (index > 0 && header(index - 1).isFinal()) {
            throw trailingBytes(index - 1); // the "tail" is bytes after a final segment of full size
        }
        long offset = layout.segmentOffset(index);
        if (fileSize - offset < SegmentHeader.SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException(
                    "the file ends inside the header of segment " + index + " (truncated)");
        }
        SegmentHeader segment = header(index);
        long end = offset + SegmentLayout.of(segment).wireLength();
        if (end > fileSize) {
            throw new TruncatedCiphertextException("the file ends inside segment " + index + ", after "
                    + (fileSize - offset) + " of its " + (end - offset) + " bytes (truncated)");
        }
        if (!segment.isFinal()) {
            throw new TruncatedCiphertextException(
                    "the file ends after segment " + index + ", which is not the final segment (truncated)");
        }
        if (end < fileSize) {
            throw trailingBytes(index);
        }
        return decrypt(index, segment);
    }

    private SegmentHeader header(long index) throws IOException {
        byte[] bytes = new byte[SegmentHeader.SIZE_IN_BYTES];
        readFully(bytes, layout.segmentOffset(index), index);
        return decoder.segmentHeaderAt(index, bytes);
    }

    private byte[] decrypt(long index, SegmentHeader segment) throws IOException {
        byte[] wire = new byte[(int) SegmentLayout.of(segment).wireLength()];
        readFully(wire, layout.segmentOffset(index), index);
        return decoder.decrypt(segment, wire, 0, null);
    }

    private static MalformedCiphertextException trailingBytes(long finalIndex) {
        return new MalformedCiphertextException("unexpected bytes after the final segment " + finalIndex);
    }

    private void readFully(byte[] into, long position, long index) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new TruncatedCiphertextException("the file ends inside segment " + index + " (truncated)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
