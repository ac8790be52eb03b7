package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The encrypting stream's segment buffers hold plaintext; they are zeroed when the stream ends. */
class StreamWriterZeroingTest {

    private static final int SEGMENT = 1024;

    private static DefaultSegmentCipher newCipher() {
        return DefaultSegmentCipher.create(
                SegcryptKey.generate(), Options.defaults().withFrameSize(64).withSegmentSize(SEGMENT));
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 0x5A);
        return bytes;
    }

    private static void assertZeroed(StreamWriter writer) {
        assertThat(writer.testOnlyBuffers())
                .hasSize(2)
                .allSatisfy(buffer -> assertThat(buffer).containsOnly((byte) 0));
    }

    @Test
    void close_zeroesBothSegmentBuffers() throws Exception {
        // given: one segment was encrypted from the first buffer, half a segment waits in the second
        try (DefaultSegmentCipher cipher = newCipher()) {
            StreamWriter writer = new StreamWriter(cipher, new ByteArrayOutputStream());
            writer.write(filled(SEGMENT));
            writer.write(filled(SEGMENT / 2));
            assertThat(writer.testOnlyBuffers())
                    .allSatisfy(buffer -> assertThat(buffer).contains((byte) 0x5A));

            // when
            writer.close();

            // then
            assertZeroed(writer);
        }
    }

    @Test
    void streamDroppedWithoutClose_itsWriterThreadEnds() throws Exception {
        // given
        try (DefaultSegmentCipher cipher = newCipher()) {
            Thread writerThread = writeAndDropAStream(cipher);
            assertThat(writerThread.isAlive()).isTrue();

            // when: the GC runs when asked, but not necessarily at the first request
            long start = System.nanoTime();
            while (writerThread.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
                System.gc();
                writerThread.join(100);
            }

            // then
            assertThat(writerThread.isAlive())
                    .as("the writer thread of a stream dropped without close()")
                    .isFalse();
        }
    }

    /** Writes half a segment to a new stream and returns its writer thread; the stream is unreachable after. */
    private static Thread writeAndDropAStream(DefaultSegmentCipher cipher) throws Exception {
        StreamWriter writer = new StreamWriter(cipher, new ByteArrayOutputStream());
        writer.write(filled(SEGMENT / 2));
        return writer.testOnlyWriterThread();
    }

    @Test
    void failure_zeroesBothSegmentBuffers() throws Exception {
        // given: half a segment waits in the buffer, and the cipher is closed; the next write fills
        // the buffer, whose encryption starts in the background and fails there
        DefaultSegmentCipher cipher = newCipher();
        StreamWriter writer = new StreamWriter(cipher, new ByteArrayOutputStream());
        writer.write(filled(SEGMENT / 2));
        cipher.close();
        writer.write(filled(SEGMENT));

        // when: the second buffer is full too and needs the failed segment's place
        Throwable thrown = catchThrowable(() -> writer.write(filled(SEGMENT)));

        // then: the background failure is reported as it was thrown, and every buffer is zeroed
        assertThat(thrown).isExactlyInstanceOf(EngineClosedException.class);
        assertZeroed(writer);
    }
}
