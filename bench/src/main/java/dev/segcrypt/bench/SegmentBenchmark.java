package dev.segcrypt.bench;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One segment through the public API: encryption into a reused wire buffer and full verification
 * with decryption. Score: segments per second; multiply by {@code segmentSize} for bytes per
 * second. The JVM gets {@code --enable-preview}, so on JDK 25 the structured engine runs (the
 * output names the engine in each trial's setup line).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "--enable-native-access=ALL-UNNAMED"})
public class SegmentBenchmark {

    @Param({"4194304", "67108864"})
    int segmentSize;

    @Param({"65536", "262144", "1048576"})
    int frameSize;

    @Param({"AUTO", "JDK"})
    CryptoProvider provider;

    private SegmentCipher cipher;
    private byte[] plaintext;
    private byte[] wire;
    private byte[] sealed;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        SegcryptKey key = SegcryptKey.generate();
        cipher = Segcrypt.newSegmentCipher(
                key, Options.defaults().withFrameSize(frameSize).withProvider(provider));
        key.destroy();
        plaintext = new byte[segmentSize];
        new SplittableRandom(1).nextBytes(plaintext);
        wire = new byte[cipher.wireLength(segmentSize)];
        sealed = cipher.encrypt(plaintext);
        System.out.println("# engine " + cipher.engineName() + ", provider "
                + cipher.provider(Options.defaults().suite()).getName());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cipher.close();
    }

    @Benchmark
    public int encryptIntoReusedBuffer() throws InterruptedException {
        return cipher.encrypt(plaintext, wire);
    }

    @Benchmark
    public byte[] decrypt() throws InvalidCiphertextException, InterruptedException {
        return cipher.decrypt(sealed);
    }
}
