package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.testing.ProvidersUnderTest;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K8 of shared/reliability.md: pins what each provider does when one {@link FrameCipher} is asked
 * to encrypt twice under the same key and nonce, so that a provider upgrade that changes it is
 * noticed. Observed with JDK 25 SunJCE, Bouncy Castle 1.87 and Conscrypt 2.9.0:
 * <ul>
 *   <li>a second {@code init} for encryption is refused, also with no seal in between: SunJCE
 *       AES-GCM, Bouncy Castle (both suites) and Conscrypt (both suites) throw
 *       {@link InvalidAlgorithmParameterException}; SunJCE ChaCha20-Poly1305 throws
 *       {@link InvalidKeyException} ("Matching key and nonce from previous initialization");</li>
 *   <li>a second {@code seal} without a new {@code init} throws {@link IllegalStateException} on all.</li>
 * </ul>
 */
class FrameCipherProviderBehaviourTest {

    private static final byte[] NONCE = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};

    static Stream<Arguments> providersAndSuites() {
        return ProvidersUnderTest.all().flatMap(p -> Stream.of(Suite.values()).map(s -> Arguments.of(p, s)));
    }

    /** The exception each provider throws when re-initialised for encryption with its last key and nonce. */
    private static Class<? extends GeneralSecurityException> reuseRefusal(CryptoProvider provider, Suite suite) {
        return provider == CryptoProvider.JDK && suite == Suite.CHACHA20_POLY1305
                ? InvalidKeyException.class // SunJCE ChaCha20Cipher checks key+nonce in its key path
                : InvalidAlgorithmParameterException.class;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndSuites")
    void init_sameKeyAndNonceForEncryptionAfterSeal_isRefused(CryptoProvider provider, Suite suite)
            throws GeneralSecurityException {
        // given
        FrameCipher cipher = FrameKnownAnswers.newFrameCipher(provider, suite);
        SecretKey key = FrameCipher.keyFor(suite, new byte[32]);
        cipher.init(true, key, NONCE.clone());
        cipher.seal(new byte[5], 0, 5, new byte[5 + SegmentLayout.TAG_SIZE_IN_BYTES], 0);

        // when / then
        assertThatThrownBy(() -> cipher.init(true, key, NONCE.clone()))
                .as("%s %s: a second encryption under one key and nonce", provider, suite)
                .isInstanceOf(reuseRefusal(provider, suite));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndSuites")
    void init_sameKeyAndNonceForEncryptionTwice_isRefused(CryptoProvider provider, Suite suite)
            throws GeneralSecurityException {
        // given
        FrameCipher cipher = FrameKnownAnswers.newFrameCipher(provider, suite);
        SecretKey key = FrameCipher.keyFor(suite, new byte[32]);
        cipher.init(true, key, NONCE.clone());

        // when / then
        assertThatThrownBy(() -> cipher.init(true, key, NONCE.clone()))
                .as("%s %s: re-init for encryption with the same key and nonce, nothing sealed", provider, suite)
                .isInstanceOf(reuseRefusal(provider, suite));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndSuites")
    void seal_secondTimeWithoutInit_throwsIllegalState(CryptoProvider provider, Suite suite)
            throws GeneralSecurityException {
        // given
        FrameCipher cipher = FrameKnownAnswers.newFrameCipher(provider, suite);
        cipher.init(true, FrameCipher.keyFor(suite, new byte[32]), NONCE.clone());
        byte[] out = new byte[5 + SegmentLayout.TAG_SIZE_IN_BYTES];
        cipher.seal(new byte[5], 0, 5, out, 0);

        // when / then
        assertThatThrownBy(() -> cipher.seal(new byte[5], 0, 5, out, 0))
                .as("%s %s: a second seal without init", provider, suite)
                .isInstanceOf(IllegalStateException.class);
    }
}
