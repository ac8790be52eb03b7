package dev.segcrypt.internal.crypto;

import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AEAD frame at a time through one JCA provider's {@link Cipher}: a 32-byte key, a 12-byte
 * nonce, a 16-byte tag, always one {@code doFinal} over byte arrays.
 *
 * <p>Buffers: SunJCE and Bouncy Castle are fast on byte arrays. Conscrypt copies a whole Java
 * array through JNI on every call, which is ruinous when the frame sits in a large wire array, so
 * for Conscrypt each instance stages the frame through its own direct buffers (two memory copies,
 * still faster than the alternatives; docs/design.md has the measurements).
 *
 * <p>Not thread-safe: each crypto carrier owns its instances. Decryption writes into a buffer the
 * caller cannot see yet and zeroes what it wrote when the tag fails: Bouncy Castle leaves the whole
 * unauthenticated plaintext in the output after {@link AEADBadTagException} (SunJCE and Conscrypt
 * leave none), see ../shared/reliability.md §1.3.
 */
public final class FrameCipher {

    /** Every frame key: 256 bits (128- and 192-bit keys are refused). */
    public static final int KEY_SIZE_IN_BYTES = 32;
    /** Every frame nonce: 96 bits (FrameBinding says how they are made). */
    public static final int NONCE_SIZE_IN_BYTES = 12;

    private static final int TAG_SIZE_IN_BYTES = SegmentLayout.TAG_SIZE_IN_BYTES;
    private static final int TAG_SIZE_IN_BITS = 8 * TAG_SIZE_IN_BYTES;

    private final Cipher cipher; // only used by the owning thread
    private final Suite suite;
    private final boolean staged; // whether frames pass through the direct buffers below
    private ByteBuffer stagedIn = ByteBuffer.allocateDirect(0); // grown on demand; only the owning thread
    private ByteBuffer stagedOut = ByteBuffer.allocateDirect(0);

    private FrameCipher(Cipher cipher, Suite suite) {
        this.cipher = cipher;
        this.suite = suite;
        this.staged = cipher.getProvider().getName().equals("Conscrypt");
    }

    /** {@return a frame cipher for {@code suite} from {@code provider}} */
    public static FrameCipher create(Provider provider, Suite suite) throws GeneralSecurityException {
        String transformation = switch (suite) {
            case AES_256_GCM -> "AES/GCM/NoPadding";
            case CHACHA20_POLY1305 ->
                provider.getName().equals("Conscrypt") ? "ChaCha20/Poly1305/NoPadding" : "ChaCha20-Poly1305";
        };
        return new FrameCipher(Cipher.getInstance(transformation, provider), suite);
    }

    /** {@return the provider's name} */
    public String providerName() {
        return cipher.getProvider().getName();
    }

    /**
     * Starts a frame. Follow with {@link #updateAad} calls and one {@link #seal} or {@link #open}.
     *
     * @param encrypt true to seal, false to open
     */
    public void init(boolean encrypt, SecretKey key, byte[] nonce) throws GeneralSecurityException {
        if (nonce.length != NONCE_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("frames use 96-bit nonces only, got " + nonce.length * 8 + " bits");
        }
        AlgorithmParameterSpec params =
                suite == Suite.AES_256_GCM ? new GCMParameterSpec(TAG_SIZE_IN_BITS, nonce) : new IvParameterSpec(nonce);
        cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key, params);
    }

    /**
     * {@return a JCA key for {@code suite} holding a copy of {@code raw}}
     *
     * @throws IllegalArgumentException unless {@code raw} is 32 bytes: 128- and 192-bit keys are refused
     */
    public static SecretKeySpec keyFor(Suite suite, byte[] raw) {
        if (raw.length != KEY_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("frames use 256-bit keys only, got " + raw.length * 8 + " bits");
        }
        return new SecretKeySpec(raw, suite == Suite.AES_256_GCM ? "AES" : "ChaCha20");
    }

    /** Adds associated data to the frame begun by {@link #init}. */
    public void updateAad(byte[] aad, int offset, int length) {
        cipher.updateAAD(aad, offset, length);
    }

    /** Encrypts {@code length} bytes into {@code out}, followed by the tag; returns {@code length + 16}. */
    public int seal(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws GeneralSecurityException {
        int written = staged
                ? stagedDoFinal(in, inOffset, length, out, outOffset, length + TAG_SIZE_IN_BYTES)
                : cipher.doFinal(in, inOffset, length, out, outOffset);
        if (written != length + TAG_SIZE_IN_BYTES) {
            throw new GeneralSecurityException(
                    providerName() + " wrote " + written + " bytes for a frame of " + length);
        }
        return written;
    }

    /**
     * Verifies and decrypts {@code length} bytes (ciphertext and tag) into {@code out}; returns the
     * plaintext length. On any failure the bytes this call may have written are zeroed.
     *
     * @throws AEADBadTagException if the frame does not authenticate
     */
    public int open(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws GeneralSecurityException {
        int plaintextLength = length - TAG_SIZE_IN_BYTES;
        if (plaintextLength < 0) {
            throw new AEADBadTagException("frame shorter than its tag");
        }
        try {
            int written = staged
                    ? stagedDoFinal(in, inOffset, length, out, outOffset, plaintextLength)
                    : cipher.doFinal(in, inOffset, length, out, outOffset);
            if (written != plaintextLength) {
                throw new GeneralSecurityException(
                        providerName() + " returned " + written + " bytes for a frame of " + plaintextLength);
            }
            return written;
        } catch (GeneralSecurityException | RuntimeException e) {
            int from = Math.min(Math.max(outOffset, 0), out.length);
            Arrays.fill(out, from, Math.max(from, Math.min(out.length, outOffset + plaintextLength)), (byte) 0);
            if (staged) {
                zero(stagedOut);
            }
            throw e;
        }
    }

    private int stagedDoFinal(byte[] in, int inOffset, int length, byte[] out, int outOffset, int outLength)
            throws GeneralSecurityException {
        if (stagedIn.capacity() < length || stagedOut.capacity() < outLength) {
            clear(); // the old buffers hold the last frame until the GC frees them: zero them first
            int capacity = Math.max(length, outLength);
            stagedIn = ByteBuffer.allocateDirect(capacity);
            stagedOut = ByteBuffer.allocateDirect(capacity);
        }
        stagedIn.clear().put(in, inOffset, length).flip();
        stagedOut.clear();
        int written = cipher.doFinal(stagedIn, stagedOut);
        stagedOut.flip().get(out, outOffset, written);
        return written;
    }

    /**
     * Zeroes the staging buffers, which hold the last frame's plaintext between calls (zeroing them
     * after every frame would cost a third of Conscrypt's speed). Called when the carrier stops
     * and before the buffers are replaced by larger ones.
     */
    public void clear() {
        zero(stagedIn);
        zero(stagedOut);
    }

    /** {@return the staging buffers, input then output} For tests that check they are zeroed. */
    ByteBuffer[] testOnlyStagingBuffers() {
        return new ByteBuffer[] {stagedIn, stagedOut};
    }

    private static void zero(ByteBuffer buffer) {
        buffer.clear();
        while (buffer.hasRemaining()) {
            buffer.put((byte) 0);
        }
    }
}
