package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The decoder's limit on the Argon2id cost a stream header asks for: the
 * header is not authenticated before the key is derived, so the cost is checked first.
 */
class PassphraseLimitTest {

    /** Offsets of the Argon2id fields in the stream header, from docs/wire-format.md. */
    private static final int KDF_MEMORY_OFFSET = 52;

    private static final int KDF_ITERATIONS_OFFSET = 56;
    private static final int KDF_PARALLELISM_OFFSET = 60;

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final byte[] PLAINTEXT = "a passphrase stream".getBytes(StandardCharsets.US_ASCII);

    @Test
    void fromPassphrase_headerAsking4GiBAnd64Passes_throwsPassphraseCostBeforeDeriving() throws IOException {
        // given: a real stream header whose cost fields were raised to the format's maximum memory
        // and passes (the finding's attack: 4 GiB, 64 passes; with -Xmx1g Argon2id itself would
        // throw OutOfMemoryError, not this exception)
        byte[] header = streamHeader(new PassphraseParams(64, 1, 1));
        ByteBuffer.wrap(header).putInt(KDF_MEMORY_OFFSET, 4 * 1024 * 1024).putInt(KDF_ITERATIONS_OFFSET, 64);
        StreamInfo info = Segcrypt.readStreamInfo(new ByteArrayInputStream(header));

        // when / then
        assertThatThrownBy(() -> SegcryptKey.fromPassphrase(PASSPHRASE, info))
                .isInstanceOf(PassphraseCostException.class)
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("the stream header asks for Argon2id with 4096 MiB, 64 passes, 1 lane, more than the"
                        + " limit of 256 MiB, 8 passes, 4 lanes; refused before deriving the key (raise the limit"
                        + " only for a file you trust)");
    }

    @Test
    void fromPassphrase_eachParameterAboveTheDefaultLimit_throwsPassphraseCost() throws IOException {
        // given: one parameter at a time just above 256 MiB, 8 passes, 4 lanes
        int[][] fields = {
            {KDF_MEMORY_OFFSET, 256 * 1024 + 1}, {KDF_ITERATIONS_OFFSET, 9}, {KDF_PARALLELISM_OFFSET, 5},
        };
        for (int[] field : fields) {
            byte[] header = streamHeader(new PassphraseParams(64, 1, 1));
            ByteBuffer.wrap(header).putInt(field[0], field[1]);
            StreamInfo info = Segcrypt.readStreamInfo(new ByteArrayInputStream(header));

            // when / then
            assertThatThrownBy(() -> SegcryptKey.fromPassphrase(PASSPHRASE, info))
                    .as("field at offset %d = %d", field[0], field[1])
                    .isInstanceOf(PassphraseCostException.class);
        }
    }

    @Test
    void fromPassphrase_costAboveTheCallersLimit_isRefusedAndARaisedLimitDecrypts() throws IOException {
        // given: a stream made with 2 passes
        PassphraseParams cost = new PassphraseParams(64, 2, 1);
        SegcryptKey key = SegcryptKey.fromPassphrase(PASSPHRASE, cost);
        byte[] wire = encrypt(key, PLAINTEXT);
        StreamInfo info = Segcrypt.readStreamInfo(new ByteArrayInputStream(wire));

        // when / then: a limit of 1 pass refuses it, a limit of exactly its cost accepts it
        assertThatThrownBy(() -> SegcryptKey.fromPassphrase(PASSPHRASE, info, new PassphraseParams(1024, 1, 16)))
                .isInstanceOf(PassphraseCostException.class)
                .hasMessageContaining("64 KiB, 2 passes, 1 lane")
                .hasMessageContaining("1 MiB, 1 pass, 16 lanes");
        SegcryptKey recovered = SegcryptKey.fromPassphrase(PASSPHRASE, info, cost);
        assertThat(decrypt(recovered, wire)).isEqualTo(PLAINTEXT);
        key.destroy();
        recovered.destroy();
    }

    @Test
    void fromPassphrase_defaultCostAndTheFormatsMaximum_areWithinTheirLimits() {
        // given / when / then
        assertThat(PassphraseParams.DEFAULT.isWithin(PassphraseParams.DEFAULT_LIMIT))
                .isTrue();
        assertThat(new PassphraseParams(64 * 1024, 3, 4).isWithin(PassphraseParams.DEFAULT_LIMIT))
                .as("RFC 9106's second recommended option")
                .isTrue();
        assertThat(new PassphraseParams(4 * 1024 * 1024, 64, 16).isWithin(PassphraseParams.MAXIMUM))
                .isTrue();
        assertThat(new PassphraseParams(4 * 1024 * 1024, 64, 16).isWithin(PassphraseParams.DEFAULT_LIMIT))
                .isFalse();
    }

    private static byte[] streamHeader(PassphraseParams cost) throws IOException {
        SegcryptKey key = SegcryptKey.fromPassphrase(PASSPHRASE, cost);
        try {
            return Arrays.copyOf(encrypt(key, PLAINTEXT), StreamInfo.HEADER_SIZE_IN_BYTES);
        } finally {
            key.destroy();
        }
    }

    private static byte[] encrypt(SegcryptKey key, byte[] plaintext) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, Options.defaults());
                OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
            out.write(plaintext);
        }
        return sink.toByteArray();
    }

    private static byte[] decrypt(SegcryptKey key, byte[] wire) throws IOException {
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, Options.defaults());
                InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        }
    }
}
