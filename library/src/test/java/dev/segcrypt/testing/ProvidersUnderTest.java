package dev.segcrypt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.Providers;
import java.security.Provider;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one list of crypto providers that tests run on: the JDK's SunJCE and Bouncy Castle, which are
 * always there, and Conscrypt, which needs its native library. A test that asks for a provider that
 * cannot load here is skipped with a message, so a missing Conscrypt shows in the report.
 */
public final class ProvidersUnderTest {

    /** Every provider that provider-parameterized tests run on ({@code AUTO} picks one of these). */
    public static final List<CryptoProvider> ALL =
            List.of(CryptoProvider.JDK, CryptoProvider.BOUNCY_CASTLE, CryptoProvider.CONSCRYPT);

    private ProvidersUnderTest() {}

    /** {@return {@link #ALL} as a stream, for the argument sources of provider-parameterized tests} */
    public static Stream<CryptoProvider> all() {
        return ALL.stream();
    }

    /**
     * {@return the providers of {@link #ALL} that load in this JVM} For tests that cross providers
     * inside one case (encrypt with one, decrypt with every other); a test parameterized by provider
     * takes {@link #all()} and calls {@link #require}, so that a missing one shows as a skip.
     */
    public static List<CryptoProvider> loadable() {
        return all().filter(Providers::isAvailable).toList();
    }

    /**
     * Skips the calling test, with a message, when {@code provider} cannot load here; {@return provider}
     *
     * @throws org.opentest4j.TestAbortedException (skip) for Conscrypt without its native library
     */
    public static CryptoProvider require(CryptoProvider provider) {
        assumeTrue(
                Providers.isAvailable(provider),
                () -> provider + " is not available in this JVM (its jar, module or native library is missing):"
                        + " skipping this test on it");
        return provider;
    }

    /**
     * {@return the JCA provider that runs {@code suite} for {@code provider}}
     *
     * @throws org.opentest4j.TestAbortedException (skip) as {@link #require} does
     */
    public static Provider jca(CryptoProvider provider, Suite suite) {
        return Providers.resolve(require(provider), suite);
    }
}
