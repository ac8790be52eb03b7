package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.stream.StreamReader;
import dev.segcrypt.internal.wire.FrameType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.ProviderException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Streams whose failure comes from the caller's side or from the provider, not from the data. */
class StreamFailureTest {

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final Options OPTIONS = Options.defaults().withFrameSize(64).withSegmentSize(256);

    @Test
    void encryptingStream_notClosedAfterTheCallersFailure_isRejectedAsTruncated() throws Exception {
        // given: the caller wrote part of its plaintext, then its own input failed, so it does not close
        byte[] plaintext = new byte[1000];
        new SplittableRandom(1).nextBytes(plaintext);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(KEY, OPTIONS)) {
            OutputStream out = Segcrypt.newEncryptingStream(cipher, sink);
            out.write(plaintext, 0, 600);
            sink.close(); // what the caller closes instead

            // when
            InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(sink.toByteArray()));

            // then: the full segments written so far are readable, the end is not
            assertThatThrownBy(in::readAllBytes).isInstanceOf(TruncatedCiphertextException.class);
        }
    }

    @Test
    void decryptingStream_providerFailsOnSecondSegment_failureIsStickyAndNotTampering() throws Exception {
        // given: a valid stream of four segments
        byte[] plaintext = new byte[1000];
        new SplittableRandom(2).nextBytes(plaintext);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(KEY, OPTIONS);
                OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
            out.write(plaintext);
        }
        AtomicInteger terminators = new AtomicInteger();
        FrameHook failOnSecondSegment = (type, index) -> {
            if (type == FrameType.TERMINATOR && terminators.incrementAndGet() == 2) {
                throw new ProviderException("injected");
            }
        };
        try (DefaultSegmentCipher failing =
                DefaultSegmentCipher.testOnlyCreate(KEY, OPTIONS, Engines.best(), failOnSecondSegment)) {
            InputStream in = new StreamReader(failing, new ByteArrayInputStream(sink.toByteArray()));
            byte[] buffer = new byte[256];

            // when
            int first = in.readNBytes(buffer, 0, 256);

            // then: the provider fault surfaces as itself, and every later call fails without data
            assertThat(first).isEqualTo(256);
            assertThatThrownBy(in::read).isInstanceOf(ProviderException.class);
            assertThatThrownBy(in::read)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("failed earlier")
                    .hasRootCauseInstanceOf(ProviderException.class);
            assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(IOException.class);
        }
    }
}
