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

/** One write of more than two whole segments: they are encrypted two at a time (StreamEncoder.encryptTwoSegments). */
class StreamWriterTwoSegmentsTest {

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
        // given
        byte[] plaintext = random(size, size);
        try (SegmentCipher cipher = newCipher()) {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();

            // when
            try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sealed)) {
                out.write(plaintext);
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
        try (SegmentCipher cipher = newCipher()) {
            // given
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            OutputStream out = Segcrypt.newEncryptingStream(cipher, sealed);

            // when
            Thread.currentThread().interrupt();
            Throwable write = catchThrowable(() -> out.write(random(3 * SEGMENT, 2)));
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
