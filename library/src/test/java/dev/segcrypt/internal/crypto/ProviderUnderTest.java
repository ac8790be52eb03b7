package dev.segcrypt.internal.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;

/** The three JCA providers frames can run on, for parameterized known-answer tests. */
enum ProviderUnderTest {
    SUN_JCE,
    BOUNCY_CASTLE,
    CONSCRYPT;

    /**
     * {@return the JCA provider}
     *
     * @throws org.opentest4j.TestAbortedException (skip) for Conscrypt when it cannot load here
     */
    Provider provider(Suite suite) {
        return switch (this) {
            case SUN_JCE -> Security.getProvider("SunJCE");
            case BOUNCY_CASTLE -> Providers.resolve(CryptoProvider.BOUNCY_CASTLE, suite);
            case CONSCRYPT -> {
                assumeTrue(
                        Providers.isAvailable(CryptoProvider.CONSCRYPT),
                        "Conscrypt is not available in this JVM (its jar, module or native library is missing):"
                                + " skipping its known-answer tests");
                yield Providers.resolve(CryptoProvider.CONSCRYPT, suite);
            }
        };
    }

    /** {@return a new frame cipher for {@code suite} on this provider} */
    FrameCipher newFrameCipher(Suite suite) {
        try {
            return FrameCipher.create(provider(suite), suite);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(this + " has no " + suite + " cipher", e);
        }
    }
}
