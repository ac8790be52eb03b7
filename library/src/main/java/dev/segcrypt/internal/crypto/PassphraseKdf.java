package dev.segcrypt.internal.crypto;

import dev.segcrypt.PassphraseParams;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through Bouncy Castle: passphrase to 32-byte master key. */
public final class PassphraseKdf {

    private PassphraseKdf() {}

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
        byte[] key = new byte[KeySchedule.MASTER_KEY_SIZE_IN_BYTES];
        generator.generateBytes(passphrase, key);
        return key;
    }
}
