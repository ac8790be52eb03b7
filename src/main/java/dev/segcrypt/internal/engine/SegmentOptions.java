package dev.segcrypt.internal.engine;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.SegmentStats;
import dev.segcrypt.Suite;
import java.util.Objects;
import java.util.function.Consumer;

/** The one implementation of {@link Options}. */
public record SegmentOptions(
        Suite suite,
        int frameSizeBytes,
        CryptoProvider provider,
        int carriers,
        int maxFramesInFlight,
        Consumer<SegmentStats> statsListener) implements Options {

    private static final int MAX_CARRIERS = 1024;
    private static final int FRAMES_IN_FLIGHT_PER_CARRIER = 4;

    /** The defaults documented on {@link Options}. */
    public static final SegmentOptions DEFAULTS = withCarrierCount(Suite.AES_256_GCM,
            Options.DEFAULT_FRAME_SIZE_IN_BYTES, CryptoProvider.AUTO, Runtime.getRuntime().availableProcessors(), stats -> {});

    public SegmentOptions {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(statsListener, "statsListener");
        if (frameSizeBytes < MIN_FRAME_SIZE_IN_BYTES || frameSizeBytes > MAX_FRAME_SIZE_IN_BYTES) {
            throw new IllegalArgumentException("frame size " + frameSizeBytes + " is out of range [" + MIN_FRAME_SIZE_IN_BYTES
                    + ", " + MAX_FRAME_SIZE_IN_BYTES + "] bytes");
        }
        if (carriers < 1 || carriers > MAX_CARRIERS) {
            throw new IllegalArgumentException("carriers " + carriers + " is out of range [1, " + MAX_CARRIERS + "]");
        }
        if (maxFramesInFlight < 1) {
            throw new IllegalArgumentException("max frames in flight must be at least 1, got " + maxFramesInFlight);
        }
    }

    private static SegmentOptions withCarrierCount(Suite suite, int frameSize, CryptoProvider provider, int carriers,
            Consumer<SegmentStats> listener) {
        return new SegmentOptions(suite, frameSize, provider, carriers, carriers * FRAMES_IN_FLIGHT_PER_CARRIER, listener);
    }

    @Override
    public Options withSuite(Suite suite) {
        return new SegmentOptions(suite, frameSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withFrameSize(int frameSizeBytes) {
        return new SegmentOptions(suite, frameSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withProvider(CryptoProvider provider) {
        return new SegmentOptions(suite, frameSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withCarriers(int carriers) {
        return withCarrierCount(suite, frameSizeBytes, provider, carriers, statsListener);
    }

    @Override
    public Options withMaxFramesInFlight(int maxFramesInFlight) {
        return new SegmentOptions(suite, frameSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withStatsListener(Consumer<SegmentStats> listener) {
        return new SegmentOptions(suite, frameSizeBytes, provider, carriers, maxFramesInFlight, listener);
    }
}
