package dev.segcrypt;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import java.util.Objects;

/**
 * Entry points of segcrypt: parallel, authenticated encryption of large data as segments of
 * fixed-size frames.
 *
 * <p>Start with {@link #newSegmentCipher(SegcryptKey, Options)}.
 */
public final class Segcrypt {

    private Segcrypt() {}

    /**
     * {@return a new segment cipher} It starts {@link Options#carriers()} platform threads; close
     * it when done.
     *
     * @param key     the master key; the cipher keeps its own copy, so the caller may destroy
     *                {@code key} afterwards
     * @param options suite, frame size, provider and parallelism
     * @throws IllegalArgumentException if {@code options} asks for a provider that is not available
     */
    public static SegmentCipher newSegmentCipher(SegcryptKey key, Options options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        return DefaultSegmentCipher.create(key, options);
    }
}
