package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.Suite;
import dev.segcrypt.testing.SpecEncoder;
import dev.segcrypt.testing.SpecEncoder.Failure;
import dev.segcrypt.testing.SpecStreamEncoder;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Category;
import dev.segcrypt.testing.VectorFiles.InvalidStream;
import dev.segcrypt.testing.VectorFiles.StreamSegment;
import dev.segcrypt.testing.VectorFiles.StreamVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MUST-reject rule of the stream format (docs/wire-format.md, "Streams"), applied to the
 * worked example (stream-kat.json tcId 1): the naive decoder of {@link SpecStreamEncoder} and the
 * library's streaming reader must both reject, and with the same category. One row, one rule. The
 * naive decoder also rejects every vector of stream-invalid.json with its category, as the library
 * does in {@link StreamInvalidVectorsTest}.
 */
class StreamRejectionAgreementTest {

    private static final StreamVector WORKED = VectorFiles.streamKnownAnswer("WorkedExample");
    private static final byte[] KEY = WORKED.masterKey();
    private static final byte[] ID = WORKED.streamId();
    private static final int S = WORKED.segmentSize();
    private static final byte[] OTHER_KEY = new byte[32];
    private static SegmentCipher cipher;

    @BeforeAll
    static void openCipher() {
        cipher = Segcrypt.newSegmentCipher(SegcryptKey.fromBytes(KEY), Options.defaults());
    }

    @AfterAll
    static void closeCipher() {
        cipher.close();
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                row("empty input", s -> new byte[0], Failure.MALFORMED),
                row("input ends inside the stream header", s -> Arrays.copyOf(s, 50), Failure.TRUNCATED),
                row("bad magic", s -> set(s, 0, 'X'), Failure.MALFORMED),
                row("version 1", s -> set(s, 8, 1), Failure.MALFORMED),
                row("unknown suite 3", s -> set(s, 9, 3), Failure.MALFORMED),
                row("unknown key source 2", s -> set(s, 10, 2), Failure.MALFORMED),
                row("reserved byte not 0", s -> set(s, 11, 1), Failure.MALFORMED),
                row("frame size 63", s -> u32(s, 12, 63), Failure.MALFORMED),
                row("frame size 16 MiB + 1", s -> u32(s, 12, (16 << 20) + 1), Failure.MALFORMED),
                row("segment size 63", s -> u32(s, 16, 63), Failure.MALFORMED),
                row("segment size 2^30 + 1", s -> u32(s, 16, (1 << 30) + 1), Failure.MALFORMED),
                row("key source 0 with a non-zero kdf salt", s -> set(s, 36, 1), Failure.MALFORMED),
                row("key source 0 with a non-zero kdf memory", s -> u32(s, 52, 64), Failure.MALFORMED),
                row("key source 1 with 0 iterations", s -> passphraseFields(s, 64, 0, 1), Failure.MALFORMED),
                row("key source 1 with 65 iterations", s -> passphraseFields(s, 64, 65, 1), Failure.MALFORMED),
                row("key source 1 with parallelism 0", s -> passphraseFields(s, 64, 1, 0), Failure.MALFORMED),
                row("key source 1 with parallelism 17", s -> passphraseFields(s, 1024, 1, 17), Failure.MALFORMED),
                row(
                        "key source 1 with memory < 8 * parallelism",
                        s -> passphraseFields(s, 15, 1, 2),
                        Failure.MALFORMED),
                row(
                        "key source 1 with memory > 4 GiB",
                        s -> passphraseFields(s, (4 << 20) + 1, 1, 1),
                        Failure.MALFORMED),
                row("header tag altered", s -> flip(s, 95), Failure.WRONG_KEY),
                row("valid header field altered (segment size 129)", s -> u32(s, 16, 129), Failure.WRONG_KEY),
                row(
                        "key source 0 header under another key",
                        s -> SpecStreamEncoder.encodeWithKey(
                                OTHER_KEY,
                                Suite.AES_256_GCM,
                                64,
                                S,
                                ID,
                                WORKED.segments().stream()
                                        .map(StreamSegment::salt)
                                        .toList(),
                                WORKED.plaintext())
                                .stream(),
                        Failure.WRONG_KEY),
                row("header alone, no segment", s -> Arrays.copyOf(s, 96), Failure.TRUNCATED),
                row("final segment dropped", s -> join(s, header(), seg(0), seg(1)), Failure.TRUNCATED),
                row(
                        "input ends inside a segment header",
                        s -> Arrays.copyOf(s, (int) offset(2) + 50),
                        Failure.TRUNCATED),
                row("input ends inside a segment", s -> Arrays.copyOf(s, s.length - 1), Failure.TRUNCATED),
                row("segments 0 and 1 swapped", s -> join(s, header(), seg(1), seg(0), seg(2)), Failure.AUTHENTICATION),
                row("segment 1 dropped", s -> join(s, header(), seg(0), seg(2)), Failure.AUTHENTICATION),
                row(
                        "segment 0 duplicated",
                        s -> join(s, header(), seg(0), seg(0), seg(1), seg(2)),
                        Failure.AUTHENTICATION),
                row(
                        "final segment from another stream",
                        s -> join(
                                s,
                                header(),
                                seg(0),
                                seg(1),
                                segment(KEY, Suite.AES_256_GCM, 64, otherId(), 2, true, 44)),
                        Failure.AUTHENTICATION),
                row(
                        "final segment with another suite",
                        s -> join(
                                s,
                                header(),
                                seg(0),
                                seg(1),
                                segment(KEY, Suite.CHACHA20_POLY1305, 64, ID, 2, true, 44)),
                        Failure.AUTHENTICATION),
                row(
                        "final segment with another frame size",
                        s -> join(s, header(), seg(0), seg(1), segment(KEY, Suite.AES_256_GCM, 128, ID, 2, true, 44)),
                        Failure.AUTHENTICATION),
                row(
                        "final segment under another master key",
                        s -> join(
                                s,
                                header(),
                                seg(0),
                                seg(1),
                                segment(OTHER_KEY, Suite.AES_256_GCM, 64, ID, 2, true, 44)),
                        Failure.AUTHENTICATION),
                row("data frame of segment 1 altered", s -> flip(s, (int) offset(1) + 108 + 5), Failure.AUTHENTICATION),
                row("segment 1 with bad segment magic", s -> set(s, (int) offset(1), 'X'), Failure.MALFORMED),
                row(
                        "non-final segment 0 shorter than the segment size",
                        s -> join(s, header(), segment(KEY, Suite.AES_256_GCM, 64, ID, 0, false, S - 1)),
                        Failure.MALFORMED),
                row(
                        "final segment 0 longer than the segment size",
                        s -> join(s, header(), segment(KEY, Suite.AES_256_GCM, 64, ID, 0, true, S + 1)),
                        Failure.MALFORMED),
                row(
                        "empty final segment after a full one",
                        s -> join(s, header(), seg(0), segment(KEY, Suite.AES_256_GCM, 64, ID, 1, true, 0)),
                        Failure.MALFORMED),
                row(
                        "last segment without the FINAL flag",
                        s -> join(s, header(), seg(0), seg(1), segment(KEY, Suite.AES_256_GCM, 64, ID, 2, false, 44)),
                        Failure.MALFORMED),
                row(
                        "FINAL flag on segment 1, segment 2 after it",
                        s -> join(s, header(), seg(0), segment(KEY, Suite.AES_256_GCM, 64, ID, 1, true, S), seg(2)),
                        Failure.MALFORMED),
                row("one byte after the final segment", s -> join(s, s, new byte[1]), Failure.MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void decode_tamperedWorkedExample_bothDecodersRejectWithTheSameCategory(
            String rule, Function<byte[], byte[]> tamper, Failure expected) throws Exception {
        // given
        byte[] stream = tamper.apply(WORKED.stream().clone());

        // when
        Throwable naive = catchThrowable(() -> SpecStreamEncoder.decodeWithKey(KEY, stream));
        Throwable library = catchThrowable(() -> {
            try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(stream))) {
                in.readAllBytes();
            }
        });

        // then
        assertThat(naive).as("naive decoder").isInstanceOf(SpecEncoder.Rejected.class);
        assertThat(((SpecEncoder.Rejected) naive).failure())
                .as("naive decoder: %s", naive.getMessage())
                .isEqualTo(expected);
        assertThat(library)
                .as("library reader")
                .isInstanceOf(InvalidCiphertextException.class)
                .isExactlyInstanceOf(Category.of(expected).exception());
    }

