package dev.segcrypt.cli;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.Suite;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures one segment's encryption and decryption against one thread running the same JCA
 * cipher over the same frames (a new nonce per frame, byte arrays, ciphertext into one buffer),
 * and against the same work split statically over as many platform threads as carriers.
 * Reports the median of the rounds; rounds alternate between the two so that both see the same
 * machine state.
 */
@Command(name = "bench", description = "Measure segment throughput against one thread of the same cipher.")
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--segment-size",
            paramLabel = "SIZE",
            converter = Sizes.class,
            description = "default ${DEFAULT-VALUE}")
    int segmentSize = 64 << 20;

    @Option(
            names = "--frame-size",
            paramLabel = "SIZE",
            converter = Sizes.class,
            split = ",",
            description = "one or more, comma-separated (default 64KiB,256KiB,1MiB)")
    List<Integer> frameSizes = List.of(64 << 10, 256 << 10, 1 << 20);

    @Option(names = "--suite", paramLabel = "SUITE", description = "aes-256-gcm (default) or chacha20-poly1305")
    String suite = Suite.AES_256_GCM.displayName();

    @Option(names = "--threads", paramLabel = "N", description = "crypto threads (default: one per core)")
    Integer threads;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "measured rounds after 3 warm-up rounds (default ${DEFAULT-VALUE})")
    int rounds = 7;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rounds < 1) {
            throw new Main.UsageException("--rounds must be at least 1");
        }
        Suite chosen = Suite.fromDisplayName(suite);
        byte[] plaintext = new byte[segmentSize];
        new SplittableRandom(1).nextBytes(plaintext);
        SegcryptKey key = SegcryptKey.generate();
        out.printf(
                "segcrypt bench: one %s segment, %s, Java %s, %d cores, %s%n",
                Sizes.format(segmentSize),
                chosen.displayName(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                cpuModel());
        int parallelism = threads != null ? threads : Options.defaults().carriers();
        out.printf(
                "%10s  %14s  %16s  %16s  %16s  %7s  %s%n",
                "frame",
                "1 thread JCA",
                parallelism + " threads JCA",
                "segcrypt encrypt",
                "segcrypt decrypt",
                "ratio",
                "engine/provider");
        for (int frameSize : frameSizes) {
            Options options = Options.defaults()
                    .withSuite(chosen)
                    .withFrameSize(frameSize)
                    .withProvider(CryptoProvider.JDK);
            if (threads != null) {
                options = options.withCarriers(threads);
            }
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
                double[] single = new double[rounds];
                double[] split = new double[rounds];
                double[] encrypt = new double[rounds];
                double[] decrypt = new double[rounds];
                // both sides write into a reused buffer; a segment's wire holds every frame and its tag
                byte[] baselineOut = new byte[cipher.wireLength(segmentSize)];
                byte[] wire = new byte[cipher.wireLength(segmentSize)];
                for (int round = -3; round < rounds; round++) {
                    long s0 = System.nanoTime();
                    staticSplit(parallelism, chosen, plaintext, frameSize, baselineOut, round);
                    long s1 = System.nanoTime();
                    long t0 = System.nanoTime();
                    oneThread(chosen, plaintext, frameSize, baselineOut, round, 0, 1);
                    long t1 = System.nanoTime();
                    cipher.encrypt(plaintext, wire);
                    long t2 = System.nanoTime();
                    byte[] back = cipher.decrypt(wire);
                    long t3 = System.nanoTime();
                    if (!Arrays.equals(back, plaintext)) {
                        throw new IllegalStateException("round trip failed");
                    }
                    if (round >= 0) {
                        single[round] = segmentSize / ((t1 - t0) / 1e9) / 1e9;
                        split[round] = segmentSize / ((s1 - s0) / 1e9) / 1e9;
                        encrypt[round] = segmentSize / ((t2 - t1) / 1e9) / 1e9;
                        decrypt[round] = segmentSize / ((t3 - t2) / 1e9) / 1e9;
                    }
                }
                out.printf(
                        "%10s  %9.2f GB/s  %11.2f GB/s  %11.2f GB/s  %11.2f GB/s  %6.2fx  %s/%s%n",
                        Sizes.format(frameSize),
                        median(single),
                        median(split),
                        median(encrypt),
                        median(decrypt),
                        median(encrypt) / median(single),
                        cipher.engineName(),
                        cipher.providerName(chosen));
            }
        }
        key.destroy();
        out.printf(
                "(medians of %d rounds; ratio = segcrypt encrypt / one thread; \"N threads JCA\" is the same cipher on N"
                        + " platform threads with a static split of the frames and no hand-offs: the ceiling of this machine;"
                        + " all encrypt into reused buffers; decrypt returns a new plaintext array each time)%n",
                rounds);
        return 0;
    }

    /** The ceiling: {@code threads} platform threads, each taking every threads-th frame, no hand-offs. */
    private static void staticSplit(int threads, Suite suite, byte[] plaintext, int frameSize, byte[] out, int round)
            throws Exception {
        Thread[] workers = new Thread[threads];
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers[t] = Thread.ofPlatform().start(() -> {
                try {
                    oneThread(suite, plaintext, frameSize, out, round + 1000, first, threads);
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
     * The baseline: the same AEAD on this thread, frame by frame from frame {@code first} in steps
     * of {@code step}, each frame's ciphertext and tag into its place in one output buffer.
     */
    private static void oneThread(
            Suite suite, byte[] plaintext, int frameSize, byte[] out, int round, int first, int step) throws Exception {
        boolean aes = suite == Suite.AES_256_GCM;
        Cipher cipher =
                Cipher.getInstance(aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305", Security.getProvider("SunJCE"));
        byte[] raw = new byte[32];
        raw[0] = (byte) round; // this key differs from the one the carriers use; the value is irrelevant
        SecretKeySpec key = new SecretKeySpec(raw, aes ? "AES" : "ChaCha20");
        byte[] nonce = new byte[12];
        int frames = (plaintext.length + frameSize - 1) / frameSize;
        for (int index = first; index < frames; index += step) {
            int offset = index * frameSize;
            nonce[8] = (byte) (index >>> 24);
            nonce[9] = (byte) (index >>> 16);
            nonce[10] = (byte) (index >>> 8);
            nonce[11] = (byte) index;
            cipher.init(Cipher.ENCRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
            int tagBytes = cipher.getOutputSize(0); // what the AEAD adds to every frame
            cipher.doFinal(
                    plaintext, offset, Math.min(frameSize, plaintext.length - offset), out, offset + tagBytes * index);
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
