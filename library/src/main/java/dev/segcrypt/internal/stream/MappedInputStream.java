package dev.segcrypt.internal.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads a file through memory-mapped windows: one copy from the page cache into the caller's
 * array, where a channel read into a heap array makes two (through a temporary direct buffer).
 * Not thread-safe.
 */
final class MappedInputStream extends InputStream {

    /** Windows of about this size are mapped one after the other. */
    static final long WINDOW_BYTES = 1L << 30;

    private final FileChannel channel;
    private final long size;
    private MappedByteBuffer window; // the current window; only the reading thread
    private long windowStart;
    private long position;

    MappedInputStream(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        if (window == null || position >= windowStart + window.capacity()) {
            windowStart = position;
            window = channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(WINDOW_BYTES, size - position));
        }
        int n = (int) Math.min(len, windowStart + window.capacity() - position);
        window.get((int) (position - windowStart), b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, size - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
