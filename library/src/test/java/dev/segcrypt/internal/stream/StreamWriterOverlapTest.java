package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.SegmentInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encrypting stream encrypts while its caller goes on: a full buffer in the background while the
 * caller fills the other one (small writes), and whole segments of a large write, two in flight.
 * Segments stay in order, and a failure in the background ends the stream.
 */
class StreamWriterOverlapTest {

    private static final int SEGMENT = 1024;

    private static SegmentCipher newCipher() {
        return Segcrypt.newSegmentCipher(
                SegcryptKey.generate(), Options.defaults().withFrameSize(64).withSegmentSize(SEGMENT));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0} bytes in one write")
    @ValueSource(ints = {2 * SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 1, 5 * SEGMENT + 7, 8 * SEGMENT})
    void oneLargeWrite_roundTripsAsSegmentsInOrder(int size) throws Exception {
        writes_roundTripAsSegmentsInOrder(size, size);
    }

    @ParameterizedTest(name = "writes of {0} bytes")
    @ValueSource(ints = {1, 100, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT + 3})
    void smallWrites_roundTripAsSegmentsInOrder(int writeSize) throws Exception {
        writes_roundTripAsSegmentsInOrder(7 * SEGMENT + 13, writeSize);
    }

    private static void writes_roundTripAsSegmentsInOrder(int size, int writeSize) throws Exception {
        // given
        byte[] plaintext = random(size, size);
        try (SegmentCipher cipher = newCipher()) {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();

            // when
            try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sealed)) {
                for (int at = 0; at < size; at += writeSize) {
                    out.write(plaintext, at, Math.min(writeSize, size - at));
                }
            }

            // then: every segment in its place with its index, full ones before the final one
            List<SegmentInfo> segments = new ArrayList<>();
            Segcrypt.inspect(new ByteArrayInputStream(sealed.toByteArray()), segments::add);
            int count = (size + SEGMENT - 1) / SEGMENT;
            assertThat(segments).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(segments.get(i).index()).isEqualTo(i);
                assertThat(segments.get(i).plaintextBytes()).isEqualTo(Math.min(SEGMENT, size - (long) i * SEGMENT));
                assertThat(segments.get(i).isFinal()).isEqualTo(i == count - 1);
            }
            byte[] back;
            try (InputStream in =
                    Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(sealed.toByteArray()))) {
                back = in.readAllBytes();
            }
            assertThat(back).isEqualTo(plaintext);
        }
    }

    @Test
    void closedCipher_failsTheWriteAndLeavesTheStreamUnfinished() throws Exception {
        // given
        SegmentCipher cipher = newCipher();
        OutputStream out = Segcrypt.newEncryptingStream(cipher, new ByteArrayOutputStream());
        cipher.close();

        // when
        Throwable write = catchThrowable(() -> out.write(random(3 * SEGMENT, 1)));
        Throwable close = catchThrowable(out::close);

        // then
        assertThat(write).isExactlyInstanceOf(EngineClosedException.class);
        assertThat(close).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
    }

    @Test
    void interruptedWriter_getsInterruptedIOExceptionAndTheStreamStaysUnfinished() throws Exception {
        // a large write: its whole segments are encrypted from the caller's array
        interruptedWrite_getsInterruptedIOExceptionAndTheStreamStaysUnfinished(0, 3 * SEGMENT);
    }

    @Test
    void closedCipherDuringSmallWrites_failsTheCallThatNeedsTheSegmentAndLeavesTheStreamUnfinished() throws Exception {
        // given: a full buffer is encrypted in the background after the cipher was closed
        SegmentCipher cipher = newCipher();
        OutputStream out = Segcrypt.newEncryptingStream(cipher, new ByteArrayOutputStream());
        out.write(random(SEGMENT / 2, 3));
        cipher.close();
        out.write(random(SEGMENT, 4));

        // when: the other buffer fills too, so the failed segment must be written first
        Throwable write = catchThrowable(() -> out.write(random(SEGMENT, 5)));
        Throwable close = catchThrowable(out::close);

        // then
        assertThat(write).isExactlyInstanceOf(EngineClosedException.class);
        assertThat(close).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
    }

    @Test
    void closedCipherBeforeClose_failsCloseWhenASegmentIsInTheBackground() throws Exception {
        // given
        SegmentCipher cipher = newCipher();
        OutputStream out = Segcrypt.newEncryptingStream(cipher, new ByteArrayOutputStream());
        out.write(random(SEGMENT / 2, 6));
        cipher.close();
        out.write(random(SEGMENT, 7));

        // when
        Throwable close = catchThrowable(out::close);

        // then: reported as it was thrown, as when close() itself encrypts with a closed cipher
        assertThat(close).isExactlyInstanceOf(EngineClosedException.class);
    }

    @Test
    void interruptedWhileASegmentIsInTheBackground_getsInterruptedIOExceptionAndTheStreamStaysUnfinished()
            throws Exception {
        // one full buffer in the background, half of the other filled; the next write needs the
        // background segment's place
        interruptedWrite_getsInterruptedIOExceptionAndTheStreamStaysUnfinished(SEGMENT + SEGMENT / 2, SEGMENT);
    }

    private static void interruptedWrite_getsInterruptedIOExceptionAndTheStreamStaysUnfinished(
            int writtenBefore, int interruptedWrite) throws Exception {
        try (SegmentCipher cipher = newCipher()) {
            // given
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            OutputStream out = Segcrypt.newEncryptingStream(cipher, sealed);
            out.write(random(writtenBefore, 8));

            // when
            Thread.currentThread().interrupt();
            Throwable write = catchThrowable(() -> out.write(random(interruptedWrite, 9)));
            boolean stillInterrupted = Thread.interrupted();
            Throwable close = catchThrowable(out::close);

            // then: no final segment, so a reader rejects what was written as truncated
            assertThat(write).isInstanceOf(InterruptedIOException.class);
            assertThat(stillInterrupted)
                    .as("the interrupt is carried by the exception")
                    .isFalse();
            assertThat(close).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
            Throwable read = catchThrowable(
                    () -> Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(sealed.toByteArray()))
                            .readAllBytes());
            assertThat(read).isInstanceOf(IOException.class);
        }
    }
}
