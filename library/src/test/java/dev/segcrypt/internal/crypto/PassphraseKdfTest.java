package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.PassphraseParams;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * The passphrase is hashed as its UTF-8 bytes (docs/wire-format.md: "UTF-8 as given"), whatever
 * the locale, and that UTF-8 copy exists only while Argon2id runs.
 */
class PassphraseKdfTest {

    private static final PassphraseParams CHEAP = new PassphraseParams(8, 1, 1);
    private static final byte[] SALT = new byte[16];

    @Test
    void derive_nonAsciiPassphrase_equalsArgon2idOverItsUtf8Bytes() {
        // given: "p\u00e4ssw\u00f6rd \ud83d\udd11" and its UTF-8 bytes, written out by hand
        char[] passphrase = "p\u00e4ssw\u00f6rd \ud83d\udd11".toCharArray();
        byte[] utf8 = HexFormat.of().parseHex("70c3a4737377c3b67264" + "20f09f9491");
        byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        PassphraseParams params = new PassphraseParams(64, 1, 1);

        // when
        byte[] derived = PassphraseKdf.derive(passphrase, salt, params);

        // then
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(64)
                .withIterations(1)
                .withParallelism(1)
                .build());
        byte[] expected = new byte[32];
        argon2.generateBytes(utf8, expected);
        assertThat(derived).isEqualTo(expected);
    }

    @Test
    void derive_zeroesItsUtf8CopyOfThePassphrase() {
        // given
        String passphrase = "p\u00e4ssw\u00f6rd \u2713 \ud83d\udd11";

        AtomicReference<byte[]> used = new AtomicReference<>();

        // when
        PassphraseKdf.derive(passphrase.toCharArray(), SALT, CHEAP, used::set);

        // then
        byte[] copy = used.get();
        assertThat(copy).hasSize(passphrase.getBytes(StandardCharsets.UTF_8).length);
        assertThat(copy).containsOnly((byte) 0);
    }

    @Test
    void derive_unpairedSurrogate_throwsIllegalArgument() {
        assertThatThrownBy(() -> PassphraseKdf.derive(new char[] {'a', '\uD800', 'b'}, SALT, CHEAP))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }
}
