package dev.segcrypt.cli;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.Suite;
import java.util.List;

/** The stream's format, chosen when encrypting (suite, frame size, segment size), and how to run the cipher. */
final class CipherOptions {

    static final Option SUITE = Option.withValue("SUITE", "aes-256-gcm (default) or chacha20-poly1305", "--suite");
    static final Option FRAME_SIZE = Option.withValue(
            "SIZE",
            "plaintext bytes per frame, e.g. 256KiB, at most the segment size"
                    + " (default: two frames of a segment per thread, from 256 KiB to 1 MiB)",
            "--frame-size");
    static final Option SEGMENT_SIZE = Option.withValue(
            "SIZE",
            "plaintext bytes per segment, e.g. 4MiB (default " + Sizes.format(Options.DEFAULT_SEGMENT_SIZE_IN_BYTES)
                    + ")",
            "--segment-size");
    static final Option PROVIDER = Option.withValue(
            "PROVIDER",
            "auto (default: Conscrypt for both suites where it loads, else the JDK), jdk, conscrypt or bc",
            "--provider");
    static final Option THREADS =
            Option.withValue("N", "crypto threads, 1 to 1024 (default: one per core)", "--threads");

    /** The options of {@link #forEncryption}. */
    static final List<Option> FORMAT_AND_RUN = List.of(SUITE, FRAME_SIZE, SEGMENT_SIZE, PROVIDER, THREADS);
    /** The options of {@link #withRun}. */
    static final List<Option> RUN = List.of(PROVIDER, THREADS);

    static final int MAX_THREADS = 1024; // the library's bound on carriers

    private CipherOptions() {}

    /** {@return the options that {@link #FORMAT_AND_RUN} describe} */
    static Options forEncryption(Arguments arguments) {
        Integer frameSize = arguments.size(FRAME_SIZE);
        Integer given = arguments.size(SEGMENT_SIZE);
        int segmentSize = given != null ? given : Options.DEFAULT_SEGMENT_SIZE_IN_BYTES;
        // a frame larger than its segment would silently shrink to the segment: refuse it when asked for
        if (frameSize != null && frameSize > segmentSize) {
            throw new Main.UsageException("the frame size (" + Sizes.format(frameSize)
                    + ") is larger than the segment size (" + Sizes.format(segmentSize) + ")");
        }
        Options format = Options.defaults().withSuite(suite(arguments)).withSegmentSize(segmentSize);
        return withRun(arguments, frameSize != null ? format.withFrameSize(frameSize) : format);
    }

    /** {@return the suite named by {@link #SUITE}, AES-256-GCM by default} */
    static Suite suite(Arguments arguments) {
        String suite = arguments.value(SUITE);
        return suite == null ? Suite.AES_256_GCM : Suite.fromDisplayName(suite);
    }

    /** {@return {@code options} with the provider and number of threads of {@link #RUN}} */
    static Options withRun(Arguments arguments, Options options) {
        Integer threads = arguments.integer(THREADS);
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new Main.UsageException("--threads must be from 1 to " + MAX_THREADS + ", not " + threads);
        }
        String named = arguments.value(PROVIDER);
        CryptoProvider provider = named == null ? CryptoProvider.AUTO : CryptoProvider.fromDisplayName(named);
        if (provider == CryptoProvider.AUTO && Segcrypt.isAvailable(CryptoProvider.CONSCRYPT)) {
            // the launcher runs the JVM without its optimizing compiler (../segcrypt says why), and
            // then Conscrypt's native ChaCha20-Poly1305 is faster than the JDK's too; the library's
            // AUTO, made for long-running JVMs, takes the JDK's for that suite
            provider = CryptoProvider.CONSCRYPT;
        }
        Options withProvider = options.withProvider(provider);
        return threads == null ? withProvider : withProvider.withCarriers(threads);
    }
}
