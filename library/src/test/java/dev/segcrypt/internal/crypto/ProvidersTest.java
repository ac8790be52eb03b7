package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.Suite;
import dev.segcrypt.testing.ProvidersUnderTest;
import java.security.Provider;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which JCA provider each {@link CryptoProvider} of the tests' list resolves to, and which are always there. */
class ProvidersTest {

    /** The JCA names of SunJCE, Bouncy Castle and Conscrypt. */
    private static final Map<CryptoProvider, String> JCA_NAMES = Map.of(
            CryptoProvider.JDK, "SunJCE",
            CryptoProvider.BOUNCY_CASTLE, "BC",
            CryptoProvider.CONSCRYPT, "Conscrypt");

    @Test
    void isAvailable_jdkAndBouncyCastle_isAlwaysTrue() {
        // given / when / then: Conscrypt is optional (native library), the other two never are
        assertThat(ProvidersUnderTest.loadable()).contains(CryptoProvider.JDK, CryptoProvider.BOUNCY_CASTLE);
    }

    @Test
    void isAvailable_publicQuery_agreesWithWhatResolves() {
        for (CryptoProvider provider : CryptoProvider.values()) {
            // given
            boolean resolves;
            try {
                Providers.resolve(provider, Suite.AES_256_GCM);
                resolves = true;
            } catch (IllegalArgumentException unavailable) {
                resolves = false;
            }

            // when / then
            assertThat(Segcrypt.isAvailable(provider)).as(provider.toString()).isEqualTo(resolves);
        }
    }

    static Stream<Arguments> providersAndSuites() {
        return ProvidersUnderTest.all().flatMap(p -> Stream.of(Suite.values()).map(s -> Arguments.of(p, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providersAndSuites")
    void resolve_providerUnderTest_isTheNamedJcaProvider(CryptoProvider provider, Suite suite) {
        // given
        ProvidersUnderTest.require(provider);

        // when
        Provider resolved = Providers.resolve(provider, suite);

        // then
        assertThat(resolved.getName()).isEqualTo(JCA_NAMES.get(provider));
    }
}
