package dev.segcrypt.cli;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Suite;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The stream's format, chosen when encrypting: suite, frame size, segment size, and how to run. */
final class CipherOptions {

    @Option(names = "--suite", paramLabel = "SUITE", description = "aes-256-gcm (default) or chacha20-poly1305")
    String suite = Suite.AES_256_GCM.displayName();

    @Option(
            names = "--frame-size",
            paramLabel = "SIZE",
            converter = Sizes.class,
            description = "plaintext bytes per frame, e.g. 256KiB, at most the segment size"
                    + " (default 256 KiB, or the segment size if that is smaller)")
    Integer frameSize; // null: the default

    @Option(
            names = "--segment-size",
            paramLabel = "SIZE",
            converter = Sizes.class,
            description = "plaintext bytes per segment, e.g. 4MiB (default ${DEFAULT-VALUE})")
    int segmentSize = Options.DEFAULT_SEGMENT_SIZE_IN_BYTES;

    @Mixin
    RunOptions run;

    /** {@return the options these flags describe} */
    Options toOptions() {
        // a frame larger than its segment would silently shrink to the segment: refuse it when asked for
        if (frameSize != null && frameSize > segmentSize) {
            throw new Main.UsageException("the frame size (" + Sizes.format(frameSize)
                    + ") is larger than the segment size (" + Sizes.format(segmentSize) + ")");
        }
        return run.applyTo(Options.defaults()
                .withSuite(Suite.fromDisplayName(suite))
                .withFrameSize(
                        frameSize != null ? frameSize : Math.min(Options.DEFAULT_FRAME_SIZE_IN_BYTES, segmentSize))
                .withSegmentSize(segmentSize));
    }

    /** How to run the cipher, for encryption and decryption alike: provider and threads. */
    static final class RunOptions {

        @Option(names = "--provider", paramLabel = "PROVIDER", description = "auto (default), jdk, conscrypt or bc")
        String provider = CryptoProvider.AUTO.displayName();

        static final int MAX_THREADS = 1024; // the library's bound on carriers

        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "crypto threads, 1 to 1024 (default: one per core)")
        Integer threads;

        /** {@return {@code options} with this provider and number of threads} */
        Options applyTo(Options options) {
            if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
                throw new Main.UsageException("--threads must be from 1 to " + MAX_THREADS + ", not " + threads);
            }
            Options withProvider = options.withProvider(CryptoProvider.fromDisplayName(provider));
            return threads == null ? withProvider : withProvider.withCarriers(threads);
        }
    }
}
