package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.KnownAnswerFiles.NistGcm;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K3 of shared/reliability.md: the NIST CAVP AES-256-GCM records with a 96-bit IV and a 128-bit
 * tag (375 decrypt, 375 encrypt) through {@link FrameCipher} on every provider.
 */
class FrameCipherNistGcmTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProviderUnderTest.class)
    void open_nistDecryptRecords_acceptPassAndRejectFail(ProviderUnderTest provider) {
        // given
        provider.provider(Suite.AES_256_GCM); // skips when the provider cannot load
        List<AeadVector> records = NistGcm.DECRYPT_256.frameShapedRecords();
        List<String> failures = new ArrayList<>();

        // when
        for (AeadVector v : records) {
            FrameKnownAnswers.checkExact(provider, v, failures);
        }

        // then
        assertThat(failures).as("records that failed on " + provider).isEmpty();
        assertThat(records.stream().filter(AeadVector::valid).count())
                .as("records with PT")
                .isEqualTo(184);
        assertThat(records.stream().filter(v -> !v.valid()).count())
                .as("records with FAIL")
                .isEqualTo(191);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProviderUnderTest.class)
    void seal_nistEncryptRecords_giveCtAndTag(ProviderUnderTest provider) {
        // given
        provider.provider(Suite.AES_256_GCM);
        List<AeadVector> records = NistGcm.ENCRYPT_EXT_IV_256.frameShapedRecords();
        List<String> failures = new ArrayList<>();

        // when
        for (AeadVector v : records) {
            try {
                byte[] sealed = FrameKnownAnswers.seal(provider, v);
                if (!Arrays.equals(sealed, v.ctAndTag())) {
                    failures.add(
                            v + ": seal gave " + AeadVector.hex(sealed) + ", expected " + AeadVector.hex(v.ctAndTag()));
                }
                byte[] opened = FrameKnownAnswers.open(provider, v);
                if (!Arrays.equals(opened, v.msg())) {
                    failures.add(v + ": open gave " + AeadVector.hex(opened) + ", expected " + AeadVector.hex(v.msg()));
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                failures.add(v + ": threw " + e);
            }
        }

        // then
        assertThat(failures).as("records that failed on " + provider).isEmpty();
        assertThat(records).as("IVlen 96, Taglen 128 records").hasSize(375).allMatch(AeadVector::valid);
    }
}
