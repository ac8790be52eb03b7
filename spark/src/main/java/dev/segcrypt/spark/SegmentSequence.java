package dev.segcrypt.spark;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamSegmentDecryptor;
import dev.segcrypt.StreamSegments;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The verified segments of one file, read in order from the first segment of a split on: a task
 * reads the file sequentially from its split's start and hands out each segment's plaintext only
 * after it verified as the segment at that place of the stream (StreamSegmentDecryptor). Every
 * failure names the file and the segment. Not thread-safe: one per task.
 */
final class SegmentSequence implements Closeable {

    private final Path file;
    private final SegmentCipher cipher;
    private final StreamSegmentDecryptor decryptor;
    private final FSDataInputStream in;
    private final byte[] wire; // one segment's bytes, reused
    private long next; // index of the segment the next call reads

    private SegmentSequence(
            Path file, SegmentCipher cipher, StreamSegmentDecryptor decryptor, FSDataInputStream in, long first) {
        this.file = file;
        this.cipher = cipher;
        this.decryptor = decryptor;
        this.in = in;
        this.wire = new byte[decryptor.segments().fullSegmentWireBytes()];
        this.next = first;
    }

    /** Opens {@code split}'s file at its start, with the key {@code conf} refers to. */
    static SegmentSequence open(SegmentSplit split, Configuration conf) throws IOException {
        Path file = split.getPath();
        SegmentCipher cipher = KeyReference.openCipher(conf);
        try {
            StreamSegmentDecryptor decryptor =
                    StreamSegmentDecryptor.open(cipher, split.streamHeader(), split.streamLength());
            long first = decryptor.segments().firstAtOrAfter(split.getStart());
            FSDataInputStream in = file.getFileSystem(conf).open(file);
            in.seek(split.getStart());
            return new SegmentSequence(file, cipher, decryptor, in, first);
        } catch (InvalidCiphertextException e) {
            cipher.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            cipher.close();
            throw e;
        }
    }

    /** {@return where the file's segments lie} */
    StreamSegments segments() {
        return decryptor.segments();
    }

    /** {@return the index of the segment that {@link #next()} reads} */
    long nextIndex() {
        return next;
    }

    /** {@return the plaintext of the next segment, verified, or null after the file's last segment} */
    byte[] next() throws IOException {
        StreamSegments segments = decryptor.segments();
        if (next >= segments.count()) {
            return null;
        }
        long index = next;
        int length = segments.wireBytes(index);
        try {
            in.readFully(wire, 0, length);
            byte[] plaintext = decryptor.decrypt(index, wire, 0, length);
            next++;
            return plaintext;
        } catch (EOFException e) {
            throw new IOException(
                    where(
                            index,
                            "the file is shorter than when the job was planned (" + segments.streamLength()
                                    + " bytes)"),
                    e);
        } catch (InvalidCiphertextException e) {
            throw new IOException(where(index, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(where(index, "interrupted"));
        }
    }

    /** {@return {@code message} with the file and, unless the message names it already, the segment} */
    private String where(long index, String message) {
        return message.contains("segment " + index)
                ? file + ": " + message
                : file + ", segment " + index + ": " + message;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            cipher.close();
        }
    }
}
