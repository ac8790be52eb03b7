package dev.segcrypt.internal.crypto;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.VectorFiles.Aead;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;

/** Runs one frame-shaped {@link Aead} vector through {@link FrameCipher}; collects what went wrong. */
final class FrameKnownAnswers {

    static final HexFormat HEX = HexFormat.of();

    private FrameKnownAnswers() {}

    /**
     * {@return a new frame cipher for {@code suite} on {@code provider}}
     *
     * @throws org.opentest4j.TestAbortedException (skip) when the provider cannot load here
     */
    static FrameCipher newFrameCipher(CryptoProvider provider, Suite suite) {
        try {
            return FrameCipher.create(ProvidersUnderTest.jca(provider, suite), suite);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(provider + " has no " + suite + " cipher", e);
        }
    }

    /** {@return the plaintext that a new frame cipher opens from the vector's ct || tag} */
    static byte[] open(CryptoProvider provider, Aead v) throws GeneralSecurityException {
        FrameCipher cipher = newFrameCipher(provider, v.suite());
        cipher.init(false, FrameCipher.keyFor(v.suite(), v.key()), v.iv());
        cipher.updateAad(v.aad(), 0, v.aad().length);
        byte[] in = v.ctAndTag();
        byte[] out = new byte[v.ct().length];
        int n = cipher.open(in, 0, in.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    /** {@return the ct || tag that a new frame cipher seals from the vector's msg} */
    static byte[] seal(CryptoProvider provider, Aead v) throws GeneralSecurityException {
        FrameCipher cipher = newFrameCipher(provider, v.suite());
        cipher.init(true, FrameCipher.keyFor(v.suite(), v.key()), v.iv());
        cipher.updateAad(v.aad(), 0, v.aad().length);
        byte[] out = new byte[v.msg().length + SegmentLayout.TAG_SIZE_IN_BYTES];
        int n = cipher.seal(v.msg(), 0, v.msg().length, out, 0);
        return Arrays.copyOf(out, n);
    }

    /**
     * Valid: open gives msg and seal gives ct || tag (each on a new cipher: providers refuse a
     * second encryption under one key and nonce). Invalid: open throws {@link AEADBadTagException}.
     */
    static void checkExact(CryptoProvider provider, Aead v, List<String> failures) {
        if (v.valid()) {
            try {
                byte[] plaintext = open(provider, v);
                if (v.msg() != null && !Arrays.equals(plaintext, v.msg())) {
                    failures.add(
                            v + ": open gave " + HEX.formatHex(plaintext) + ", expected " + HEX.formatHex(v.msg()));
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                failures.add(v + ": open of a valid vector threw " + e);
            }
            if (v.msg() != null) {
                try {
                    byte[] sealed = seal(provider, v);
                    if (!Arrays.equals(sealed, v.ctAndTag())) {
                        failures.add(v + ": seal gave " + HEX.formatHex(sealed) + ", expected "
                                + HEX.formatHex(v.ctAndTag()));
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    failures.add(v + ": seal of a valid vector threw " + e);
                }
            }
        } else {
            try {
                byte[] plaintext = open(provider, v);
                failures.add(v + ": invalid vector was accepted, plaintext " + HEX.formatHex(plaintext));
            } catch (AEADBadTagException expected) {
                // rejected as it must be
            } catch (GeneralSecurityException | RuntimeException e) {
                failures.add(v + ": invalid vector threw " + e + " instead of AEADBadTagException");
            }
        }
    }
}
