package dev.segcrypt;

import dev.segcrypt.internal.engine.SegmentOptions;
import dev.segcrypt.internal.wire.WireLimits;
import java.util.function.Consumer;

/**
 * How a {@link SegmentCipher} encrypts: suite, frame size, provider and parallelism. Immutable;
 * every {@code withX} method returns a new instance.
 *
 * <p>Defaults ({@link #defaults()}): {@link Suite#AES_256_GCM}, a frame size chosen from the
 * segment size and the carriers ({@link #frameSizeBytes()}), stream segments of {@value
 * #DEFAULT_SEGMENT_SIZE_IN_BYTES} bytes, {@link CryptoProvider#AUTO}, one crypto carrier per
 * available processor, at most 32 frames in flight per carrier, no statistics listener.
 */
public sealed interface Options permits SegmentOptions {

    /** The default plaintext bytes per segment of a stream: 4 MiB. */
    int DEFAULT_SEGMENT_SIZE_IN_BYTES = 4 * 1024 * 1024;

    /** The smallest allowed frame size: 64 bytes. */
    int MIN_FRAME_SIZE_IN_BYTES = WireLimits.MIN_FRAME_SIZE_IN_BYTES;

    /** The largest allowed frame size: 16 MiB. */
    int MAX_FRAME_SIZE_IN_BYTES = WireLimits.MAX_FRAME_SIZE_IN_BYTES;

    /** {@return the default options} */
    static Options defaults() {
        return SegmentOptions.DEFAULTS;
    }

    /** {@return the AEAD used for new segments} Decryption reads the suite from each segment. */
    Suite suite();

    /**
     * {@return the plaintext bytes per data frame of new segments} Unless set with {@link
     * #withFrameSize}: the largest power of two that gives every carrier two frames of a full
     * segment, from 256 KiB to 1 MiB, and at most the segment size (chosen by measurement,
     * docs/performance.md). With the default 4 MiB segments: 1 MiB on 1 or 2 carriers, 512 KiB on
     * 4, 256 KiB on 8 or more. The frame size of a stream or segment is recorded in its header.
     */
    int frameSizeBytes();

    /** {@return the plaintext bytes per segment of new streams (every segment but the last is this full)} */
    int segmentSizeBytes();

    /** {@return the provider that runs the ciphers} */
    CryptoProvider provider();

    /** {@return the number of platform threads that run cipher work} */
    int carriers();

    /** {@return the most frames that may be in flight at once, across all callers} */
    int maxFramesInFlight();

    /**
     * {@return options with another suite}
     *
     * @param suite the AEAD for new segments
     */
    Options withSuite(Suite suite);

    /**
     * {@return options with this frame size, instead of one chosen from the segment size and the carriers}
     *
     * @param frameSizeBytes plaintext bytes per data frame
     * @throws IllegalArgumentException if not within [{@value #MIN_FRAME_SIZE_IN_BYTES}, {@value
     *     #MAX_FRAME_SIZE_IN_BYTES}]
     */
    Options withFrameSize(int frameSizeBytes);

    /**
     * {@return options with another segment size for streams}
     *
     * @param segmentSizeBytes plaintext bytes per segment, from {@value #MIN_FRAME_SIZE_IN_BYTES} to
     *     {@link SegmentCipher#MAX_SEGMENT_PLAINTEXT_BYTES}
     * @throws IllegalArgumentException if out of range
     */
    Options withSegmentSize(int segmentSizeBytes);

    /**
     * {@return options with another provider}
     *
     * @param provider the JCA provider
     */
    Options withProvider(CryptoProvider provider);

    /**
     * {@return options with another number of crypto carriers} The in-flight bound becomes 32
     * times that number unless {@link #withMaxFramesInFlight(int)} is called afterwards.
     *
     * @param carriers platform threads for cipher work, from 1 to 1024
     * @throws IllegalArgumentException if out of range
     */
    Options withCarriers(int carriers);

    /**
     * {@return options with another bound on frames in flight}
     *
     * @param maxFramesInFlight at least 1
     * @throws IllegalArgumentException if less than 1
     */
    Options withMaxFramesInFlight(int maxFramesInFlight);

    /**
     * {@return options that report every finished segment to {@code listener}} The listener runs on
     * the calling thread after the segment is complete; it must be fast and must not throw.
     *
     * @param listener receives one {@link SegmentStats} per successful segment operation
     */
    Options withStatsListener(Consumer<SegmentStats> listener);
}
