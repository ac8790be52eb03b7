package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SegmentCipher#encrypt(byte[], byte[])} and {@link SegmentCipher#decrypt(byte[], byte[])}:
 * encryption and decryption into a caller's reused buffer.
 */
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
    void decryptIntoReusedBuffer_manySizes_writesEachPlaintextAndLeavesTheRest() throws Exception {
        // given: one buffer for the largest plaintext, reused for every size
        byte[] buffer = new byte[1000];
        for (int size : new int[] {1000, 0, 1, 63, 64, 65, 129, 999}) {
            byte[] plaintext = new byte[size];
            new SplittableRandom(size).nextBytes(plaintext);
            byte[] wire = CIPHER.encrypt(plaintext);
            Arrays.fill(buffer, (byte) 0x5A);

            // when
            int written = CIPHER.decrypt(wire, buffer);

            // then
            assertThat(written).isEqualTo(size);
            assertThat(Arrays.copyOf(buffer, size)).isEqualTo(plaintext);
            byte[] untouched = new byte[buffer.length - size];
            Arrays.fill(untouched, (byte) 0x5A);
            assertThat(Arrays.copyOfRange(buffer, size, buffer.length)).isEqualTo(untouched);
        }
    }

    @Test
    void decryptIntoBuffer_tamperedLastFrame_throwsAndLeavesNoPlaintextInTheBuffer() throws Exception {
        // given: 10 frames; the last data frame's tag is damaged, so the other frames do decrypt
        byte[] plaintext = new byte[640];
        new SplittableRandom(7).nextBytes(plaintext);
        byte[] wire = CIPHER.encrypt(plaintext);
        int lastDataTag = CIPHER.wireLength(640) - 32 - 48 - 1; // before the digest and terminator frames
        wire[lastDataTag] ^= 1;
        byte[] buffer = new byte[640];

        // when / then
        assertThatThrownBy(() -> CIPHER.decrypt(wire, buffer)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(buffer).containsOnly((byte) 0);
    }

    @Test
    void decryptIntoBuffer_tooShort_throwsIndexOutOfBoundsAndWritesNothing() throws Exception {
        // given
        byte[] wire = CIPHER.encrypt(new byte[100]);
        byte[] buffer = new byte[99];
        Arrays.fill(buffer, (byte) 0x5A);

        // when / then
        assertThatThrownBy(() -> CIPHER.decrypt(wire, buffer)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(buffer).containsOnly((byte) 0x5A);
    }

    @Test
    void wireLength_outOfRange_throwsIllegalArgument() {
        assertThatThrownBy(() -> CIPHER.wireLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CIPHER.wireLength(SegmentCipher.MAX_SEGMENT_PLAINTEXT_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
