package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link SegmentCipher#encrypt(byte[], byte[])}: encryption into a caller's reused buffer. */
class SegmentCipherBufferTest {

    private static final SegmentCipher CIPHER =
            Segcrypt.newSegmentCipher(SegcryptKey.generate(), Options.defaults().withFrameSize(64));

    @AfterAll
    static void close() {
        CIPHER.close();
    }

    @Test
    void encryptIntoReusedBuffer_manySizes_eachDecryptsToItsPlaintext() throws Exception {
        // given: one buffer large enough for the largest segment, reused for every size
        byte[] buffer = new byte[CIPHER.wireLength(1000)];
        Arrays.fill(buffer, (byte) 0x5A);
        for (int size : new int[] {1000, 0, 1, 63, 64, 65, 129, 999}) {
            byte[] plaintext = new byte[size];
            new SplittableRandom(size).nextBytes(plaintext);

            // when
            int written = CIPHER.encrypt(plaintext, buffer);

            // then
            assertThat(written).as("wire length of %d bytes", size).isEqualTo(CIPHER.wireLength(size));
            assertThat(CIPHER.decrypt(Arrays.copyOf(buffer, written))).isEqualTo(plaintext);
        }
    }

    @Test
    void encryptIntoBuffer_tooShort_throwsIndexOutOfBounds() {
        // given
        byte[] plaintext = new byte[100];
        byte[] buffer = new byte[CIPHER.wireLength(100) - 1];

        // when / then
        assertThatThrownBy(() -> CIPHER.encrypt(plaintext, buffer)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void wireLength_outOfRange_throwsIllegalArgument() {
        assertThatThrownBy(() -> CIPHER.wireLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CIPHER.wireLength(SegmentCipher.MAX_SEGMENT_PLAINTEXT_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
