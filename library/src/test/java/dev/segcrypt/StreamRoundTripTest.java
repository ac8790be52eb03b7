package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips through every stream form (streams, channels, files, random access) for the boundary
 * sizes of style.md rule 11, crossed with write and read step sizes; and the structure that {@link
 * Segcrypt#inspect} reports. Frame and segment sizes are tiny so that every boundary is a few
 * hundred bytes away.
 */
class StreamRoundTripTest {

    /** Frame size: small, and the segment size below is not a multiple of it, so full segments end with a short frame. */
    private static final int F = 64;
    /** Segment size. */
    private static final int S = 200;

    private static final int[] SIZES = {0, 1, F - 1, F, F + 1, S - 1, S, S + 1, 2 * S, 3 * S + 7};
    /** A step meaning "all at once" (one write of the whole array, readAllBytes). */
    private static final int WHOLE = Integer.MAX_VALUE;

    private static final int[] WRITE_STEPS = {1, 7, S - 1, S, S + 1, WHOLE};
    private static final int[] READ_STEPS = {1, 7, S + 1, WHOLE};

    /** Wire sizes from docs/wire-format.md, written out here rather than taken from the code under test. */
    private static final int STREAM_HEADER_BYTES = 96;

    private static final int SEGMENT_HEADER_BYTES = 108;
    private static final int TAG_BYTES = 16;
    private static final int DIGEST_FRAME_BYTES = 32 + TAG_BYTES;
    private static final int TERMINATOR_FRAME_BYTES = 16 + TAG_BYTES;

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final Map<Suite, SegmentCipher> CIPHERS = new EnumMap<>(Suite.class);

    @BeforeAll
    static void openCiphers() {
        for (Suite suite : Suite.values()) {
            CIPHERS.put(suite, Segcrypt.newSegmentCipher(KEY, options(suite)));
        }
    }

    @AfterAll
    static void closeCiphers() {
        CIPHERS.values().forEach(SegmentCipher::close);
        KEY.destroy();
    }

    private static Options options(Suite suite) {
        return Options.defaults().withSuite(suite).withFrameSize(F).withSegmentSize(S);
    }

    static Stream<Arguments> suitesAndSizes() {
        return Arrays.stream(Suite.values())
                .flatMap(suite -> IntStream.of(SIZES).mapToObj(size -> Arguments.of(suite, size)));
    }

    // ---------------------------------------------------------------- streams

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("suitesAndSizes")
    void stream_everyWriteAndReadStep_roundTripsWithCanonicalLength(Suite suite, int size) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        byte[] plaintext = plaintext(size);
        List<String> failures = new ArrayList<>();

        for (int writeStep : WRITE_STEPS) {
            // when
            byte[] wire = encryptWithStream(cipher, plaintext, writeStep);

            // then
            if (wire.length != expectedWireLength(size)) {
                failures.add("write step " + writeStep + ": " + wire.length + " wire bytes, expected "
                        + expectedWireLength(size));
            }
            StreamInfo info = Segcrypt.readStreamInfo(new ByteArrayInputStream(wire));
            if (info.suite() != suite
                    || info.frameSizeBytes() != F
                    || info.segmentSizeBytes() != S
                    || info.passphrase().isPresent()) {
                failures.add("write step " + writeStep + ": stream header says " + info);
            }
            for (int readStep : READ_STEPS) {
                byte[] back = decryptWithStream(cipher, wire, readStep);
                if (!Arrays.equals(back, plaintext)) {
                    failures.add("write step " + writeStep + ", read step " + readStep + ": got " + back.length
                            + " bytes, first difference at " + Arrays.mismatch(back, plaintext));
                }
            }
        }

        assertThat(failures).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void stream_sameInputTwice_differentStreamIdsAndCiphertexts(Suite suite) throws IOException {
        // given
        byte[] plaintext = plaintext(2 * S);

        // when
        byte[] first = encryptWithStream(CIPHERS.get(suite), plaintext, WHOLE);
        byte[] second = encryptWithStream(CIPHERS.get(suite), plaintext, WHOLE);

        // then
        assertThat(Segcrypt.readStreamInfo(new ByteArrayInputStream(first)).streamIdHex())
                .isNotEqualTo(Segcrypt.readStreamInfo(new ByteArrayInputStream(second))
                        .streamIdHex());
        assertThat(first).hasSameSizeAs(second).isNotEqualTo(second);
    }

    @Test
    void stream_decryptedByCipherWithOtherOptions_readsSuiteAndSizesFromStream() throws IOException {
        // given
        byte[] plaintext = plaintext(3 * S + 7);
        byte[] wire = encryptWithStream(CIPHERS.get(Suite.CHACHA20_POLY1305), plaintext, 7);

        // when
        byte[] back;
        try (SegmentCipher other =
                Segcrypt.newSegmentCipher(KEY, Options.defaults().withCarriers(1))) {
            back = decryptWithStream(other, wire, WHOLE);
        }

        // then
        assertThat(back).isEqualTo(plaintext);
    }

    @Test
    void stream_afterEndOfStream_keepsReturningEndAndZeroAvailable() throws IOException {
        // given
        byte[] wire = encryptWithStream(CIPHERS.get(Suite.AES_256_GCM), plaintext(S + 1), WHOLE);

        try (InputStream in =
                Segcrypt.newDecryptingStream(CIPHERS.get(Suite.AES_256_GCM), new ByteArrayInputStream(wire))) {
            // when
            byte[] all = in.readAllBytes();

            // then
            assertThat(all).hasSize(S + 1);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[5], 0, 5)).isEqualTo(-1);
            assertThat(in.read(new byte[5], 0, 0)).isZero();
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void encryptingStream_close_closesUnderlyingStreamAndRefusesLaterWrites() throws IOException {
        // given
        var closed = new boolean[1];
        OutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        OutputStream out = Segcrypt.newEncryptingStream(CIPHERS.get(Suite.AES_256_GCM), sink);
        out.write(plaintext(10));

        // when
        out.close();
        out.close(); // idempotent

        // then
        assertThat(closed[0]).isTrue();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    // ---------------------------------------------------------------- channels

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("suitesAndSizes")
    void channel_everyWriteAndReadStep_roundTripsAndInteroperatesWithStreams(Suite suite, int size) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        byte[] plaintext = plaintext(size);
        List<String> failures = new ArrayList<>();

        for (int writeStep : WRITE_STEPS) {
            // when
            byte[] wire = encryptWithChannel(cipher, plaintext, writeStep, writeStep % 2 == 0);

            // then
            if (wire.length != expectedWireLength(size)) {
                failures.add("write step " + writeStep + ": " + wire.length + " wire bytes");
            }
            for (int readStep : READ_STEPS) {
                byte[] back = decryptWithChannel(cipher, wire, readStep);
                if (!Arrays.equals(back, plaintext)) {
                    failures.add(
                            "write step " + writeStep + ", read step " + readStep + ": got " + back.length + " bytes");
                }
            }
            if (!Arrays.equals(decryptWithStream(cipher, wire, 7), plaintext)) {
                failures.add("write step " + writeStep + ": the decrypting stream disagrees");
            }
        }
        byte[] fromStream = encryptWithStream(cipher, plaintext, 7);
        if (!Arrays.equals(decryptWithChannel(cipher, fromStream, 7), plaintext)) {
            failures.add("the decrypting channel disagrees with the encrypting stream");
        }

        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------- files

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("suitesAndSizes")
    void files_encryptFileAndEncryptToFile_roundTripThroughEveryDecryptForm(Suite suite, int size, @TempDir Path dir)
            throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        byte[] plaintext = plaintext(size);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path sealedByFile = dir.resolve("by-file.sgc");
        Path sealedByStream = dir.resolve("by-stream.sgc");
        List<Long> encryptProgress = new ArrayList<>();
        List<Long> decryptProgress = new ArrayList<>();

        // when
        Segcrypt.encryptFile(cipher, plain, sealedByFile, encryptProgress::add);
        Segcrypt.encryptToFile(cipher, new ByteArrayInputStream(plaintext), sealedByStream, done -> {});
        Path openedFile = dir.resolve("opened-file.bin");
        Segcrypt.decryptFile(cipher, sealedByFile, openedFile, decryptProgress::add);
        Path openedStream = dir.resolve("opened-stream.bin");
        Segcrypt.decryptToFile(cipher, Files.newInputStream(sealedByStream), openedStream, done -> {});

        // then
        assertThat(Files.size(sealedByFile)).isEqualTo(expectedWireLength(size));
        assertThat(Files.size(sealedByStream)).isEqualTo(expectedWireLength(size));
        assertThat(Files.readAllBytes(openedFile)).isEqualTo(plaintext);
        assertThat(Files.readAllBytes(openedStream)).isEqualTo(plaintext);
        assertThat(decryptWithStream(cipher, Files.readAllBytes(sealedByFile), 7))
                .isEqualTo(plaintext);
        assertThat(encryptProgress).isSorted().last().isEqualTo((long) size);
        if (size > 0) {
            assertThat(decryptProgress).isSorted().last().isEqualTo((long) size);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files are left behind")
                    .containsExactlyInAnyOrder(
                            "plain.bin", "by-file.sgc", "by-stream.sgc", "opened-file.bin", "opened-stream.bin");
        }
    }

    @Test
    void files_existingTargets_areReplacedOnSuccess(@TempDir Path dir) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        byte[] plaintext = plaintext(2 * S + 3);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path sealed = Files.writeString(dir.resolve("sealed.sgc"), "old ciphertext");
        Path opened = Files.writeString(dir.resolve("opened.bin"), "old plaintext, longer than nothing");

        // when
        Segcrypt.encryptFile(cipher, plain, sealed, done -> {});
        Segcrypt.decryptFile(cipher, sealed, opened, done -> {});

        // then
        assertThat(Files.size(sealed)).isEqualTo(expectedWireLength(plaintext.length));
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
    }

    @Test
    void encryptFile_inputShrinksWhileASegmentIsInTheBackground_failsAndLeavesNoTarget(@TempDir Path dir)
            throws IOException {
        // given: once segment 0 is written (progress reports it), the file loses its end; segment 1,
        // already read, goes to the background, and the read of segment 2 comes up short
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext(4 * S + 3));
        Path sealed = dir.resolve("sealed.sgc");
        LongConsumer truncateOnce = done -> {
            if (done == S) {
                try (FileChannel channel = FileChannel.open(plain, StandardOpenOption.WRITE)) {
                    channel.truncate(2 * S + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        // when / then
        assertThatThrownBy(() -> Segcrypt.encryptFile(cipher, plain, sealed, truncateOnce))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("shrank");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("neither a target nor a temporary file is left")
                    .containsExactly("plain.bin");
        }
    }

    @Test
    void encryptFile_cipherClosedMidway_failsWithEngineClosedAndLeavesNoTarget(@TempDir Path dir) throws IOException {
        // given: the cipher is closed once segment 0 is written; segment 1, started next, fails in
        // the background, and the failure surfaces when segment 2 needs its place
        SegmentCipher cipher = Segcrypt.newSegmentCipher(KEY, options(Suite.AES_256_GCM));
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext(4 * S + 3));
        Path sealed = dir.resolve("sealed.sgc");
        LongConsumer closeOnce = done -> {
            if (done == S) {
                cipher.close();
            }
        };

        // when / then
        assertThatThrownBy(() -> Segcrypt.encryptFile(cipher, plain, sealed, closeOnce))
                .isExactlyInstanceOf(EngineClosedException.class);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plain.bin");
        }
    }

    // ---------------------------------------------------------------- random access

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decryptSegment_everySegment_equalsItsPlaintextSlice(Suite suite, @TempDir Path dir) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        int size = 3 * S + 7;
        byte[] plaintext = plaintext(size);
        Path sealed = encryptToTempFile(cipher, plaintext, dir);

        // when / then
        for (int k = 0; k < 4; k++) {
            assertThat(Segcrypt.decryptSegment(cipher, sealed, k))
                    .as("segment %d", k)
                    .isEqualTo(Arrays.copyOfRange(plaintext, k * S, Math.min(size, (k + 1) * S)));
        }
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, sealed, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, sealed, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decryptRange_atAndAroundSegmentBoundaries_equalsPlaintextSlice(Suite suite, @TempDir Path dir)
            throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        int size = 3 * S + 7;
        byte[] plaintext = plaintext(size);
        Path sealed = encryptToTempFile(cipher, plaintext, dir);
        int[] offsets = {
            0, 1, F - 1, F, S - 1, S, S + 1, 2 * S - 1, 2 * S, 2 * S + 1, 3 * S - 1, 3 * S, 3 * S + 1, size - 1, size
        };
        int[] lengths = {0, 1, 2, F, S - 1, S, S + 1, 2 * S + 1, size};
        List<String> failures = new ArrayList<>();

        // when
        for (int offset : offsets) {
            for (int length : lengths) {
                if (offset + length > size) {
                    continue;
                }
                byte[] range = Segcrypt.decryptRange(cipher, sealed, offset, length);
                // then
                if (!Arrays.equals(range, Arrays.copyOfRange(plaintext, offset, offset + length))) {
                    failures.add("range(" + offset + ", " + length + ")");
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(Segcrypt.decryptRange(cipher, sealed, size - 1, 1)).containsExactly(plaintext[size - 1]);
    }

    @Test
    void decryptRange_pastTheEndOrNegative_throwsIllegalArgument(@TempDir Path dir) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        Path partial = encryptToTempFile(cipher, plaintext(3 * S + 7), dir.resolve("a"));
        Path whole = encryptToTempFile(cipher, plaintext(2 * S), dir.resolve("b"));

        // when / then
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, partial, 3 * S + 6, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, partial, 3 * S + 7, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, partial, 0, 3 * S + 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, whole, 2 * S - 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, whole, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, whole, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void plaintextSize_anySize_isThePlaintextLength(Suite suite, @TempDir Path dir) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(suite);
        for (int size : SIZES) {
            Path sealed = encryptToTempFile(cipher, plaintext(size), dir.resolve(Integer.toString(size)));

            // when / then
            assertThat(Segcrypt.plaintextSize(cipher, sealed))
                    .as("%d bytes", size)
                    .isEqualTo(size);
        }
    }

    @Test
    void randomAccess_emptyStream_hasOneEmptySegment(@TempDir Path dir) throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        Path sealed = encryptToTempFile(cipher, new byte[0], dir);

        // when / then
        assertThat(Segcrypt.decryptSegment(cipher, sealed, 0)).isEmpty();
        assertThat(Segcrypt.decryptRange(cipher, sealed, 0, 0)).isEmpty();
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, sealed, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, sealed, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- inspect

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("suitesAndSizes")
    void inspect_anySize_reportsCanonicalSegments(Suite suite, int size) throws IOException {
        // given
        byte[] wire = encryptWithStream(CIPHERS.get(suite), plaintext(size), WHOLE);
        List<SegmentInfo> segments = new ArrayList<>();

        // when
        StreamInfo info = Segcrypt.inspect(new ByteArrayInputStream(wire), segments::add);

        // then
        assertThat(info.suite()).isEqualTo(suite);
        assertThat(info.frameSizeBytes()).isEqualTo(F);
        assertThat(info.segmentSizeBytes()).isEqualTo(S);
        assertThat(info.passphrase()).isEmpty();
        assertThat(info.streamIdHex()).isEqualTo(HexFormat.of().formatHex(wire, 20, 36));
        int count = Math.max(1, (size + S - 1) / S);
        assertThat(segments).hasSize(count);
        long offset = STREAM_HEADER_BYTES;
        for (int k = 0; k < count; k++) {
            int length = k < count - 1 ? S : size - (count - 1) * S;
            assertThat(segments.get(k))
                    .as("segment %d", k)
                    .isEqualTo(new SegmentInfo(
                            k, offset, length, segmentWireLength(length), (length + F - 1) / F, k == count - 1));
            offset += segmentWireLength(length);
        }
        assertThat(offset).isEqualTo(wire.length);
    }

    // ---------------------------------------------------------------- passphrase

    @Test
    void passphrase_keyFromHeader_recoversKeyAndDecrypts(@TempDir Path dir) throws IOException {
        // given
        char[] passphrase = "correct horse battery staple".toCharArray();
        PassphraseParams cheap = new PassphraseParams(64, 1, 1);
        SegcryptKey key = SegcryptKey.fromPassphrase(passphrase, cheap);
        byte[] plaintext = plaintext(2 * S + 5);
        byte[] wire;
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options(Suite.AES_256_GCM))) {
            wire = encryptWithStream(cipher, plaintext, 7);
        }
        byte[] header = Arrays.copyOf(wire, STREAM_HEADER_BYTES);

        // when
        SegcryptKey recovered =
                SegcryptKey.fromPassphrase(passphrase, Segcrypt.readStreamInfo(new ByteArrayInputStream(header)));
        byte[] back;
        Path opened = dir.resolve("opened.bin");
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(recovered, Options.defaults())) {
            back = decryptWithStream(cipher, wire, S + 1);
            Segcrypt.decryptFile(cipher, Files.write(dir.resolve("sealed.sgc"), wire), opened, done -> {});
        }

        // then
        assertThat(back).isEqualTo(plaintext);
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
        assertThat(Segcrypt.readStreamInfo(new ByteArrayInputStream(header)).passphrase())
                .isEqualTo(Optional.of(cheap));
        assertThat(recovered.passphraseParams()).contains(cheap);
        assertThat(recovered.passphraseSalt())
                .isEqualTo(key.passphraseSalt())
                .isEqualTo(Arrays.copyOfRange(header, 36, 52));
        assertThat(Segcrypt.inspect(new ByteArrayInputStream(wire), segment -> {})
                        .passphrase())
                .contains(cheap);
        key.destroy();
        recovered.destroy();
    }

    @Test
    void passphrase_keyFileStreamHeader_isRefused() throws IOException {
        // given
        byte[] wire = encryptWithStream(CIPHERS.get(Suite.AES_256_GCM), plaintext(3), WHOLE);

        // when / then
        assertThatThrownBy(() -> SegcryptKey.fromPassphrase(
                        "x".toCharArray(), Segcrypt.readStreamInfo(new ByteArrayInputStream(wire))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] plaintext(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(size * 31L + 7).nextBytes(bytes);
        return bytes;
    }

    private static long segmentWireLength(int plaintextLength) {
        int frames = (plaintextLength + F - 1) / F;
        return SEGMENT_HEADER_BYTES
                + (long) plaintextLength
                + (long) frames * TAG_BYTES
                + DIGEST_FRAME_BYTES
                + TERMINATOR_FRAME_BYTES;
    }

    private static long expectedWireLength(int size) {
        long length = STREAM_HEADER_BYTES;
        int remaining = size;
        do {
            int segment = Math.min(S, remaining);
            length += segmentWireLength(segment);
            remaining -= segment;
        } while (remaining > 0);
        return length;
    }

    static byte[] encryptWithStream(SegmentCipher cipher, byte[] plaintext, int step) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
            if (step == WHOLE) {
                out.write(plaintext);
            } else if (step == 1) {
                for (byte b : plaintext) {
                    out.write(b);
                }
            } else {
                for (int off = 0; off < plaintext.length; off += step) {
                    out.write(plaintext, off, Math.min(step, plaintext.length - off));
                    out.write(plaintext, off, 0);
                    out.flush();
                }
            }
        }
        return sink.toByteArray();
    }

    static byte[] decryptWithStream(SegmentCipher cipher, byte[] wire, int step) throws IOException {
        try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            if (step == WHOLE) {
                return in.readAllBytes();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (step == 1) {
                for (int b; (b = in.read()) >= 0; ) {
                    out.write(b);
                }
            } else {
                byte[] buffer = new byte[step + 2];
                for (int n; (n = in.read(buffer, 1, step)) >= 0; ) {
                    assertThat(n).as("a read of %d bytes", step).isBetween(1, step);
                    out.write(buffer, 1, n);
                }
            }
            return out.toByteArray();
        }
    }

    private static byte[] encryptWithChannel(SegmentCipher cipher, byte[] plaintext, int step, boolean direct)
            throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (WritableByteChannel out = Segcrypt.newEncryptingChannel(cipher, Channels.newChannel(sink))) {
            int chunk = Math.min(step, Math.max(1, plaintext.length));
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
            for (int off = 0; off < plaintext.length; off += chunk) {
                buffer.clear();
                buffer.put(plaintext, off, Math.min(chunk, plaintext.length - off))
                        .flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        return sink.toByteArray();
    }

    private static byte[] decryptWithChannel(SegmentCipher cipher, byte[] wire, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReadableByteChannel in =
                Segcrypt.newDecryptingChannel(cipher, Channels.newChannel(new ByteArrayInputStream(wire)))) {
            ByteBuffer buffer = ByteBuffer.allocate(step == WHOLE ? 1 << 16 : step);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                out.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
        }
        return out.toByteArray();
    }

    private static Path encryptToTempFile(SegmentCipher cipher, byte[] plaintext, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path sealed = dir.resolve("plain.bin.sgc");
        Segcrypt.encryptFile(cipher, plain, sealed, done -> {});
        return sealed;
    }
}
