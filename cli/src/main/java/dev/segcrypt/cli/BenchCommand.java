package dev.segcrypt.cli;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.Suite;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Measures one segment's encryption and decryption with the provider the command line would use,
 * against the same JCA cipher of the same provider over the same frames (a new nonce per frame,
 * byte arrays, ciphertext into one buffer) on one thread, and split statically over as many
 * platform threads as carriers: the ceiling of this machine. Reports the median of the rounds;
 * rounds alternate between the three so that all see the same machine state.
 */
final class BenchCommand {

    private static final int MIN_WARM_UP_ROUNDS = 3;
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    private static final long MAX_WARM_UP_NANOS = 4_000_000_000L; // for the frame count, on slow providers
    private static final int JIT_WARM_UP_FRAME_SIZE = 16 << 10;
    private static final long JIT_WARM_UP_FRAMES = 40_000;

    private static final Option SEGMENT_SIZE = Option.withValue("SIZE", "default 64 MiB", "--segment-size");
    private static final Option FRAME_SIZES =
            Option.withValue("SIZE", "one or more, comma-separated (default 64KiB,256KiB,1MiB)", "--frame-size");
    private static final Option ROUNDS = Option.withValue(
            "N", "measured rounds per frame size, after at least 3 warm-up rounds and 1 s (default 7)", "--rounds");
    private static final Option JSON = Option.flag("print the results as one JSON document", "--json");

    static final Command COMMAND = new Command(
            "bench",
            List.of("Measure one segment's throughput against the same cipher on one thread and on all threads."),
            null,
            Stream.of(List.of(SEGMENT_SIZE, FRAME_SIZES, CipherOptions.SUITE), CipherOptions.RUN, List.of(ROUNDS, JSON))
                    .flatMap(List::stream)
                    .toList(),
            (arguments, out, err) -> new BenchCommand(arguments).run(out));

    private final int segmentSize;
    private final List<Integer> frameSizes;
    private final Suite suite;
    private final Options base;
    private final int rounds;
    private final boolean json;

    private BenchCommand(Arguments arguments) {
        Integer segmentSize = arguments.size(SEGMENT_SIZE);
        this.segmentSize = segmentSize != null ? segmentSize : 64 << 20;
        List<Integer> frameSizes = arguments.sizes(FRAME_SIZES);
        this.frameSizes = frameSizes != null ? frameSizes : List.of(64 << 10, 256 << 10, 1 << 20);
        this.suite = CipherOptions.suite(arguments);
        this.base = CipherOptions.withRun(arguments, Options.defaults().withSuite(suite));
        Integer rounds = arguments.integer(ROUNDS);
        this.rounds = rounds != null ? rounds : 7;
        this.json = arguments.has(JSON);
        if (this.rounds < 1) {
            throw new Main.UsageException("--rounds must be at least 1");
        }
    }

    /** One round: the static split, one thread, segcrypt's encryption and decryption; their nanoseconds. */
    @FunctionalInterface
    private interface Round {
        long[] run(int roundNumber) throws Exception;
    }

    /** The medians of one frame size, in GB/s. */
    private record Row(
            int frameSize,
            double oneThread,
            double allThreads,
            double encrypt,
            double decrypt,
            String engine,
            String provider) {}

