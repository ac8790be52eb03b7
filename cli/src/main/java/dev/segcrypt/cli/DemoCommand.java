package dev.segcrypt.cli;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.Suite;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/** {@code segcrypt demo}: a round trip of a sample through files, with its throughput and a tampering check. */
final class DemoCommand {

    private static final Option SIZE = Option.withValue("SIZE", "sample size (default 256 MiB)", "--size");

    static final Command COMMAND = new Command(
            "demo",
            List.of("Make a key and a sample file, encrypt, decrypt, verify and print throughput."
                    + " Uses only a temporary directory, removed afterwards."),
            null,
            List.of(SIZE),
            (arguments, out, err) -> {
                Integer size = arguments.size(SIZE);
                return new DemoCommand(size != null ? size : 256 << 20).run(out);
            });

    private final int size;

    private DemoCommand(int size) {
        this.size = size;
    }

    private int run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory(
                Files.isDirectory(Path.of("/dev/shm"))
                        ? Path.of("/dev/shm")
                        : Path.of(System.getProperty("java.io.tmpdir")),
                "segcrypt-demo-");
        Path plain = dir.resolve("sample.bin");
        Path sealed = dir.resolve("sample.bin.sgc");
        Path opened = dir.resolve("sample.out");
        try {
            writeSample(plain);
            SegcryptKey key = SegcryptKey.generate();
            Options options = Options.defaults();
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
                key.destroy();
                out.printf("segcrypt demo: %s of random data in %s%n", Sizes.format(size), dir);
                out.printf(
                        "  suite %s via %s, %s frames, %s segments, %d crypto threads, %s engine, Java %s%n",
                        options.suite().displayName(),
                        cipher.provider(Suite.AES_256_GCM).getName(),
                        Sizes.format(options.frameSizeBytes()),
                        Sizes.format(options.segmentSizeBytes()),
                        options.carriers(),
                        cipher.engineName(),
                        Runtime.version());
                long t0 = System.nanoTime();
                Segcrypt.encryptFile(cipher, plain, sealed, done -> {});
                long t1 = System.nanoTime();
                Segcrypt.decryptFile(cipher, sealed, opened, done -> {});
                long t2 = System.nanoTime();
                boolean same = Files.mismatch(plain, opened) == -1; // compares in chunks, not in memory
                out.printf(
                        "  encrypt  %s -> %,d bytes  %.2f GB/s%n",
                        plain.getFileName(), Files.size(sealed), size / ((t1 - t0) / 1e9) / 1e9);
                out.printf("  decrypt  and verify      %.2f GB/s%n", size / ((t2 - t1) / 1e9) / 1e9);
                out.printf("  round trip: %s%n", same ? "identical" : "DIFFERENT");
                if (!same) {
                    return Main.EXIT_FAILURE;
                }
                flipOneBit(sealed);
                try {
                    Segcrypt.decryptFile(cipher, sealed, opened, done -> {});
                    out.printf("  tampered copy: ACCEPTED (this is a bug)%n");
                    return Main.EXIT_FAILURE;
                } catch (dev.segcrypt.InvalidCiphertextException e) {
                    out.printf(
                            "  one flipped bit: rejected (%s)%n", e.getClass().getSimpleName());
                }
            }
        } finally {
            for (Path p : new Path[] {plain, sealed, opened}) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    /** Writes {@code size} random bytes to {@code file} a chunk at a time: memory stays small. */
    private void writeSample(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    /** Flips the lowest bit of the byte in the middle of {@code file}, in place. */
    private static void flipOneBit(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long middle = channel.size() / 2;
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, middle);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            channel.write(one, middle);
        }
    }
}
