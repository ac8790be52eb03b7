package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamSegmentDecryptor}: each segment of a stream file verifies on its own, in any order,
 * and every kind of damage fails the segment where it shows, by index. The streams come from the
 * library's encrypting stream; segments of {@value #S} bytes in frames of {@value #F} bytes.
 */
class StreamSegmentDecryptorTest {

    private static final int F = 64;
    private static final int S = 256;
    private static final int HEADER = 96;
    private static final int FULL_WIRE = 108 + S + 4 * 16 + 48 + 32;

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final Options OPTIONS = Options.defaults().withFrameSize(F).withSegmentSize(S);
    private static SegmentCipher cipher;

    @BeforeAll
    static void open() {
        cipher = Segcrypt.newSegmentCipher(KEY, OPTIONS);
    }

    @AfterAll
    static void close() {
        cipher.close();
        KEY.destroy();
    }

    @Test
    void decrypt_everySegmentInReverseOrder_givesThePlaintext() throws Exception {
        // given
        byte[] plaintext = plaintext(2 * S + 100);
        byte[] stream = encrypt(plaintext);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        // when
        byte[][] parts = new byte[3][];
        for (int k = 2; k >= 0; k--) {
            parts[k] = decryptSegment(decryptor, stream, k);
        }

        // then
        assertThat(decryptor.segments().count()).isEqualTo(3);
        assertThat(parts[0]).isEqualTo(Arrays.copyOfRange(plaintext, 0, S));
        assertThat(parts[1]).isEqualTo(Arrays.copyOfRange(plaintext, S, 2 * S));
        assertThat(parts[2]).isEqualTo(Arrays.copyOfRange(plaintext, 2 * S, 2 * S + 100));
    }

    @Test
    void decrypt_emptyStream_givesNoBytes() throws Exception {
        byte[] stream = encrypt(new byte[0]);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThat(decryptor.segments().count()).isEqualTo(1);
        assertThat(decryptSegment(decryptor, stream, 0)).isEmpty();
    }

    @Test
    void decrypt_oneFullSegment_givesIt() throws Exception {
        byte[] plaintext = plaintext(S);
        byte[] stream = encrypt(plaintext);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThat(stream).hasSize(HEADER + FULL_WIRE);
        assertThat(decryptSegment(decryptor, stream, 0)).isEqualTo(plaintext);
    }

    @Test
    void decrypt_flippedByte_failsOnlyItsSegment() throws Exception {
        // given
        byte[] stream = encrypt(plaintext(2 * S + 100));
        stream[HEADER + FULL_WIRE + 200] ^= 1;
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        // then
        assertThat(decryptSegment(decryptor, stream, 0)).hasSize(S);
        assertThat(decryptSegment(decryptor, stream, 2)).hasSize(100);
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("segment 1");
    }

    @Test
    void decrypt_segmentOfAnotherStream_throwsAuthenticationFailed() throws Exception {
        // given: segment 1 of another stream under the same key spliced in
        byte[] stream = encrypt(plaintext(2 * S + 100));
        byte[] other = encrypt(plaintext(2 * S + 100));
        System.arraycopy(other, HEADER + FULL_WIRE, stream, HEADER + FULL_WIRE, FULL_WIRE);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        // then
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("segment 1 belongs to another stream");
    }

    @Test
    void decrypt_truncatedInsideTheLastSegment_throwsTruncated() throws Exception {
        byte[] stream = Arrays.copyOf(encrypt(plaintext(S + 100)), HEADER + FULL_WIRE + 150);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThat(decryptSegment(decryptor, stream, 0)).hasSize(S);
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessage("segment 1: the stream ends after 150 of its 320 bytes (truncated)");
    }

    @Test
    void decrypt_truncatedInsideASegmentHeader_throwsTruncated() throws Exception {
        byte[] stream = Arrays.copyOf(encrypt(plaintext(S + 100)), HEADER + FULL_WIRE + 50);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessage("the stream ends inside the header of segment 1 (truncated)");
    }

    @Test
    void decrypt_finalSegmentMissing_throwsTruncatedAtTheLastSegment() throws Exception {
        // given: cut right after the first of two segments
        byte[] stream = Arrays.copyOf(encrypt(plaintext(S + 100)), HEADER + FULL_WIRE);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        // then
        assertThat(decryptor.segments().count()).isEqualTo(1);
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 0))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessage("the stream ends after segment 0 without a final segment (truncated)");
    }

    @Test
    void decrypt_bytesAfterAShortFinalSegment_throwsMalformed() throws Exception {
        byte[] stream = Arrays.copyOf(encrypt(plaintext(S + 100)), HEADER + FULL_WIRE + 320 + 5);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThat(decryptor.segments().count()).isEqualTo(2);
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("unexpected bytes after the final segment 1");
    }

    @Test
    void decrypt_bytesAfterAFullFinalSegment_failsTheFinalSegmentAndTheRest() throws Exception {
        // given: a stream of one full final segment and 10 more bytes, taken for a second segment
        byte[] stream = Arrays.copyOf(encrypt(plaintext(S)), HEADER + FULL_WIRE + 10);
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        // then
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 0))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("unexpected bytes after the final segment 0");
        assertThatThrownBy(() -> decryptSegment(decryptor, stream, 1))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessageContaining("segment 1");
    }

    @Test
    void open_lengthInsideTheHeader_throwsTruncated() throws Exception {
        byte[] stream = encrypt(plaintext(10));

        assertThatThrownBy(() -> StreamSegmentDecryptor.open(cipher, stream, HEADER - 1))
                .isInstanceOf(TruncatedCiphertextException.class);
        assertThatThrownBy(() -> StreamSegmentDecryptor.open(cipher, Arrays.copyOf(stream, 40), stream.length))
                .isInstanceOf(TruncatedCiphertextException.class);
    }

    @Test
    void open_headerOnly_hasNoSegmentToDecrypt() throws Exception {
        byte[] stream = encrypt(plaintext(10));
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, HEADER);

        assertThat(decryptor.segments().count()).isZero();
        assertThatThrownBy(() -> decryptor.decrypt(0, stream, HEADER, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no segment 0");
    }

    @Test
    void open_wrongKey_throwsWrongKey() throws Exception {
        byte[] stream = encrypt(plaintext(10));
        try (SegmentCipher other = Segcrypt.newSegmentCipher(SegcryptKey.generate(), OPTIONS)) {
            assertThatThrownBy(() -> StreamSegmentDecryptor.open(other, stream, stream.length))
                    .isInstanceOf(WrongKeyException.class);
        }
    }

    @Test
    void decrypt_lengthOtherThanTheSegments_throwsIllegalArgument() throws Exception {
        byte[] stream = encrypt(plaintext(S + 100));
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThatThrownBy(() -> decryptor.decrypt(0, stream, HEADER, FULL_WIRE - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 0 is " + FULL_WIRE + " bytes");
    }

    @Test
    void info_isTheHeadersDescription() throws Exception {
        byte[] stream = encrypt(plaintext(10));
        StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, stream, stream.length);

        assertThat(decryptor.info()).isEqualTo(Segcrypt.readStreamInfo(new ByteArrayInputStream(stream)));
    }

    private static byte[] decryptSegment(StreamSegmentDecryptor decryptor, byte[] stream, long index)
            throws InvalidCiphertextException, InterruptedException {
        StreamSegments segments = decryptor.segments();
        return decryptor.decrypt(index, stream, (int) segments.offset(index), segments.wireBytes(index));
    }

    private static byte[] plaintext(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] encrypt(byte[] plaintext) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
            out.write(plaintext);
        }
        return wire.toByteArray();
    }
}
