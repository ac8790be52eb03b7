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
            description = "plaintext bytes per frame, e.g. 256KiB (default ${DEFAULT-VALUE})")
    int frameSize = Options.DEFAULT_FRAME_SIZE_IN_BYTES;

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
        return run.applyTo(Options.defaults()
                .withSuite(Suite.fromDisplayName(suite))
                .withFrameSize(frameSize)
                .withSegmentSize(segmentSize));
    }

    /** How to run the cipher, for encryption and decryption alike: provider and threads. */
    static final class RunOptions {

        @Option(names = "--provider", paramLabel = "PROVIDER", description = "auto (default), jdk, conscrypt or bc")
        String provider = CryptoProvider.AUTO.displayName();

        @Option(names = "--threads", paramLabel = "N", description = "crypto threads (default: one per core)")
        Integer threads;

        /** {@return {@code options} with this provider and number of threads} */
        Options applyTo(Options options) {
            Options withProvider = options.withProvider(CryptoProvider.fromDisplayName(provider));
            return threads == null ? withProvider : withProvider.withCarriers(threads);
        }
    }
}
