package dev.segcrypt.internal.stream;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Files: atomic whole-file encryption and decryption, random access to segments and byte ranges,
 * and a key-less look at a stream's structure.
 *
 * <p>Input files are memory-mapped ({@link MappedInputStream}) and each segment is copied once from
 * the mapping into the array the cipher reads (SunJCE is several times faster on byte arrays than
 * on direct buffers, so one copy beats none). Output goes to a temporary file in the target's
 * directory that is renamed over the target only after everything succeeded; on any failure it is
 * deleted and an existing target stays untouched.
 */
public final class StreamFiles {

    private StreamFiles() {}

    /** Encrypts {@code source} into {@code target} atomically; {@code progress} receives plaintext bytes done. */
    public static void encryptFile(DefaultSegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        int segmentSize = cipher.options().segmentSizeBytes();
        FileChannel channel = openRegularFile(source);
        try (InputStream in = new MappedInputStream(channel)) {
            long size = channel.size();
            writeAtomically(target, out -> {
                try (StreamWriter writer = new StreamWriter(cipher, out)) {
                    // the file's length is known, so each segment is encrypted straight from this
                    // array with its final flag, without the stream's own buffer
                    byte[] segment = new byte[(int) Math.min(segmentSize, Math.max(size, 1))];
                    long done = 0;
                    do {
                        int length = (int) Math.min(segmentSize, size - done);
                        if (in.readNBytes(segment, 0, length) < length) {
                            throw new IOException(source + " shrank while it was being encrypted");
                        }
                        done += length;
                        writer.writeSegment(segment, 0, length, done == size);
                        progress.accept(done);
                    } while (done < size);
                }
            });
        }
    }

    /** Encrypts everything {@code source} yields into {@code target} atomically. */
    public static void encryptToFile(
            DefaultSegmentCipher cipher, InputStream source, Path target, LongConsumer progress) throws IOException {
        writeAtomically(target, out -> {
            // a failed read leaves the temporary file to be deleted, so closing the writer is safe here
            try (StreamWriter writer = new StreamWriter(cipher, out)) {
                copy(source, writer, progress);
            }
        });
    }

