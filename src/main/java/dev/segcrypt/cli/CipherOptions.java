package dev.segcrypt.cli;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Suite;
import picocli.CommandLine.Option;

/** Options that shape the cipher: suite, sizes, provider, threads. */
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

    @Option(names = "--provider", paramLabel = "PROVIDER", description = "auto (default), jdk, conscrypt or bc")
    String provider = CryptoProvider.AUTO.displayName();

    @Option(names = "--threads", paramLabel = "N", description = "crypto threads (default: one per core)")
    Integer threads;

    /** {@return the options these flags describe} */
    Options toOptions() {
        Options options = Options.defaults()
                .withSuite(Suite.fromDisplayName(suite))
                .withFrameSize(frameSize)
                .withSegmentSize(segmentSize)
                .withProvider(CryptoProvider.fromDisplayName(provider));
        return threads == null ? options : options.withCarriers(threads);
    }
}
