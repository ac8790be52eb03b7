package dev.segcrypt.fuzz;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.Suite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The valid inputs the fuzz targets start from: small streams and lone segments (frames of 64
 * bytes, so every structure appears within a few hundred bytes) under a fixed test key.
 *
 * <p>Run {@code main} with the module's test class path to rewrite the seed files after a wire
 * format change (docs/security.md says how); the fuzz targets themselves make fresh copies at start.
 */
final class SeedCorpus {

    /** The fuzz key: a test value, never used for data. */
    static final byte[] KEY = new byte[SegcryptKey.SIZE_IN_BYTES];

    static {
        Arrays.fill(KEY, (byte) 0x5a);
    }

    private static final int FRAME = 64;
    private static final int SEGMENT = 192;
    private static final int[] SIZES = {0, 1, FRAME, SEGMENT, SEGMENT + 1, 2 * SEGMENT + 100};

    private SeedCorpus() {}

    /** A valid input and the plaintext it holds. */
    record Sample(String name, byte[] wire, byte[] plaintext) {}

    /** {@return the plaintext of every sample: {@code length} bytes of a fixed pattern} */
    static byte[] plaintext(int length) {
        byte[] plaintext = new byte[length];
        for (int i = 0; i < length; i++) {
            plaintext[i] = (byte) (i % 251);
        }
        return plaintext;
    }

    /** {@return one stream per suite and size} */
    static List<Sample> streams() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (Suite suite : Suite.values()) {
            try (SegmentCipher cipher = newCipher(suite)) {
                for (int size : SIZES) {
                    ByteArrayOutputStream wire = new ByteArrayOutputStream();
                    try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
                        out.write(plaintext(size));
                    }
                    samples.add(new Sample(
                            "stream-" + suite.name().toLowerCase() + "-" + size, wire.toByteArray(), plaintext(size)));
                }
            }
        }
        return samples;
    }

    /** {@return one lone segment per suite and size, up to one segment's length} */
    static List<Sample> segments() throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        for (Suite suite : Suite.values()) {
            try (SegmentCipher cipher = newCipher(suite)) {
                for (int size : SIZES) {
                    if (size <= SEGMENT) {
                        byte[] plaintext = plaintext(size);
                        samples.add(new Sample(
                                "segment-" + suite.name().toLowerCase() + "-" + size,
                                cipher.encrypt(plaintext),
                                plaintext));
                    }
                }
            }
        }
        return samples;
    }

    private static SegmentCipher newCipher(Suite suite) {
        SegcryptKey key = SegcryptKey.fromBytes(KEY);
        try {
            return Segcrypt.newSegmentCipher(
                    key,
                    Options.defaults()
                            .withSuite(suite)
                            .withFrameSize(FRAME)
                            .withSegmentSize(SEGMENT)
                            .withCarriers(2));
        } finally {
            key.destroy(); // the cipher keeps its own copy
        }
    }

    /** Writes the seeds of the byte-array targets under {@code args[0]} (the fuzz module's test resources). */
    public static void main(String[] args) throws Exception {
        Path inputs = Path.of(args[0], "dev", "segcrypt", "fuzz");
        List<Sample> streams = streams();
        write(inputs.resolve("StreamDecoderFuzzTestInputs/streamDecoder_arbitraryBytes_onlyTypedRejections"), streams);
        write(inputs.resolve("RandomAccessFuzzTestInputs/randomAccess_arbitraryStream_onlyTypedRejections"), streams);
        write(
                inputs.resolve("SegmentDecoderFuzzTestInputs/segmentDecoder_arbitraryBytes_onlyTypedRejections"),
                segments());
        List<Sample> headers = new ArrayList<>();
        for (Sample stream : streams) {
            headers.add(new Sample(stream.name() + "-header", Arrays.copyOf(stream.wire(), 96), new byte[0]));
        }
        for (Sample segment : segments()) {
            headers.add(new Sample(segment.name() + "-header", Arrays.copyOf(segment.wire(), 108), new byte[0]));
        }
        write(inputs.resolve("HeaderFuzzTestInputs/headers_parsedHeaders_reencodeToTheSameBytes"), headers);
    }

    private static void write(Path dir, List<Sample> samples) {
        try {
            Files.createDirectories(dir);
            for (Sample sample : samples) {
                Files.write(dir.resolve(sample.name()), sample.wire());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
