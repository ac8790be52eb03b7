package dev.segcrypt.internal.crypto;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.internal.stream.StreamHeader;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through Bouncy Castle: passphrase to 32-byte master key. */
public final class PassphraseKdf {

    private PassphraseKdf() {}

    /** The salt and cost recorded in a stream header. */
    public record Origin(byte[] salt, PassphraseParams params) {}

    /** {@return the 32-byte key for {@code passphrase}} */
    public static byte[] derive(char[] passphrase, byte[] salt, PassphraseParams params) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withCharToByteConverter(PasswordConverter.UTF8)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[KeySchedule.KEY_SIZE_IN_BYTES];
        generator.generateBytes(passphrase, key);
        return key;
    }

    /**
     * {@return the salt and cost in a stream header}
     *
     * @throws IllegalArgumentException if the stream is not protected by a passphrase
     */
    public static Origin originOf(byte[] header) throws MalformedCiphertextException {
        StreamHeader parsed = StreamHeader.decode(header);
        return new Origin(parsed.kdfSalt(), parsed.passphraseParams().orElseThrow(() -> new IllegalArgumentException(
                "this stream was encrypted with a key file, not a passphrase")));
    }
}
