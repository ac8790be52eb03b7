package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Aead;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K1/K2 of shared/reliability.md: every Wycheproof AES-GCM and ChaCha20-Poly1305 vector through
 * {@link FrameCipher} on every provider. Vectors with a 256-bit key, 96-bit nonce and 128-bit tag
 * must match the file exactly; every other vector must be refused at the API boundary
 * ({@link FrameCipher#keyFor} for the key, {@link FrameCipher#init} for the nonce).
 */
class FrameCipherWycheproofTest {

    /** A Wycheproof AEAD file and what the library must make of it. */
    enum WycheproofFile {
        AES_GCM(VectorFiles.WYCHEPROOF_AES_GCM, 39, 27, 250),
        CHACHA20_POLY1305(VectorFiles.WYCHEPROOF_CHACHA20_POLY1305, 256, 60, 9);

        final String file;
        /** frame-shaped vectors the file says are valid */
        final int exactValid;
        /** frame-shaped vectors the file says are invalid: all of them are tag failures */
        final int exactInvalid;
        /** vectors with another key or nonce size: refused at the API boundary */
        final int refused;

        WycheproofFile(String file, int exactValid, int exactInvalid, int refused) {
            this.file = file;
            this.exactValid = exactValid;
            this.exactInvalid = exactInvalid;
            this.refused = refused;
        }
    }

    static Stream<Arguments> filesAndProviders() {
        return Stream.of(WycheproofFile.values())
                .flatMap(file -> ProvidersUnderTest.all().map(p -> Arguments.of(file, p)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("filesAndProviders")
    void frameCipher_wycheproofVectors_matchFileOrRefuseAtBoundary(WycheproofFile file, CryptoProvider provider) {
        // given
        ProvidersUnderTest.require(provider);
        List<Aead> vectors = VectorFiles.wycheproofAead(file.file);
        List<String> failures = new ArrayList<>();
        int exactValid = 0;
        int exactInvalid = 0;
        int refused = 0;

        // when
        for (Aead v : vectors) {
            if (v.frameShaped()) {
                FrameKnownAnswers.checkExact(provider, v, failures);
                if (v.valid()) {
                    exactValid++;
                } else {
                    exactInvalid++;
                }
            } else {
                checkRefused(provider, v, failures);
                refused++;
            }
        }

        // then
        assertThat(failures).as("vectors that failed on " + provider).isEmpty();
        assertThat(new int[] {exactValid, exactInvalid, refused})
                .as("valid / invalid frame-shaped vectors and refused vectors in " + file.file)
                .containsExactly(file.exactValid, file.exactInvalid, file.refused);
    }

    /** A key that is not 256 bits fails in keyFor; a nonce that is not 96 bits fails in init, both directions. */
    private static void checkRefused(CryptoProvider provider, Aead v, List<String> failures) {
        if (v.key().length != FrameCipher.KEY_SIZE_IN_BYTES) {
            try {
                FrameCipher.keyFor(v.suite(), v.key());
                failures.add(v + ": keyFor accepted a " + v.key().length * 8 + "-bit key");
            } catch (IllegalArgumentException expected) {
                // refused at the boundary
            }
            return;
        }
        if (v.iv().length == FrameCipher.NONCE_SIZE_IN_BYTES) {
            failures.add(v + ": neither key nor nonce size is refused by the API; tag size " + v.tagBits()
                    + " bits is not something this test knows how to check");
            return;
        }
        for (boolean encrypt : new boolean[] {false, true}) {
            try {
                FrameCipher cipher = FrameKnownAnswers.newFrameCipher(provider, v.suite());
                cipher.init(encrypt, FrameCipher.keyFor(v.suite(), v.key()), v.iv());
                failures.add(v + ": init(encrypt=" + encrypt + ") accepted a " + v.iv().length * 8 + "-bit nonce");
            } catch (IllegalArgumentException expected) {
                // refused at the boundary
            } catch (GeneralSecurityException e) {
                failures.add(v + ": init(encrypt=" + encrypt + ") threw " + e
                        + " instead of IllegalArgumentException for a " + v.iv().length * 8 + "-bit nonce");
            }
        }
    }
}
