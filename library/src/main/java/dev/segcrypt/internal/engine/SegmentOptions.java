package dev.segcrypt.internal.engine;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.SegmentStats;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.wire.WireLimits;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one implementation of {@link Options}.
 *
 * @param requestedFrameSizeBytes the frame size asked for with {@link #withFrameSize}, or 0 to
 *     choose it from the segment size and the carriers ({@link #frameSizeBytes()})
 */
public record SegmentOptions(
        Suite suite,
        int requestedFrameSizeBytes,
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

    /**
     * The bounds of the frame size chosen when none is asked for. Below 256 KiB the per-frame
     * hand-off (about 7 us of CPU) costs a quarter or more of the frame's crypto at 10 GB/s; above
     * 1 MiB a frame no longer fits a core's L2 cache. Between them, larger frames measured faster on
     * 2 cores (4 MiB segments, streams of 512 MiB: 1 MiB frames encrypted 20-30 % faster than
     * 256 KiB, docs/performance.md).
     */
    private static final int MIN_CHOSEN_FRAME_SIZE = 256 * 1024;

    private static final int MAX_CHOSEN_FRAME_SIZE = 1024 * 1024;

    /** The defaults documented on {@link Options}. */
    public static final SegmentOptions DEFAULTS = new SegmentOptions(
            Suite.AES_256_GCM,
            0,
            DEFAULT_SEGMENT_SIZE_IN_BYTES,
            CryptoProvider.AUTO,
            Runtime.getRuntime().availableProcessors(),
            FRAMES_IN_FLIGHT_PER_CARRIER * Runtime.getRuntime().availableProcessors(),
            stats -> {});

    public SegmentOptions {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(statsListener, "statsListener");
        if (requestedFrameSizeBytes != 0) {
            checkFrameSize(requestedFrameSizeBytes);
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

    private static void checkFrameSize(int frameSizeBytes) {
        if (!WireLimits.isFrameSize(frameSizeBytes)) {
            throw new IllegalArgumentException("frame size " + frameSizeBytes + " is out of range ["
                    + WireLimits.MIN_FRAME_SIZE_IN_BYTES + ", " + WireLimits.MAX_FRAME_SIZE_IN_BYTES + "] bytes");
        }
    }

    /**
     * {@inheritDoc} Unless one was asked for: the largest power of two that gives every carrier two
     * frames of a full segment (so that the carriers finish a segment together), within 256 KiB and
     * 1 MiB, and at most the segment size. With 4 MiB segments: 1 MiB on 1 or 2 carriers, 512 KiB on
     * 4, 256 KiB on 8 or more.
     */
    @Override
    public int frameSizeBytes() {
        if (requestedFrameSizeBytes != 0) {
            return requestedFrameSizeBytes;
        }
        int twoPerCarrier = Integer.highestOneBit(Math.max(1, segmentSizeBytes / (2 * carriers)));
        int chosen = Math.clamp(twoPerCarrier, MIN_CHOSEN_FRAME_SIZE, MAX_CHOSEN_FRAME_SIZE);
        return Math.min(chosen, segmentSizeBytes);
    }

    @Override
    public Options withSuite(Suite suite) {
        return new SegmentOptions(
                suite, requestedFrameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withFrameSize(int frameSizeBytes) {
        checkFrameSize(frameSizeBytes); // here, because 0 would mean "choose one"
        return new SegmentOptions(
                suite, frameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withSegmentSize(int segmentSizeBytes) {
        return new SegmentOptions(
                suite, requestedFrameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withProvider(CryptoProvider provider) {
        return new SegmentOptions(
                suite, requestedFrameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withCarriers(int carriers) {
        return new SegmentOptions(
                suite,
                requestedFrameSizeBytes,
                segmentSizeBytes,
                provider,
                carriers,
                FRAMES_IN_FLIGHT_PER_CARRIER * carriers,
                statsListener);
    }

    @Override
    public Options withMaxFramesInFlight(int maxFramesInFlight) {
        return new SegmentOptions(
                suite, requestedFrameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, statsListener);
    }

    @Override
    public Options withStatsListener(Consumer<SegmentStats> listener) {
        return new SegmentOptions(
                suite, requestedFrameSizeBytes, segmentSizeBytes, provider, carriers, maxFramesInFlight, listener);
    }
}
