package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Hkdf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** K5 of shared/reliability.md: Wycheproof HKDF-SHA-256 through {@link KeySchedule#hkdfSha256}. */
class KeyScheduleHkdfTest {

    @Test
    void hkdfSha256_wycheproofVectors_deriveOkmOrRefuseSize() {
        // given
        List<Hkdf> vectors = VectorFiles.wycheproofHkdfSha256();
        List<String> failures = new ArrayList<>();

        // when
        for (Hkdf v : vectors) {
            try {
                byte[] okm = KeySchedule.hkdfSha256(v.ikm(), v.salt(), v.info(), v.size());
                if (!v.valid()) {
                    failures.add(v.id() + ": size " + v.size() + " was accepted");
                } else if (!Arrays.equals(okm, v.okm())) {
                    failures.add(v.id() + ": okm " + FrameKnownAnswers.HEX.formatHex(okm) + ", expected "
                            + FrameKnownAnswers.HEX.formatHex(v.okm()));
                }
            } catch (IllegalArgumentException e) {
                if (v.valid()) {
                    failures.add(v.id() + ": valid vector refused: " + e);
                }
            }
        }

        // then
        assertThat(failures).isEmpty();
        assertThat(vectors.stream().filter(Hkdf::valid).count())
                .as("valid vectors")
                .isEqualTo(83);
        assertThat(vectors.stream().filter(v -> !v.valid()).count())
                .as("invalid (SizeTooLarge) vectors")
                .isEqualTo(3);
    }
}
