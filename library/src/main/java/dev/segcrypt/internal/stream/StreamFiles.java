package dev.segcrypt.internal.stream;

import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.internal.wire.StreamLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
        FileChannel channel = openRegularFile(source);
        try (InputStream in = Channels.newInputStream(channel)) {
            long size = channel.size();
            AtomicFile.write(target, out -> {
                StreamEncoder encoder = new StreamEncoder(cipher);
                BackgroundWriter writer = new BackgroundWriter(out, encoder.header(), encoder.fullSegmentWireBytes());
                // the file's length is known, so each segment is read whole and gets its final flag at once
                byte[] segment = new byte[(int) Math.min(encoder.segmentSizeBytes(), Math.max(size, 1))];
                try {
                    long done = 0;
                    do {
                        int length = (int) Math.min(encoder.segmentSizeBytes(), size - done);
                        if (in.readNBytes(segment, 0, length) < length) {
                            throw new IOException(source + " shrank while it was being encrypted");
                        }
                        done += length;
                        byte[] wire = writer.borrow();
                        writer.write(wire, encoder.encryptSegment(segment, 0, length, done == size, wire));
                        progress.accept(done);
                    } while (done < size);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while encrypting segment " + encoder.nextIndex());
                } finally {
                    Arrays.fill(segment, (byte) 0);
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
        decryptToFile(cipher, Channels.newInputStream(openRegularFile(source)), target, progress);
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

    /** Opens a file to map; a pipe or device has no size to map, so it must go through a stream. */
    private static FileChannel openRegularFile(Path source) throws IOException {
        FileChannel channel = FileChannel.open(source, StandardOpenOption.READ);
        if (!Files.isRegularFile(source)) {
            channel.close();
            throw new IllegalArgumentException(source + " is not a regular file: pass it as an InputStream instead");
        }
        return channel;
    }

    /** Decrypts segment {@code index} of the stream file {@code file}, reading only that segment. */
    public static byte[] decryptSegment(DefaultSegmentCipher cipher, Path file, long index) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return decryptSegment(channel, StreamDecoder.keyed(cipher, Channels.newInputStream(channel)), index);
        }
    }

    /** Decrypts segment {@code index} of the stream in {@code channel}, whose header {@code decoder} reads. */
    private static byte[] decryptSegment(FileChannel channel, StreamDecoder decoder, long index) throws IOException {
        StreamLayout layout = StreamLayout.of(decoder.header());
        if (index < 0 || index >= layout.segmentsWithin(channel.size())) {
            throw new IllegalArgumentException("the stream has no segment " + index);
        }
        long offset = layout.segmentOffset(index);
        byte[] headerBytes = new byte[SegmentHeader.SIZE_IN_BYTES];
        readFully(channel, headerBytes, offset, "segment " + index);
        SegmentHeader segment = decoder.segmentHeaderAt(index, headerBytes);
        byte[] wire = new byte[(int) SegmentLayout.of(segment).wireLength()];
        readFully(channel, wire, offset, "segment " + index);
        return decoder.decrypt(segment, wire, 0, null);
    }

    /**
     * Decrypts {@code length} plaintext bytes from plaintext offset {@code offset}, reading and
     * verifying only the segments that hold them.
     */
    public static byte[] decryptRange(DefaultSegmentCipher cipher, Path file, long offset, int length)
            throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            StreamDecoder decoder = StreamDecoder.keyed(cipher, Channels.newInputStream(channel));
            StreamLayout layout = StreamLayout.of(decoder.header());
            byte[] out = new byte[length];
            int done = 0;
            try {
                while (done < length) {
                    long position = offset + done;
                    byte[] plaintext = decryptSegment(channel, decoder, layout.segmentIndexOf(position));
                    try {
                        int from = (int) (position % layout.segmentSizeBytes());
                        if (from >= plaintext.length) {
                            throw new IllegalArgumentException("the range ends after the end of the plaintext");
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

    private static void readFully(FileChannel channel, byte[] into, long position, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new TruncatedCiphertextException("the file ends inside " + what + " (truncated)");
            }
        }
    }
}
