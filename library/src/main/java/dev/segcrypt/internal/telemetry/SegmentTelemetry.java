package dev.segcrypt.internal.telemetry;

import dev.segcrypt.SegmentStats;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reports every finished segment operation twice, from one measurement: as a {@link SegmentEvent}
 * to JDK Flight Recorder and as {@link SegmentStats} to the user's listener. No secrets.
 *
 * <p>Thread-safe: each operation has its own {@link Measurement}.
 */
public final class SegmentTelemetry {

    private final String engine;
    private final Consumer<SegmentStats> listener;

    public SegmentTelemetry(String engine, Consumer<SegmentStats> listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /** {@return a measurement that starts now} */
    public Measurement start(SegmentStats.Operation operation) {
        return new Measurement(operation);
    }

    /** One segment operation being timed; only the thread that started it uses it. */
    public final class Measurement {
        private final SegmentStats.Operation operation;
        private final long startNanos = System.nanoTime();
        private final SegmentEvent event = new SegmentEvent();
        private SegmentStats stats; // set by finish()

        private Measurement(SegmentStats.Operation operation) {
            this.operation = operation;
            event.begin();
        }

        /** Ends the measurement of a successful operation and commits its event. */
        public void finish(long segmentIndex, long plaintextBytes, long wireBytes, int dataFrames, String provider) {
            event.end();
            if (event.shouldCommit()) {
                event.operation = operation.name();
                event.segmentIndex = segmentIndex;
                event.plaintextBytes = plaintextBytes;
                event.wireBytes = wireBytes;
                event.dataFrames = dataFrames;
                event.engine = engine;
                event.provider = provider;
                event.commit();
            }
            stats = new SegmentStats(
                    operation,
                    segmentIndex,
                    plaintextBytes,
                    wireBytes,
                    dataFrames,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    engine,
                    provider);
        }

        /**
         * Hands the statistics of a finished operation to the listener. Callers do this after they
         * left the cipher's guarded section: a listener may even close the cipher.
         */
        public void report() {
            if (stats != null) {
                listener.accept(stats);
            }
        }
    }
}
