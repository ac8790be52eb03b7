package dev.segcrypt.check;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Encrypts and decrypts a stream in memory and a file with the public API of {@code dev.segcrypt}
 * alone, and reports which engine ran: {@code java --module-path ... -m
 * dev.segcrypt.check/dev.segcrypt.check.RoundTrip DIR}, with {@code --enable-preview} on JDK 25 for
 * the {@code StructuredTaskScope} engine.
 */
public final class RoundTrip {

    private RoundTrip() {}

    /** Round-trips a stream and a file in {@code args[0]}; prints the engine and provider that ran. */
    public static void main(String[] args) throws Exception {
        System.out.println(run(Path.of(args[0])));
    }

    /**
     * Round-trips 1 MiB through an encrypting and a decrypting stream and through two files in
     * {@code directory}.
     *
     * @return the engine and provider that ran, for example {@code "structured SunJCE"}
     * @throws IllegalStateException if a round trip does not give back the plaintext
     */
    public static String run(Path directory) throws IOException, InterruptedException {
        byte[] plaintext = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(plaintext);
        SegcryptKey key = SegcryptKey.generate();
        Options options = Options.defaults().withSegmentSize(256 * 1024).withFrameSize(64 * 1024);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
            key.destroy();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
                out.write(plaintext);
            }
            byte[] back;
            try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire.toByteArray()))) {
                back = in.readAllBytes();
            }
            ensureEqual(plaintext, back, "stream");

            Path source = directory.resolve("plain.bin");
            Path encrypted = directory.resolve("plain.bin.segcrypt");
            Path decrypted = directory.resolve("plain.bin.out");
            Files.write(source, plaintext);
            Segcrypt.encryptFile(cipher, source, encrypted, done -> {});
            Segcrypt.decryptFile(cipher, encrypted, decrypted, done -> {});
            ensureEqual(plaintext, Files.readAllBytes(decrypted), "file");
            return cipher.engineName() + " " + cipher.provider(options.suite()).getName();
        }
    }

    private static void ensureEqual(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException("the " + what + " round trip did not give back the plaintext");
        }
    }
}
