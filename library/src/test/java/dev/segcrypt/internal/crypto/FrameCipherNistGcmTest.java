package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Aead;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K3 of shared/reliability.md: the NIST CAVP AES-256-GCM records with a 96-bit IV and a 128-bit
 * tag (375 decrypt, 375 encrypt) through {@link FrameCipher} on every provider.
 */
class FrameCipherNistGcmTest {

    static Stream<CryptoProvider> providers() {
        return ProvidersUnderTest.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void open_nistDecryptRecords_acceptPassAndRejectFail(CryptoProvider provider) {
        // given
        ProvidersUnderTest.require(provider);
        List<Aead> records = VectorFiles.nistGcmDecrypt256();
        List<String> failures = new ArrayList<>();

        // when
        for (Aead v : records) {
            FrameKnownAnswers.checkExact(provider, v, failures);
        }

        // then
        assertThat(failures).as("records that failed on " + provider).isEmpty();
        assertThat(records.stream().filter(Aead::valid).count())
                .as("records with PT")
                .isEqualTo(184);
        assertThat(records.stream().filter(v -> !v.valid()).count())
                .as("records with FAIL")
                .isEqualTo(191);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void seal_nistEncryptRecords_giveCtAndTag(CryptoProvider provider) {
        // given
        ProvidersUnderTest.require(provider);
        List<Aead> records = VectorFiles.nistGcmEncryptExtIv256();
        List<String> failures = new ArrayList<>();

        // when
        for (Aead v : records) {
            try {
                byte[] sealed = FrameKnownAnswers.seal(provider, v);
                if (!Arrays.equals(sealed, v.ctAndTag())) {
                    failures.add(v + ": seal gave " + FrameKnownAnswers.HEX.formatHex(sealed) + ", expected "
                            + FrameKnownAnswers.HEX.formatHex(v.ctAndTag()));
                }
                byte[] opened = FrameKnownAnswers.open(provider, v);
                if (!Arrays.equals(opened, v.msg())) {
                    failures.add(v + ": open gave " + FrameKnownAnswers.HEX.formatHex(opened) + ", expected "
                            + FrameKnownAnswers.HEX.formatHex(v.msg()));
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                failures.add(v + ": threw " + e);
            }
        }

        // then
        assertThat(failures).as("records that failed on " + provider).isEmpty();
        assertThat(records).as("IVlen 96, Taglen 128 records").hasSize(375).allMatch(Aead::valid);
    }
}