    private int run(PrintWriter out) throws Exception {
        byte[] plaintext = new byte[segmentSize];
        new SplittableRandom(1).nextBytes(plaintext);
        SegcryptKey key = SegcryptKey.generate();
        List<Row> rows = new ArrayList<>();
        try {
            // the JIT compiles the ciphers' fast paths (SunJCE's GCM intrinsics) only after some
            // 10,000 calls: without a warm-up on many small frames, the first frame size measured
            // ran at a third of the speed that the same size reached later in the same run
            int warmUpFrameSize = Math.min(JIT_WARM_UP_FRAME_SIZE, segmentSize);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, base.withFrameSize(warmUpFrameSize))) {
                measure(cipher, suite, base.carriers(), warmUpFrameSize, plaintext, JIT_WARM_UP_FRAMES);
            }
            for (int frameSize : frameSizes) {
                try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, base.withFrameSize(frameSize))) {
                    rows.add(measure(cipher, suite, base.carriers(), frameSize, plaintext, 0));
                }
            }
        } finally {
            key.destroy();
        }
        if (json) {
            printJson(out, suite, base.carriers(), rows);
        } else {
            printTable(out, suite, base.carriers(), rows);
        }
        return 0;
    }

    /**
     * Measures one frame size after warming up for 3 rounds, 1 s and {@code warmUpFrames} frames
     * per path (or 4 s, whichever comes first).
     */
    private Row measure(
            SegmentCipher cipher, Suite suite, int threads, int frameSize, byte[] plaintext, long warmUpFrames)
            throws Exception {
        Provider provider = cipher.provider(suite);
        double[] single = new double[rounds];
        double[] split = new double[rounds];
        double[] encrypt = new double[rounds];
        double[] decrypt = new double[rounds];
        // all write into reused buffers; a segment's wire holds every frame and its tag
        byte[] baselineOut = new byte[cipher.wireLength(segmentSize)];
        byte[] wire = new byte[cipher.wireLength(segmentSize)];
        byte[] back = new byte[segmentSize];
        ByteBuffer[][] staging = staging(provider, threads, frameSize);
        Round round = roundNumber -> {
            Arrays.fill(back, (byte) 0); // so that the check below sees this round's plaintext
            long s0 = System.nanoTime();
            staticSplit(threads, provider, suite, plaintext, frameSize, baselineOut, roundNumber, staging);
            long s1 = System.nanoTime();
            oneThread(provider, suite, plaintext, frameSize, baselineOut, roundNumber, 0, 1, staging[0]);
            long t1 = System.nanoTime();
            cipher.encrypt(plaintext, wire);
            long t2 = System.nanoTime();
            cipher.decrypt(wire, back);
            long t3 = System.nanoTime();
            if (!Arrays.equals(back, plaintext)) {
                throw new IllegalStateException("round trip failed");
            }
            return new long[] {s1 - s0, t1 - s1, t2 - t1, t3 - t2};
        };
        long framesPerRound = (segmentSize + frameSize - 1) / frameSize;
        int warmUpRounds = 0;
        long start = System.nanoTime();
        for (long elapsed = 0;
                warmUpRounds < MIN_WARM_UP_ROUNDS
                        || elapsed < WARM_UP_NANOS
                        || (warmUpRounds * framesPerRound < warmUpFrames && elapsed < MAX_WARM_UP_NANOS);
                warmUpRounds++, elapsed = System.nanoTime() - start) {
            round.run(warmUpRounds);
        }
        for (int i = 0; i < rounds; i++) {
            long[] nanos = round.run(warmUpRounds + i);
            split[i] = gigabytesPerSecond(nanos[0]);
            single[i] = gigabytesPerSecond(nanos[1]);
            encrypt[i] = gigabytesPerSecond(nanos[2]);
            decrypt[i] = gigabytesPerSecond(nanos[3]);
        }
        return new Row(
                frameSize,
                median(single),
                median(split),
                median(encrypt),
                median(decrypt),
                cipher.engineName(),
                provider.getName());
    }

    private double gigabytesPerSecond(long nanos) {
        return segmentSize / (nanos / 1e9) / 1e9;
    }

    private void printTable(PrintWriter out, Suite suite, int threads, List<Row> rows) {
        out.printf(
                "segcrypt bench: one %s segment, %s, Java %s, %d cores, %s%n",
                Sizes.format(segmentSize),
                suite.displayName(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                cpuModel());
        out.printf(
                "%10s  %14s  %16s  %16s  %16s  %9s  %s%n",
                "frame",
                "1 thread JCA",
                threads + " threads JCA",
                "segcrypt encrypt",
                "segcrypt decrypt",
                "ceiling",
                "engine/provider");
        for (Row row : rows) {
            out.printf(
                    "%10s  %9.2f GB/s  %11.2f GB/s  %11.2f GB/s  %11.2f GB/s  %8.0f%%  %s/%s%n",
                    Sizes.format(row.frameSize()),
                    row.oneThread(),
                    row.allThreads(),
                    row.encrypt(),
                    row.decrypt(),
                    100 * row.encrypt() / row.allThreads(),
                    row.engine(),
                    row.provider());
        }
        out.printf(
                "(medians of %d rounds; \"N threads JCA\" is the same provider's cipher on N platform threads with a"
                        + " static split of the frames and no hand-offs, the ceiling of this machine; \"ceiling\" = segcrypt"
                        + " encrypt / N threads JCA; all encrypt and decrypt into reused buffers)%n",
                rounds);
    }

    private void printJson(PrintWriter out, Suite suite, int threads, List<Row> rows) {
        StringBuilder json = new StringBuilder();
        json.append(String.format(
                "{\"segmentSize\": %d, \"suite\": \"%s\", \"java\": \"%s\", \"cores\": %d, \"threads\": %d,"
                        + " \"cpu\": \"%s\", \"rounds\": %d, \"unit\": \"GB/s\", \"results\": [",
                segmentSize,
                suite.displayName(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                threads,
                cpuModel().replace("\\", "\\\\").replace("\"", "\\\""),
                rounds));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            json.append(i == 0 ? "\n  " : ",\n  ")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"frameSize\": %d, \"oneThreadJca\": %.3f, \"allThreadsJca\": %.3f, \"encrypt\": %.3f,"
                                    + " \"decrypt\": %.3f, \"engine\": \"%s\", \"provider\": \"%s\"}",
                            row.frameSize(),
                            row.oneThread(),
                            row.allThreads(),
                            row.encrypt(),
                            row.decrypt(),
                            row.engine(),
                            row.provider()));
        }
        out.println(json.append("\n]}"));
    }

    /**
     * Conscrypt copies a whole Java array through JNI on every call, so it is only fast on direct
     * buffers: the baseline stages each frame through them, as segcrypt's carriers do
     * (docs/design.md). {@return an input and an output buffer per thread, or nulls for other
     * providers} They are made once per frame size, like the carriers' (made per round, their fresh
     * pages slowed the baseline down at 1 MiB frames and more).
     */
    private static ByteBuffer[][] staging(Provider provider, int threads, int frameSize) {
        ByteBuffer[][] staging = new ByteBuffer[threads][];
        if (provider.getName().equals("Conscrypt")) {
            for (int t = 0; t < threads; t++) {
                staging[t] = new ByteBuffer[] {
                    ByteBuffer.allocateDirect(frameSize), ByteBuffer.allocateDirect(frameSize + 64)
                };
            }
        }
        return staging;
    }

    /** The ceiling: {@code threads} platform threads, each taking every threads-th frame, no hand-offs. */
    private static void staticSplit(
            int threads,
            Provider provider,
            Suite suite,
            byte[] plaintext,
            int frameSize,
            byte[] out,
            int round,
            ByteBuffer[][] staging)
            throws Exception {
        Thread[] workers = new Thread[threads];
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers[t] = Thread.ofPlatform().start(() -> {
                try {
                    oneThread(provider, suite, plaintext, frameSize, out, round + 1000, first, threads, staging[first]);
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * The baseline: the same AEAD of {@code provider} on this thread, frame by frame from frame
     * {@code first} in steps of {@code step}, each frame's ciphertext and tag into its place in one
     * output buffer; through {@code staging} (input, output) when it is not null.
     */
    private static void oneThread(
            Provider provider,
            Suite suite,
            byte[] plaintext,
            int frameSize,
            byte[] out,
            int round,
            int first,
            int step,
            ByteBuffer[] staging)
            throws Exception {
        boolean aes = suite == Suite.AES_256_GCM;
        Cipher cipher = aes ? Cipher.getInstance("AES/GCM/NoPadding", provider) : chacha20Poly1305(provider);
        byte[] raw = new byte[32];
        raw[0] = (byte) round; // this key differs from the one the carriers use; the value is irrelevant
        SecretKeySpec key = new SecretKeySpec(raw, aes ? "AES" : "ChaCha20");
        byte[] nonce = new byte[12];
        int frames = (plaintext.length + frameSize - 1) / frameSize;
        for (int index = first; index < frames; index += step) {
            int offset = index * frameSize;
            int length = Math.min(frameSize, plaintext.length - offset);
            nonce[8] = (byte) (index >>> 24);
            nonce[9] = (byte) (index >>> 16);
            nonce[10] = (byte) (index >>> 8);
            nonce[11] = (byte) index;
            cipher.init(Cipher.ENCRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
            int tagBytes = cipher.getOutputSize(0); // what the AEAD adds to every frame
            int outOffset = offset + tagBytes * index;
            if (staging != null) {
                ByteBuffer stagedIn =
                        staging[0].clear().put(plaintext, offset, length).flip();
                ByteBuffer stagedOut = staging[1].clear();
                cipher.doFinal(stagedIn, stagedOut);
                stagedOut.flip().get(out, outOffset, stagedOut.remaining());
            } else {
                cipher.doFinal(plaintext, offset, length, out, outOffset);
            }
        }
    }

    /** Providers name ChaCha20-Poly1305 differently: the JDK and Bouncy Castle one way, Conscrypt another. */
    private static Cipher chacha20Poly1305(Provider provider) throws GeneralSecurityException {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305", provider);
        } catch (GeneralSecurityException e) {
            return Cipher.getInstance("ChaCha20/Poly1305/NoPadding", provider);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
