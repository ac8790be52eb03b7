package dev.segcrypt;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A 256-bit master key. It prints no key bytes, compares by identity, and can be destroyed.
 *
 * <p><b>Thread safety:</b> instances are safe for concurrent use; {@link #destroy()} while another
 * thread is using the key makes that use fail with {@link IllegalStateException}.
 */
public final class SegcryptKey implements Destroyable {

    /** The key length: 32 bytes. */
    public static final int SIZE_IN_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] keyBytes; // zeroed by destroy()
    private volatile boolean destroyed;

    private SegcryptKey(byte[] keyBytes) {
        this.keyBytes = keyBytes;
    }

    /** {@return a new key from a {@link SecureRandom}} */
    public static SegcryptKey generate() {
        byte[] bytes = new byte[SIZE_IN_BYTES];
        RANDOM.nextBytes(bytes);
        return new SegcryptKey(bytes);
    }

    /**
     * {@return a key holding a copy of {@code bytes}} The caller should zero its array afterwards.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static SegcryptKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE_IN_BYTES) {
            throw new IllegalArgumentException(
                    "a segcrypt key is 32 bytes, got " + bytes.length + " (128- and 192-bit keys are not accepted)");
        }
        return new SegcryptKey(bytes.clone());
    }

    /**
     * {@return a copy of the key bytes} Whoever calls this owns a secret and should zero it.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    public byte[] copyBytes() {
        byte[] copy = keyBytes.clone();
        if (destroyed) {
            Arrays.fill(copy, (byte) 0);
            throw new IllegalStateException("the key was destroyed");
        }
        return copy;
    }

    /** Zeroes the key bytes; later uses of this key fail. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(keyBytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "SegcryptKey[destroyed]" : "SegcryptKey[256 bits, value hidden]";
    }
}
