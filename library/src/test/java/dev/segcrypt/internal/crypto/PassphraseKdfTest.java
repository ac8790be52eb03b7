package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.PassphraseParams;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** The passphrase's UTF-8 bytes exist only while Argon2id runs, and are the ones the spec names. */
class PassphraseKdfTest {

    private static final PassphraseParams CHEAP = new PassphraseParams(8, 1, 1);
    private static final byte[] SALT = new byte[16];

    @Test
    void derive_zeroesItsUtf8CopyOfThePassphrase() {
        // given
        String passphrase = "pässwörd ✓ 🔑";

        // when
        PassphraseKdf.derive(passphrase.toCharArray(), SALT, CHEAP);

        // then
        byte[] copy = PassphraseKdf.testOnlyLastUtf8;
        assertThat(copy).hasSize(passphrase.getBytes(StandardCharsets.UTF_8).length);
        assertThat(copy).containsOnly((byte) 0);
    }

    @Test
    void derive_givesBouncyCastlesArgon2idOfTheUtf8Bytes() {
        // given: Bouncy Castle's own char[] path, which encodes the passphrase as UTF-8 itself
        char[] passphrase = "pässwörd ✓ 🔑".toCharArray();
        Argon2BytesGenerator reference = new Argon2BytesGenerator();
        reference.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(SALT)
                .withMemoryAsKB(CHEAP.memoryKiB())
                .withIterations(CHEAP.iterations())
                .withParallelism(CHEAP.parallelism())
                .withCharToByteConverter(PasswordConverter.UTF8)
                .build());
        byte[] expected = new byte[KeySchedule.MASTER_KEY_SIZE_IN_BYTES];
        reference.generateBytes(passphrase, expected);

        // when / then
        assertThat(PassphraseKdf.derive(passphrase, SALT, CHEAP)).isEqualTo(expected);
    }

    @Test
    void derive_unpairedSurrogate_throwsIllegalArgument() {
        assertThatThrownBy(() -> PassphraseKdf.derive(new char[] {'a', '\uD800', 'b'}, SALT, CHEAP))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }
}
