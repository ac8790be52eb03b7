package dev.segcrypt.testing;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a decrypting stream released before it ended, and the typed rejection that ended it (null
 * when it reached the end): the two facts every tamper test checks.
 */
public record Released(byte[] bytes, InvalidCiphertextException rejection) {

    /** Reads all of {@code wire} through {@link Segcrypt#newDecryptingStream}. */
    public static Released byDecryptingStream(SegmentCipher cipher, byte[] wire) throws IOException {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            in.transferTo(released);
        } catch (InvalidCiphertextException rejected) {
            return new Released(released.toByteArray(), rejected);
        }
        return new Released(released.toByteArray(), null);
    }
}
