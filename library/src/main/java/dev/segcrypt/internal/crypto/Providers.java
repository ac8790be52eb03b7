package dev.segcrypt.internal.crypto;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Finds the JCA providers behind {@link CryptoProvider}. Providers are used as objects and never
 * installed into {@link Security}, so segcrypt does not change what the rest of the JVM gets.
 *
 * <p>Conscrypt is an automatic module with no service entry and a native library, so it is loaded
 * by a guarded call: when its jar, its module or its native library is missing, it is simply not
 * available (docs/adr/0002).
 */
public final class Providers {

    private Providers() {}

    private static final class BouncyCastle {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }

    private static final class Conscrypt {
        static final Optional<Provider> INSTANCE = load();

        private static Optional<Provider> load() {
            try {
                return Optional.of(org.conscrypt.Conscrypt.newProvider());
            } catch (LinkageError | RuntimeException e) { // NoClassDefFoundError, UnsatisfiedLinkError, ...
                return Optional.empty();
            }
        }
    }

    /** {@return whether {@code provider} can be used in this JVM} */
    public static boolean isAvailable(CryptoProvider provider) {
        return provider != CryptoProvider.CONSCRYPT || Conscrypt.INSTANCE.isPresent();
    }

    /**
     * {@return the JCA provider that runs {@code suite} for the choice {@code provider}}
     *
     * @throws IllegalArgumentException if that provider is not available here
     */
    public static Provider resolve(CryptoProvider provider, Suite suite) {
        return switch (provider) {
            case AUTO -> resolve(fastest(suite), suite);
            case JDK -> Security.getProvider("SunJCE");
            case BOUNCY_CASTLE -> BouncyCastle.INSTANCE;
            case CONSCRYPT ->
                Conscrypt.INSTANCE.orElseThrow(
                        () -> new IllegalArgumentException(
                                "the Conscrypt provider is not available in this JVM (its jar, module or native library is missing)"));
        };
    }

    /**
     * The AUTO choice, from the measurements in docs/design.md. AES-GCM: Conscrypt when present,
     * because it runs at full speed from the first frame, while SunJCE runs a pure-Java GHASH until
     * the JIT has compiled its GCM intrinsics (about ten seconds of encryption into a process here,
     * several times slower until then). ChaCha20-Poly1305: SunJCE, the faster of the two here.
     */
    private static CryptoProvider fastest(Suite suite) {
        return suite == Suite.AES_256_GCM && isAvailable(CryptoProvider.CONSCRYPT)
                ? CryptoProvider.CONSCRYPT
                : CryptoProvider.JDK;
    }
}