    /** Decrypts the stream file {@code source}, read memory-mapped, into {@code target} atomically. */
    public static void decryptFile(DefaultSegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        decryptToFile(cipher, new MappedInputStream(openRegularFile(source)), target, progress);
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

    /** Decrypts the stream {@code source} into {@code target} atomically; nothing is left behind on failure. */
    public static void decryptToFile(
            DefaultSegmentCipher cipher, InputStream source, Path target, LongConsumer progress) throws IOException {
        writeAtomically(target, out -> {
            try (InputStream in = new StreamReader(cipher, source)) {
                copy(in, out, progress);
            }
        });
    }

    private static void copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long done = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            done += n;
            progress.accept(done);
        }
    }

    /** Writes into a temporary sibling of {@code target} and renames it over the target on success. */
    private static void writeAtomically(Path target, OutputWork work) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".segcrypt-tmp");
        // an interrupted process (Ctrl-C, SIGTERM) runs shutdown hooks but not this method's finally:
        // the temporary file may hold plaintext, so it goes then too
        Thread cleanup = new Thread(
                () -> {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException e) {
                        // nothing more can be done while the JVM exits
                    }
                },
                "segcrypt-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream channelOut = Channels.newOutputStream(channel);
                work.writeTo(new java.io.FilterOutputStream(channelOut) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        channelOut.write(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the channel stays open for force() below
                    }
                });
                channel.force(true); // durable before the rename makes it visible
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and the hook runs anyway
            }
        }
    }

    /** What to write into the temporary file. */
    @FunctionalInterface
    private interface OutputWork {
        void writeTo(OutputStream out) throws IOException;
    }

    /** An opened, authenticated stream file for random access. */
    private record Opened(FileChannel channel, StreamHeader header) {}

    private static Opened open(DefaultSegmentCipher cipher, FileChannel channel) throws IOException {
        return new Opened(
                channel,
                StreamReader.readHeader(cipher, StreamReader.readHeaderBytes(Channels.newInputStream(channel))));
    }

    /** Decrypts segment {@code index} of the stream file {@code file}, reading only that segment. */
    public static byte[] decryptSegment(DefaultSegmentCipher cipher, Path file, long index) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return decryptSegment(cipher, open(cipher, channel), index);
        }
    }

    private static byte[] decryptSegment(DefaultSegmentCipher cipher, Opened opened, long index) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("segment index " + index + " is negative");
        }
        long segments = (opened.channel().size()
                        - StreamHeader.SIZE_IN_BYTES
                        + opened.header().fullSegmentWireBytes()
                        - 1)
                / opened.header().fullSegmentWireBytes();
        if (index >= segments) {
            throw new IllegalArgumentException("the stream has no segment " + index);
        }
        long offset = StreamHeader.SIZE_IN_BYTES + index * opened.header().fullSegmentWireBytes();
        byte[] headerBytes = new byte[SegmentHeader.SIZE_IN_BYTES];
        readFully(opened.channel(), headerBytes, offset, "segment " + index);
        SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(headerBytes), "segment " + index);
        StreamReader.checkPlace(opened.header(), segment, index);
        byte[] wire = new byte[(int) segment.layout().wireLength()];
        readFully(opened.channel(), wire, offset, "segment " + index);
        return StreamReader.decryptSegment(cipher, wire, 0, wire.length, opened.header(), index, null);
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
            Opened opened = open(cipher, channel);
            int segmentSize = opened.header().segmentSizeBytes();
            byte[] out = new byte[length];
            int done = 0;
            while (done < length) {
                long position = offset + done;
                byte[] plaintext = decryptSegment(cipher, opened, position / segmentSize);
                int from = (int) (position % segmentSize);
                if (from >= plaintext.length) {
                    throw new IllegalArgumentException("the range ends after the end of the plaintext");
                }
                int n = Math.min(length - done, plaintext.length - from);
                System.arraycopy(plaintext, from, out, done, n);
                done += n;
            }
            return out;
        }
    }

    /**
     * Reads a stream's header and every segment header without a key, checking the structure only
     * (no authentication), and reports each segment to {@code segments}.
     */
    public static StreamInfo inspect(InputStream in, Consumer<SegmentInfo> segments) throws IOException {
        StreamHeader header = StreamHeader.decode(StreamReader.readHeaderBytes(in));
        long offset = StreamHeader.SIZE_IN_BYTES;
        for (long index = 0; ; index++) {
            byte[] headerBytes = in.readNBytes(SegmentHeader.SIZE_IN_BYTES);
            if (headerBytes.length == 0) {
                throw StreamReader.missingFinalSegment(index);
            }
            SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(headerBytes), "segment " + index);
            StreamReader.checkPlace(header, segment, index);
            SegmentLayout layout = segment.layout();
            long rest = layout.wireLength() - SegmentHeader.SIZE_IN_BYTES;
            if (skip(in, rest) < rest) {
                throw new TruncatedCiphertextException("segment " + index + " is cut short (truncated)");
            }
            segments.accept(new SegmentInfo(
                    index,
                    offset,
                    segment.plaintextLength(),
                    layout.wireLength(),
                    layout.dataFrames(),
                    segment.isFinal()));
            offset += layout.wireLength();
            if (segment.isFinal()) {
                if (in.read() != -1) {
                    throw new MalformedCiphertextException("unexpected bytes after the final segment " + index);
                }
                return header.info();
            }
        }
    }

    private static long skip(InputStream in, long count) throws IOException {
        long skipped = 0;
        while (skipped < count) {
            long n = in.skip(count - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            skipped += n;
        }
        return skipped;
    }

    private static void readFully(FileChannel channel, byte[] into, long position, String what)
            throws IOException, InvalidCiphertextException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new TruncatedCiphertextException("the file ends inside " + what + " (truncated)");
            }
        }
    }
}
