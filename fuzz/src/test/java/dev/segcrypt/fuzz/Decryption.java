package dev.segcrypt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What the fuzz targets check on every input: a decryption either fails with one of the library's
 * {@link InvalidCiphertextException}s or yields the seed pattern ({@link SeedCorpus#plaintext}),
 * which only the fixed key's owner can produce. Anything else propagates and is a finding.
 */
final class Decryption implements AutoCloseable {

    /** What a decrypting stream released before it ended, and why it ended if it was rejected. */
    record Released(byte[] bytes, InvalidCiphertextException rejection) {}

    private final SegmentCipher cipher;

    Decryption() {
        SegcryptKey key = SegcryptKey.fromBytes(SeedCorpus.KEY);
        try {
            cipher = Segcrypt.newSegmentCipher(key, Options.defaults().withCarriers(2));
        } finally {
            key.destroy(); // the cipher keeps its own copy
        }
    }

    /** Decrypts {@code wire} as a stream; a stream that is accepted must hold the seed pattern. */
    Released stream(byte[] wire) throws IOException {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            in.transferTo(released);
        } catch (InvalidCiphertextException rejected) {
            return new Released(released.toByteArray(), rejected);
        }
        byte[] plaintext = released.toByteArray();
        assertThat(plaintext).isEqualTo(SeedCorpus.plaintext(plaintext.length));
        return new Released(plaintext, null);
    }

    /** Decrypts {@code wire} as a lone segment; a segment that is accepted must hold the seed pattern. */
    void segment(byte[] wire) throws InterruptedException {
        byte[] plaintext;
        try {
            plaintext = cipher.decrypt(wire);
        } catch (InvalidCiphertextException rejected) {
            return;
        }
        assertThat(plaintext).isEqualTo(SeedCorpus.plaintext(plaintext.length));
    }

    @Override
    public void close() {
        cipher.close();
    }
}
