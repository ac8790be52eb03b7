package dev.segcrypt.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Suite;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Aead;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * K7 of shared/reliability.md: for every tag-failure vector (Wycheproof AES-GCM 27, ChaCha20-Poly1305
 * 60, NIST FAIL 191) and every provider, {@link FrameCipher#open} into a sentinel-filled array
 * leaves no plaintext: the target region ends all zero or all sentinel, the bytes around it are
 * untouched, and the cipher's private staging buffer (Conscrypt) is zero. Bouncy Castle writes the
 * unauthenticated plaintext before it checks the tag, so this is the provider that needs it.
 */
class FrameCipherLeakTest {

    private static final byte SENTINEL = 0x5A;
    private static final int MARGIN = 37; // sentinel bytes before and after the target region
    private static final int IN_OFFSET = 11; // the frame sits inside a larger input array

    static Stream<CryptoProvider> providers() {
        return ProvidersUnderTest.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void open_tagFailureVectors_leaveNoPlaintextInCallerBuffer(CryptoProvider provider) throws Exception {
        // given
        ProvidersUnderTest.require(provider);
        List<Aead> vectors = Stream.of(
                        VectorFiles.wycheproofAead(VectorFiles.WYCHEPROOF_AES_GCM).stream(),
                        VectorFiles.wycheproofAead(VectorFiles.WYCHEPROOF_CHACHA20_POLY1305).stream(),
                        VectorFiles.nistGcmDecrypt256().stream())
                .flatMap(s -> s)
                .filter(v -> v.frameShaped() && !v.valid())
                .toList();
        List<String> failures = new ArrayList<>();

        // when
        for (Aead v : vectors) {
            checkNoLeak(provider, v, failures);
        }

        // then
        assertThat(failures).as("leaks on " + provider).isEmpty();
        assertThat(vectors).as("tag-failure vectors checked").hasSize(27 + 60 + 191);
    }

    private static void checkNoLeak(CryptoProvider provider, Aead v, List<String> failures) {
        byte[] frame = v.ctAndTag();
        byte[] in = new byte[IN_OFFSET + frame.length + 5];
        System.arraycopy(frame, 0, in, IN_OFFSET, frame.length);
        int regionLength = v.ct().length;
        byte[] out = new byte[MARGIN + regionLength + MARGIN];
        Arrays.fill(out, SENTINEL);
        FrameCipher cipher = FrameKnownAnswers.newFrameCipher(provider, v.suite());
        try {
            cipher.init(false, FrameCipher.keyFor(v.suite(), v.key()), v.iv());
            cipher.updateAad(v.aad(), 0, v.aad().length);
            cipher.open(in, IN_OFFSET, frame.length, out, MARGIN);
            failures.add(v + ": open accepted a tag-failure vector");
            return;
        } catch (AEADBadTagException expected) {
            // the rejection every provider must give; now look at what it left behind
        } catch (GeneralSecurityException | RuntimeException e) {
            failures.add(v + ": open threw " + e + " instead of AEADBadTagException");
        }
        byte[] region = Arrays.copyOfRange(out, MARGIN, MARGIN + regionLength);
        if (!allEqual(region, (byte) 0) && !allEqual(region, SENTINEL)) {
            failures.add(v + ": target region holds " + FrameKnownAnswers.HEX.formatHex(region)
                    + " after a failed open (plaintext "
                    + (v.msg() == null ? "unknown" : FrameKnownAnswers.HEX.formatHex(v.msg())) + ")");
        }
        if (!allEqual(Arrays.copyOfRange(out, 0, MARGIN), SENTINEL)
                || !allEqual(Arrays.copyOfRange(out, MARGIN + regionLength, out.length), SENTINEL)) {
            failures.add(v + ": bytes outside the target region changed: " + FrameKnownAnswers.HEX.formatHex(out));
        }
        ByteBuffer staged = stagedOut(cipher);
        for (int i = 0; i < staged.capacity(); i++) {
            if (staged.get(i) != 0) {
                failures.add(v + ": the staging buffer is not zero at " + i + " after a failed open");
                break;
            }
        }
    }

    /** The output staging buffer (used for Conscrypt). */
    private static ByteBuffer stagedOut(FrameCipher cipher) {
        return cipher.testOnlyStagingBuffers()[1];
    }

    @Test
    void seal_largerFrameReplacesTheStagingBuffers_zeroesTheOldOnes() throws Exception {
        // given: Conscrypt's cipher has staged a small frame, whose plaintext stays in its buffers
        FrameCipher cipher = FrameKnownAnswers.newFrameCipher(CryptoProvider.CONSCRYPT, Suite.AES_256_GCM);
        byte[] key = new byte[FrameCipher.KEY_SIZE_IN_BYTES];
        byte[] small = new byte[64];
        Arrays.fill(small, SENTINEL);
        cipher.init(true, FrameCipher.keyFor(Suite.AES_256_GCM, key), nonce(1));
        cipher.seal(small, 0, small.length, new byte[small.length + 16], 0);
        ByteBuffer[] old = cipher.testOnlyStagingBuffers();
        assertThat(countNonZero(old[0]))
                .as("staged plaintext of the small frame")
                .isEqualTo(small.length);

        // when: a larger frame needs larger buffers
        byte[] large = new byte[4096];
        cipher.init(true, FrameCipher.keyFor(Suite.AES_256_GCM, key), nonce(2));
        cipher.seal(large, 0, large.length, new byte[large.length + 16], 0);

        // then
        assertThat(cipher.testOnlyStagingBuffers()[0]).isNotSameAs(old[0]);
        assertThat(countNonZero(old[0]))
                .as("non-zero bytes left in the replaced input buffer")
                .isZero();
        assertThat(countNonZero(old[1]))
                .as("non-zero bytes left in the replaced output buffer")
                .isZero();
    }

    private static byte[] nonce(int value) {
        byte[] nonce = new byte[FrameCipher.NONCE_SIZE_IN_BYTES];
        nonce[0] = (byte) value;
        return nonce;
    }

    private static int countNonZero(ByteBuffer buffer) {
        ByteBuffer whole = buffer.duplicate().clear(); // the cipher's limit hides the rest
        int count = 0;
        for (int i = 0; i < whole.capacity(); i++) {
            count += whole.get(i) != 0 ? 1 : 0;
        }
        return count;
    }

    private static boolean allEqual(byte[] bytes, byte value) {
        for (byte b : bytes) {
            if (b != value) {
                return false;
            }
        }
        return true;
    }
}
