package dev.segcrypt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamSegmentDecryptor;
import dev.segcrypt.StreamSegments;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary bytes as a whole stream read by random access ({@link StreamSegmentDecryptor}, which
 * {@code decryptSegment}, {@code decryptRange} and {@code plaintextSize} use for files, and the
 * Spark module for splits): every segment that the length places is decrypted on its own; each
 * gives a typed rejection or the seed pattern at its place in the plaintext.
 */
class RandomAccessFuzzTest {

    private static SegmentCipher cipher;

    @BeforeAll
    static void open() {
        SegcryptKey key = SegcryptKey.fromBytes(SeedCorpus.KEY);
        try {
            cipher = Segcrypt.newSegmentCipher(key, Options.defaults().withCarriers(2));
        } finally {
            key.destroy();
        }
    }

    @AfterAll
    static void close() {
        cipher.close();
    }

    @FuzzTest
    void randomAccess_arbitraryStream_onlyTypedRejections(byte[] input) throws InterruptedException {
        StreamSegmentDecryptor decryptor;
        try {
            decryptor =
                    StreamSegmentDecryptor.open(cipher, Arrays.copyOf(input, Math.min(input.length, 96)), input.length);
        } catch (InvalidCiphertextException rejected) {
            return;
        }
        StreamSegments segments = decryptor.segments();
        for (long k = 0; k < segments.count(); k++) {
            byte[] plaintext;
            try {
                plaintext = decryptor.decrypt(k, input, (int) segments.offset(k), segments.wireBytes(k));
            } catch (InvalidCiphertextException rejected) {
                continue;
            }
            byte[] expected = SeedCorpus.plaintext((int) (k * segments.segmentSizeBytes()) + plaintext.length);
            assertThat(plaintext)
                    .isEqualTo(Arrays.copyOfRange(expected, (int) (k * segments.segmentSizeBytes()), expected.length));
        }
    }
}