    static Stream<InvalidStream> invalidVectors() {
        return VectorFiles.streamInvalid().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void decode_invalidVectorFile_naiveDecoderRejectsWithTheVectorCategory(InvalidStream vector) {
        // given
        byte[] stream = vector.stream();

        // when
        Throwable naive = catchThrowable(() -> {
            if (vector.passphrase().isPresent()) {
                SpecStreamEncoder.decodeWithPassphrase(vector.passphrase().get(), stream);
            } else {
                SpecStreamEncoder.decodeWithKey(vector.masterKey().orElseThrow(), stream);
            }
        });

        // then
        assertThat(naive).as("naive decoder").isInstanceOf(SpecEncoder.Rejected.class);
        assertThat(((SpecEncoder.Rejected) naive).failure())
                .as("naive decoder: %s", naive.getMessage())
                .isEqualTo(vector.expect().specFailure());
    }

    private static Arguments row(String rule, Function<byte[], byte[]> tamper, Failure expected) {
        return Arguments.of(rule, tamper, expected);
    }

    private static byte[] header() {
        return WORKED.header();
    }

    private static byte[] seg(int k) {
        return WORKED.segments().get(k).wire();
    }

    private static long offset(int k) {
        return WORKED.segments().get(k).offset();
    }

    private static byte[] otherId() {
        byte[] id = ID.clone();
        id[15] ^= 1;
        return id;
    }

    /** A segment by the naive encoder, its plaintext taken from the worked example where it has one. */
    private static byte[] segment(
            byte[] key, Suite suite, int frameSize, byte[] streamId, long index, boolean isFinal, int length) {
        byte[] plaintext = new byte[length];
        for (int i = 0; i < length; i++) {
            plaintext[i] = (byte) (index * S + i);
        }
        byte[] salt = new byte[32];
        Arrays.fill(salt, (byte) 0x5a);
        return SpecEncoder.encode(key, suite, frameSize, streamId, index, isFinal, true, salt, plaintext);
    }

    private static byte[] set(byte[] s, int at, int value) {
        s[at] = (byte) value;
        return s;
    }

    private static byte[] flip(byte[] s, int at) {
        s[at] ^= 0x01;
        return s;
    }

    private static byte[] u32(byte[] s, int at, int value) {
        ByteBuffer.wrap(s).putInt(at, value);
        return s;
    }

    private static byte[] passphraseFields(byte[] s, int memoryKiB, int iterations, int parallelism) {
        set(s, 10, 1);
        return u32(u32(u32(s, 52, memoryKiB), 56, iterations), 60, parallelism);
    }

    /** {@return the parts concatenated; the first argument, the untouched stream, is ignored} */
    private static byte[] join(byte[] ignored, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
