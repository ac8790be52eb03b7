package dev.segcrypt.spark;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** An embedded Spark on loopback, inside the build directory, and segcrypt files made by the library. */
final class SparkTestSupport {

    private SparkTestSupport() {}

    /** {@return a local Spark with two cores, no web UI, bound to loopback, its scratch space under target/} */
    static JavaSparkContext localSpark() {
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("segcrypt-spark-test")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set(
                        "spark.local.dir",
                        Path.of("target", "spark-local").toAbsolutePath().toString());
        return new JavaSparkContext(conf);
    }

    /** Writes {@code key} as a key file (docs/wire-format.md, "Key file") to {@code file}. */
    static Path writeKeyFile(SegcryptKey key, Path file) throws IOException {
        byte[] line = key.toKeyFile();
        try {
            Files.write(file, line);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
        return file;
    }

    /**
     * Encrypts {@code plaintext} into {@code target} with the library call that the command line
     * makes for a file, in segments of {@code segmentSize} bytes.
     */
    static Path encrypt(SegcryptKey key, byte[] plaintext, int segmentSize, Path target) throws IOException {
        Path plain = Files.write(target.resolveSibling(target.getFileName() + ".plain"), plaintext);
        Options options = Options.defaults().withFrameSize(segmentSize / 4).withSegmentSize(segmentSize);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
            Segcrypt.encryptFile(cipher, plain, target, done -> {});
        }
        Files.delete(plain);
        return target;
    }

    /** {@return the plaintext of the stream file {@code file}, decrypted by the library call that the command line makes} */
    static byte[] decrypt(SegcryptKey key, Path file) throws IOException {
        Path plain = file.resolveSibling(file.getFileName() + ".decrypted");
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, Options.defaults());
                InputStream in = Files.newInputStream(file)) {
            Segcrypt.decryptToFile(cipher, in, plain, done -> {});
        }
        byte[] bytes = Files.readAllBytes(plain);
        Files.delete(plain);
        return bytes;
    }
}
