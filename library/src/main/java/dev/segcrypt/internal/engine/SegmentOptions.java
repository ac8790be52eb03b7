package dev.segcrypt.internal.engine;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.SegmentStats;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.WireLimits;
import java.util.Objects;
import java.util.function.Consumer;

/** The one implementation of {@link Options}. */
public record SegmentOptions(
        Suite suite,
        int frameSizeBytes,
        int segmentSizeBytes,
        CryptoProvider provider,
        int carriers,
        int maxFramesInFlight,
        Consumer<SegmentStats> statsListener)
        implements Options {

    private static final int MAX_CARRIERS = 1024;
    /**
     * Enough queued frames that a carrier finds its next frame without parking while the owner
     * waits for a permit: with 4 per carrier, 64 KiB frames encrypted 15-25 % slower than with 16
     * to 64 (one 64 MiB segment, 2 carriers, both engines, docs/performance.md). A frame in flight
     * costs a parked virtual thread and a small job, not a buffer.
     */
    private static final int FRAMES_IN_FLIGHT_PER_CARRIER = 32;

    /** The defaults documented on {@link Options}. */
    public static final SegmentOptions DEFAULTS = new SegmentOptions(
            Suite.AES_256_GCM,
            DEFAULT_FRAME_SIZE_IN_BYTES,
            DEFAULT_SEGMENT_SIZE_IN_BYTES,
            CryptoProvider.AUTO,
            Runtime.getRuntime().availableProcessors(),
            FRAMES_IN_FLIGHT_PER_CARRIER * Runtime.getRuntime().availableProcessors(),
            stats -> {});

    public SegmentOptions {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(statsListener, "statsListener");
        if (!WireLimits.isFrameSize(frameSizeBytes)) {
            throw new IllegalArgumentException("frame size " + frameSizeBytes + " is out of range ["
                    + WireLimits.MIN_FRAME_SIZE_IN_BYTES + ", " + WireLimits.MAX_FRAME_SIZE_IN_BYTES + "] bytes");
        }
        if (!WireLimits.isSegmentSize(segmentSizeBytes)) {
            throw new IllegalArgumentException("segment size " + segmentSizeBytes + " is out of range ["
                    + WireLimits.MIN_SEGMENT_SIZE_IN_BYTES + ", " + WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES
                    + "] bytes");
        }
        if (carriers < 1 || carriers > MAX_CARRIERS) {
            throw new IllegalArgumentException("carriers " + carriers + " is out of range [1, " + MAX_CARRIERS + "]");
        }
        if (maxFramesInFlight < 1) {
            throw new IllegalArgumentException("max frames in flight must be at least 1, got " + maxFramesInFlight);
        }
    }

    @Override
    public Options withSuite(Suite suite) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withFrameSize(int frameSizeBytes) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withSegmentSize(int segmentSizeBytes) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withProvider(CryptoProvider provider) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withCarriers(int carriers) {
        return new SegmentOptions(
                suite,
                frameSizeBytes,
                segmentSizeBytes,
                provider,
                carriers,
                FRAMES_IN_FLIGHT_PER_CARRIER * carriers,
                statsListener);
    }

    @Override
    public Options withMaxFramesInFlight(int maxFramesInFlight) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withStatsListener(Consumer<SegmentStats> listener) {
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, listener);
    }
}
