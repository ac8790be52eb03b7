package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.Suite;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.SpecStreamEncoder;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.StreamSegment;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library's stream format against the frozen known answers of {@code
 * src/test/resources/vectors/stream-kat.json} (produced once by {@link SpecStreamEncoder}, never by
 * the code under test), through every crypto provider of {@link ProvidersUnderTest} and with the
 * engine of this Surefire run; and the library's writer against the naive decoder of {@link SpecStreamEncoder}.
 */
class StreamKnownAnswerTest {

    private static final List<StreamVector> VECTORS = VectorFiles.streamKnownAnswers();
    private static final HexFormat HEX = HexFormat.of();
    private static final int F = 64;
    private static final int S = 128;
    private static final PassphraseParams TINY_ARGON2 = new PassphraseParams(64, 1, 1);

    static Stream<StreamVector> vectors() {
        return VECTORS.stream();
    }

    static Stream<Arguments> vectorsAndProviders() {
        return VECTORS.stream().flatMap(v -> ProvidersUnderTest.all().map(p -> Arguments.of(v, p)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void decryptingStream_vectorStream_returnsExactlyThePlaintext(StreamVector vector, CryptoProvider provider)
            throws Exception {
        // given: sizes and suite come from the stream header, not from the options
        ProvidersUnderTest.require(provider);
        try (SegmentCipher cipher =
                Segcrypt.newSegmentCipher(keyOf(vector), Options.defaults().withProvider(provider))) {
            // when
            byte[] plaintext;
            try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(vector.stream()))) {
                plaintext = in.readAllBytes();
            }

            // then
            assertThat(plaintext).isEqualTo(vector.plaintext());
        }
    }

    static Stream<StreamVector> passphraseVectors() {
        return VECTORS.stream().filter(StreamVector::isPassphrase);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passphraseVectors")
    void passphraseKey_fromVectorHeader_isTheVectorMasterKey(StreamVector vector) throws Exception {
        // given: the salt and Argon2id cost are read from the vector's header

        // when
        SegcryptKey key = SegcryptKey.fromPassphrase(
                vector.passphrase().orElseThrow().toCharArray(),
                Segcrypt.readStreamInfo(new ByteArrayInputStream(vector.header())));

        // then
        assertThat(key.copyBytes()).isEqualTo(vector.masterKey());
        assertThat(key.passphraseSalt()).isEqualTo(vector.kdfSalt());
        assertThat(key.passphraseParams()).contains(passphraseParams(vector).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void inspect_vectorStream_reportsHeaderFieldsAndSegmentSizes(StreamVector vector) throws IOException {
        // given
        List<SegmentInfo> segments = new ArrayList<>();

        // when
        StreamInfo info = Segcrypt.inspect(new ByteArrayInputStream(vector.stream()), segments::add);

        // then
        assertThat(info)
                .isEqualTo(new StreamInfo(
                        2,
                        vector.suite(),
                        vector.frameSize(),
                        vector.segmentSize(),
                        HEX.formatHex(vector.streamId()),
                        passphraseParams(vector),
                        passphraseParams(vector).map(p -> HEX.formatHex(vector.kdfSalt()))));
        assertThat(segments).hasSameSizeAs(vector.segments());
        for (int k = 0; k < segments.size(); k++) {
            StreamSegment expected = vector.segments().get(k);
            int dataFrames = (expected.plaintextLength() + vector.frameSize() - 1) / vector.frameSize();
            assertThat(segments.get(k))
                    .as("segment %d", k)
                    .isEqualTo(new SegmentInfo(
                            expected.index(),
                            expected.offset(),
                            expected.plaintextLength(),
                            expected.wire().length,
                            dataFrames,
                            expected.isFinal()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptSegment_eachSegmentOfTheVectorFile_returnsItsPlaintext(StreamVector vector, @TempDir Path dir)
            throws Exception {
        // given
        Path file = Files.write(dir.resolve("vector.segcrypt"), vector.stream());
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(keyOf(vector), Options.defaults())) {
            for (int k = 0; k < vector.segments().size(); k++) {
                // when
                byte[] plaintext = Segcrypt.decryptSegment(cipher, file, k);

                // then
                assertThat(plaintext).as("segment %d", k).isEqualTo(vector.segmentPlaintext(k));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptRange_rangesWithinAndAcrossSegments_returnThePlaintextSlices(StreamVector vector, @TempDir Path dir)
            throws Exception {
        // given: the whole, an empty range, the last byte, and ranges across every segment boundary
        Path file = Files.write(dir.resolve("vector.segcrypt"), vector.stream());
        int length = vector.plaintext().length;
        List<int[]> ranges = new ArrayList<>(List.of(new int[] {0, length}, new int[] {0, 0}));
        if (length > 0) {
            ranges.add(new int[] {length - 1, 1});
        }
        for (int boundary = vector.segmentSize(); boundary < length; boundary += vector.segmentSize()) {
            ranges.add(new int[] {boundary - 1, 2});
            ranges.add(new int[] {boundary - 3, Math.min(length - boundary + 3, vector.segmentSize() + 6)});
        }
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(keyOf(vector), Options.defaults())) {
            for (int[] range : ranges) {
                // when
                byte[] slice = Segcrypt.decryptRange(cipher, file, range[0], range[1]);

                // then
                assertThat(slice)
                        .as("offset %d, length %d", range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(vector.plaintext(), range[0], range[0] + range[1]));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorFile_partsAndReference_agreeWithTheStream(StreamVector vector) throws Exception {
        // given: header || each segment's wire, as listed in the file
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        concatenated.writeBytes(vector.header());
        long fullSegmentWire = vector.segments().getFirst().wire().length;
        for (StreamSegment segment : vector.segments()) {
            // then: random access, segment k starts at 96 + k * W
            assertThat(segment.offset())
                    .isEqualTo(concatenated.size())
                    .isEqualTo(96 + segment.index() * fullSegmentWire);
            concatenated.writeBytes(segment.wire());
        }

        // when
        SpecStreamEncoder.Encoding reencoded = reencode(vector);
        SpecStreamEncoder.Decoded decoded = vector.isPassphrase()
                ? SpecStreamEncoder.decodeWithPassphrase(vector.passphrase().orElseThrow(), vector.stream())
                : SpecStreamEncoder.decodeWithKey(vector.masterKey(), vector.stream());

        // then
        assertThat(concatenated.toByteArray()).isEqualTo(vector.stream());
        assertThat(vector.header()).isEqualTo(concat(vector.headerPrefix(), vector.headerTag()));
        assertThat(reencoded.stream()).isEqualTo(vector.stream());
        assertThat(reencoded.headerMacKey()).isEqualTo(vector.headerMacKey());
        assertThat(decoded.plaintext()).isEqualTo(vector.plaintext());
        assertThat(decoded.masterKey()).isEqualTo(vector.masterKey());
        assertThat(vector.result()).isEqualTo("valid");
    }

    @Test
    void vectorFile_coversWorkedExampleEmptyStreamAndPassphrase() {
        // given / when
        List<String> flags = VECTORS.stream().flatMap(v -> v.flags().stream()).toList();

        // then
        assertThat(flags).contains("WorkedExample", "KeyFile", "EmptyStream", "Passphrase", "ChaCha20Poly1305");
        assertThat(VECTORS).extracting(StreamVector::tcId).doesNotHaveDuplicates();
        assertThat(VectorFiles.streamKnownAnswer("WorkedExample").segments())
                .extracting(StreamSegment::plaintextLength)
                .containsExactly(128, 128, 44);
    }

    static Stream<Arguments> suitesAndLengths() {
        return Stream.of(Suite.values())
                .flatMap(suite ->
                        Stream.of(0, 1, S - 1, S, S + 1, 2 * S, 2 * S + 44).map(length -> Arguments.of(suite, length)));
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("suitesAndLengths")
    void encryptingStream_libraryOutput_decodesWithTheNaiveDecoder(Suite suite, int length) throws Exception {
        // given: written in odd steps so that segments fill across write calls
        byte[] masterKey = bytes(new SplittableRandom(length), 32);
        byte[] plaintext = bytes(new SplittableRandom(length + 1), length);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                SegcryptKey.fromBytes(masterKey),
                Options.defaults().withSuite(suite).withFrameSize(F).withSegmentSize(S))) {
            try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
                for (int at = 0; at < length; at += 7) {
                    out.write(plaintext, at, Math.min(7, length - at));
                }
            }
        }

        // when
        SpecStreamEncoder.Decoded decoded = SpecStreamEncoder.decodeWithKey(masterKey, sink.toByteArray());

        // then
        assertThat(decoded.plaintext()).isEqualTo(plaintext);
        assertThat(decoded.suite()).isEqualTo(suite);
        assertThat(decoded.keySource()).isEqualTo(SpecStreamEncoder.KEY_SOURCE_KEY);
        assertThat(decoded.frameSize()).isEqualTo(F);
        assertThat(decoded.segmentSize()).isEqualTo(S);
        assertThat(decoded.segmentPlaintexts()).hasSize(SpecStreamEncoder.segmentCount(length, S));
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("fileLengths")
    void encryptFile_libraryOutput_decodesWithTheNaiveDecoder(int length, @TempDir Path dir) throws Exception {
        // given: the file path seals whole segments straight from the mapping, not through write()
        byte[] masterKey = bytes(new SplittableRandom(length + 2), 32);
        byte[] plaintext = bytes(new SplittableRandom(length + 3), length);
        Path source = Files.write(dir.resolve("plain"), plaintext);
        Path target = dir.resolve("plain.segcrypt");
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                SegcryptKey.fromBytes(masterKey),
                Options.defaults().withFrameSize(F).withSegmentSize(S))) {
            Segcrypt.encryptFile(cipher, source, target, done -> {});
        }

        // when
        SpecStreamEncoder.Decoded decoded = SpecStreamEncoder.decodeWithKey(masterKey, Files.readAllBytes(target));

        // then
        assertThat(decoded.plaintext()).isEqualTo(plaintext);
    }

    static Stream<Integer> fileLengths() {
        return Stream.of(0, S, 2 * S + 44);
    }

    @Test
    void encryptingStream_passphraseKey_decodesWithTheNaiveDecoderAndPassphrase() throws Exception {
        // given
        String passphrase = "correct horse battery staple";
        byte[] plaintext = bytes(new SplittableRandom(7), 100);
        SegcryptKey key = SegcryptKey.fromPassphrase(passphrase.toCharArray(), TINY_ARGON2);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                key,
                Options.defaults()
                        .withSuite(Suite.CHACHA20_POLY1305)
                        .withFrameSize(F)
                        .withSegmentSize(F))) {
            try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
                out.write(plaintext);
            }
        }

        // when
        SpecStreamEncoder.Decoded decoded = SpecStreamEncoder.decodeWithPassphrase(passphrase, sink.toByteArray());

        // then
        assertThat(decoded.plaintext()).isEqualTo(plaintext);
        assertThat(decoded.keySource()).isEqualTo(SpecStreamEncoder.KEY_SOURCE_PASSPHRASE);
        assertThat(decoded.kdf().salt()).isEqualTo(key.passphraseSalt());
        assertThat(decoded.kdf().memoryKiB()).isEqualTo(64);
        assertThat(decoded.kdf().iterations()).isEqualTo(1);
        assertThat(decoded.kdf().parallelism()).isEqualTo(1);
        assertThat(decoded.segmentPlaintexts()).hasSize(2);
    }

    static SegcryptKey keyOf(StreamVector vector) throws Exception {
        return vector.isPassphrase()
                ? SegcryptKey.fromPassphrase(
                        vector.passphrase().orElseThrow().toCharArray(),
                        Segcrypt.readStreamInfo(new ByteArrayInputStream(vector.header())))
                : SegcryptKey.fromBytes(vector.masterKey());
    }

    static Optional<PassphraseParams> passphraseParams(StreamVector vector) {
        return vector.isPassphrase()
                ? Optional.of(
                        new PassphraseParams(vector.kdfMemoryKiB(), vector.kdfIterations(), vector.kdfParallelism()))
                : Optional.empty();
    }

    static SpecStreamEncoder.Encoding reencode(StreamVector vector) {
        List<byte[]> salts = vector.segments().stream().map(StreamSegment::salt).toList();
        return vector.isPassphrase()
                ? SpecStreamEncoder.encodeWithPassphrase(
                        vector.passphrase().orElseThrow(),
                        new SpecStreamEncoder.Kdf(
                                vector.kdfSalt(),
                                vector.kdfMemoryKiB(),
                                vector.kdfIterations(),
                                vector.kdfParallelism()),
                        vector.suite(),
                        vector.frameSize(),
                        vector.segmentSize(),
                        vector.streamId(),
                        salts,
                        vector.plaintext())
                : SpecStreamEncoder.encodeWithKey(
                        vector.masterKey(),
                        vector.suite(),
                        vector.frameSize(),
                        vector.segmentSize(),
                        vector.streamId(),
                        salts,
                        vector.plaintext());
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
