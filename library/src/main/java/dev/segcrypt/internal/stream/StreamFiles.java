package dev.segcrypt.internal.stream;

import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import dev.segcrypt.internal.wire.StreamLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Files and whole inputs: atomic encryption and decryption ({@link AtomicFile}), random access to
 * segments and byte ranges ({@link StreamLayout}), and a key-less look at a stream's structure.
 * Encryption and decryption go segment by segment through the {@link StreamEncoder} and {@link
 * StreamDecoder}, without the stream adapters' extra buffer.
 *
 * <p>Input files are read segment by segment into the arrays the cipher works on (SunJCE is several
 * times faster on byte arrays than on direct buffers). They are not memory-mapped: mapped pages
 * count in the process's memory until the garbage collector unmaps them, which made a 2 GiB file
 * cost 2 GiB of RSS; a read costs one more memory copy per byte (docs/performance.md).
 */
public final class StreamFiles {

    private StreamFiles() {}

    /** Encrypts {@code source} into {@code target} atomically; {@code progress} receives plaintext bytes done. */
    public static void encryptFile(DefaultSegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        ensureDistinct(source, target);
        FileChannel channel = openRegularFile(source);
        try (InputStream in = Channels.newInputStream(channel)) {
            long size = channel.size();
            AtomicFile.write(target, out -> {
                StreamEncoder encoder = new StreamEncoder(cipher);
                BackgroundWriter writer = new BackgroundWriter(out, encoder.header(), encoder.fullSegmentWireBytes());
                // the file's length is known, so each segment is read whole and gets its final flag at
                // once; segment k + 1 is read into the other buffer while k is encrypted in the background
                int bufferSize = (int) Math.min(encoder.segmentSizeBytes(), Math.max(size, 1));
                byte[][] segments = {new byte[bufferSize], size > bufferSize ? new byte[bufferSize] : null};
                BackgroundSegment pending = null;
                try {
                    long done = 0;
                    int filling = 0;
                    do {
                        int length = (int) Math.min(encoder.segmentSizeBytes(), size - done);
                        if (in.readNBytes(segments[filling], 0, length) < length) {
                            throw new IOException(source + " shrank while it was being encrypted");
                        }
                        done += length;
                        SegmentPosition position = encoder.nextPosition(length, done == size);
                        byte[] wire = writer.borrow();
                        if (pending != null) {
                            writer.write(pending.wire(), pending.await());
                            progress.accept(done - length);
                        }
                        pending = BackgroundSegment.start(encoder, position, segments[filling], 0, length, wire);
                        filling ^= 1;
                    } while (done < size);
                    writer.write(pending.wire(), pending.await());
                    pending = null;
                    progress.accept(done);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while encrypting segment "
                            + (pending != null ? pending.index() : encoder.nextIndex()));
                } finally {
                    if (pending != null) {
                        pending.cancel(); // it reads a buffer that is zeroed next
                    }
                    for (byte[] segment : segments) {
                        if (segment != null) {
                            Arrays.fill(segment, (byte) 0);
                        }
                    }
                    writer.stop();
                }
                writer.checkWriter();
            });
        }
    }

    /** Encrypts everything {@code source} yields into {@code target} atomically. */
    public static void encryptToFile(
            DefaultSegmentCipher cipher, InputStream source, Path target, LongConsumer progress) throws IOException {
        AtomicFile.write(target, out -> {
            // a failed read leaves the temporary file to be deleted, so closing the writer is safe here
            try (StreamWriter writer = new StreamWriter(cipher, out)) {
                byte[] buffer = new byte[1 << 20];
                try {
                    long done = 0;
                    for (int n; (n = source.read(buffer)) >= 0; ) {
                        writer.write(buffer, 0, n);
                        done += n;
                        progress.accept(done);
                    }
                } finally {
                    Arrays.fill(buffer, (byte) 0);
                }
            }
        });
    }

    /** Decrypts the stream file {@code source} into {@code target} atomically. */
    public static void decryptFile(DefaultSegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        ensureDistinct(source, target);
        decryptToFile(cipher, Channels.newInputStream(openRegularFile(source)), target, progress);
    }

    /** Refuses {@code target} naming {@code source} (or a link to it): the rename would replace the input. */
    private static void ensureDistinct(Path source, Path target) throws IOException {
        if (Files.exists(target) && Files.exists(source) && Files.isSameFile(source, target)) {
            throw new IllegalArgumentException(target + " is the input file itself: write to another file");
        }
    }

    /** Decrypts the stream {@code source} (closed) into {@code target} atomically; nothing is left behind on failure. */
    public static void decryptToFile(
            DefaultSegmentCipher cipher, InputStream source, Path target, LongConsumer progress) throws IOException {
        try (source) {
            AtomicFile.write(target, out -> {
                try (PrefetchingDecoder decoder = new PrefetchingDecoder(StreamDecoder.keyed(cipher, source))) {
                    decryptTo(decoder, out, progress);
                }
            });
        }
    }

    private static void decryptTo(PrefetchingDecoder decoder, OutputStream out, LongConsumer progress)
            throws IOException {
        long done = 0;
        for (StreamDecoder.Segment segment; (segment = decoder.next()) != null; ) {
            out.write(segment.plaintext(), 0, segment.length());
            done += segment.length();
            progress.accept(done);
        }
    }

    /** Opens a regular file to read segment by segment; a pipe or device has no size, so it must go through a stream. */
    private static FileChannel openRegularFile(Path source) throws IOException {
        FileChannel channel = FileChannel.open(source, StandardOpenOption.READ);
        if (!Files.isRegularFile(source)) {
            channel.close();
            throw new IllegalArgumentException(source + " is not a regular file: pass it as an InputStream instead");
        }
        return channel;
    }

    /** Decrypts segment {@code index} of the stream file {@code file}, reading only that segment (and the tail when it is the last). */
    public static byte[] decryptSegment(DefaultSegmentCipher cipher, Path file, long index) throws IOException {
        try (RandomAccess stream = RandomAccess.open(cipher, file)) {
            return stream.segment(index);
        }
    }

    /**
     * Decrypts {@code length} plaintext bytes from plaintext offset {@code offset}, reading and
     * verifying only the segments that hold them (and the tail when they reach it).
     */
    public static byte[] decryptRange(DefaultSegmentCipher cipher, Path file, long offset, int length)
            throws IOException {
        try (RandomAccess stream = RandomAccess.open(cipher, file)) {
            return stream.range(offset, length);
        }
    }

    /** {@return the plaintext length of the stream file {@code file}, from its verified final segment} */
    public static long plaintextSize(DefaultSegmentCipher cipher, Path file) throws IOException {
        try (RandomAccess stream = RandomAccess.open(cipher, file)) {
            return stream.plaintextSize();
        }
    }

    /** {@return the fields of the stream header at the start of {@code in}, read without a key} */
    public static StreamInfo readStreamInfo(InputStream in) throws IOException {
        return StreamDecoder.describe(StreamDecoder.readHeader(in));
    }

    /**
     * Reads a stream's header and every segment header without a key, checking the structure only
     * (no authentication), and reports each segment to {@code segments}.
     */
    public static StreamInfo inspect(InputStream in, Consumer<SegmentInfo> segments) throws IOException {
        StreamDecoder decoder = StreamDecoder.keyless(in);
        StreamInfo info = StreamDecoder.describe(decoder.header());
        long offset = StreamLayout.of(decoder.header()).segmentOffset(0);
        for (SegmentInfo segment; (segment = decoder.nextInfo(offset)) != null; ) {
            segments.accept(segment);
            offset += segment.wireBytes();
        }
        return info;
    }
}
