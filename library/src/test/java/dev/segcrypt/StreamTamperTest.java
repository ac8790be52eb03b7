package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.engine.SegmentPosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tamper matrix of a stream (reliability.md B1-B7, T8): every modification is rejected with
 * the right {@link InvalidCiphertextException} subtype by the decrypting stream and by {@link
 * Segcrypt#decryptFile}; the stream releases exactly the verified segments before the damage (P3),
 * never the final segment when trailing bytes follow it, and then fails for good (P4, T8);
 * decryptFile leaves no file behind and an existing target untouched.
 *
 * <p>The stream under test has three segments: two full ones of {@value #S} bytes and a final one
 * of {@value #LAST} bytes, in frames of {@value #F} bytes.
 */
class StreamTamperTest {

    private static final int F = 64;
    private static final int S = 256;
    private static final int LAST = 100;
    private static final int SIZE = 2 * S + LAST;

    /** Offsets from docs/wire-format.md. */
    private static final int STREAM_HEADER_BYTES = 96;

    private static final int SEGMENT_HEADER_BYTES = 108;
    /** Wire length of a full segment: header, 4 data frames, digest frame, terminator frame. */
    private static final int FULL_WIRE = SEGMENT_HEADER_BYTES + S + 4 * 16 + 48 + 32;
    /** Wire length of the final segment: header, 2 data frames, digest frame, terminator frame. */
    private static final int LAST_WIRE = SEGMENT_HEADER_BYTES + LAST + 2 * 16 + 48 + 32;

    private static final int TOTAL = STREAM_HEADER_BYTES + 2 * FULL_WIRE + LAST_WIRE;
    private static final int[] SEGMENT_OFFSETS = {
        STREAM_HEADER_BYTES, STREAM_HEADER_BYTES + FULL_WIRE, STREAM_HEADER_BYTES + 2 * FULL_WIRE
    };
    private static final int[] READ_STEPS = {1, 7, S + 1, 1 << 16};

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final Map<Suite, SegmentCipher> CIPHERS = new EnumMap<>(Suite.class);
    private static final byte[] PLAINTEXT = new byte[SIZE];

    /**
     * Where the decryptFile checks run: thousands of small files are created and deleted there, so
     * a tmpfs is used when the machine has one (about 20 times faster than a disk here).
     */
    private static Path filesDir;

    @TempDir
    static Path tempDir;

    @BeforeAll
    static void openCiphers() throws IOException {
        Path shm = Path.of("/dev/shm");
        filesDir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "segcrypt-tamper-")
                : tempDir;
        for (Suite suite : Suite.values()) {
            CIPHERS.put(
                    suite,
                    Segcrypt.newSegmentCipher(
                            KEY,
                            Options.defaults().withSuite(suite).withFrameSize(F).withSegmentSize(S)));
        }
        new SplittableRandom(2026).nextBytes(PLAINTEXT);
    }

    @AfterAll
    static void closeCiphers() throws IOException {
        CIPHERS.values().forEach(SegmentCipher::close);
        KEY.destroy();
        if (!filesDir.equals(tempDir)) {
            try (Stream<Path> files = Files.walk(filesDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** What a damaged stream must do: throw {@code type} after releasing exactly {@code releasedBytes} of plaintext. */
    private record Expected(Class<? extends InvalidCiphertextException> type, int releasedBytes) {}

    private static Expected expect(Class<? extends InvalidCiphertextException> type, int releasedBytes) {
        return new Expected(type, releasedBytes);
    }

    // ---------------------------------------------------------------- bit flips (B1, B7)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_everyBitOfStreamHeaderFlipped_throwsWrongKeyOrMalformed(Suite suite) throws IOException {
        // given
        Damage damage = new Damage(suite);
        byte[] wire = encrypt(suite, PLAINTEXT);

        for (int bit = 0; bit < STREAM_HEADER_BYTES * 8; bit++) {
            // when
            byte[] tampered = flip(wire, bit);

            // then
            damage.check("stream header bit " + bit, tampered, expect(streamHeaderFlipVerdict(tampered, bit / 8), 0));
        }

        damage.assertNone();
    }

    /** The field-by-field verdict of a flipped stream header byte (StreamHeader's layout). */
    private static Class<? extends InvalidCiphertextException> streamHeaderFlipVerdict(byte[] tampered, int offset) {
        ByteBuffer header = ByteBuffer.wrap(tampered);
        if (offset == 9) { // suite
            return validSuite(tampered[9]) ? WrongKeyException.class : MalformedCiphertextException.class;
        }
        if (offset >= 12 && offset < 16) { // frame size
            int frameSize = header.getInt(12);
            return frameSize >= 64 && frameSize <= 16 << 20
                    ? WrongKeyException.class
                    : MalformedCiphertextException.class;
        }
        if (offset >= 16 && offset < 20) { // segment size
            int segmentSize = header.getInt(16);
            return segmentSize >= 64 && segmentSize <= 1 << 30
                    ? WrongKeyException.class
                    : MalformedCiphertextException.class;
        }
        if (offset >= 20 && offset < 36 || offset >= 64) { // stream id, header tag
            return WrongKeyException.class;
        }
        // magic, version, key source, reserved, passphrase salt and cost (must be zero for a key stream)
        return MalformedCiphertextException.class;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_sampledBitsOfEachSegmentHeaderFlipped_throwFieldSpecificType(Suite suite) throws IOException {
        // given: every bit of the short fields (offsets 0-19 and the index at 36-43), one bit per byte of
        // the stream id, salt and commitment, whose bytes all get the same verdict
        Damage damage = new Damage(suite, 4);
        byte[] wire = encrypt(suite, PLAINTEXT);

        for (int segment = 0; segment < 3; segment++) {
            for (int bit = 0; bit < SEGMENT_HEADER_BYTES * 8; bit++) {
                int offset = bit / 8;
                boolean shortField = offset < 20 || offset >= 36 && offset < 44;
                if (!shortField && bit % 8 != offset % 8) {
                    continue;
                }
                // when
                byte[] tampered = flip(wire, SEGMENT_OFFSETS[segment] * 8 + bit);

                // then
                Class<? extends InvalidCiphertextException> verdict = segmentHeaderFlipVerdict(
                        ByteBuffer.wrap(tampered, SEGMENT_OFFSETS[segment], SEGMENT_HEADER_BYTES)
                                .slice(),
                        bit / 8,
                        segment);
                damage.check("segment " + segment + " header bit " + bit, tampered, expect(verdict, segment * S));
            }
        }

        damage.assertNone();
    }

    /** The field-by-field verdict of a flipped segment header byte (spec-summary's header table). */
    private static Class<? extends InvalidCiphertextException> segmentHeaderFlipVerdict(
            ByteBuffer header, int offset, int segment) {
        boolean isFinal = segment == 2;
        if (offset == 5) { // suite
            return validSuite(header.get(5)) ? AuthenticationFailedException.class : MalformedCiphertextException.class;
        }
        if (offset == 6) { // flags
            if ((header.get(6) & ~3) != 0) {
                return MalformedCiphertextException.class;
            }
            if ((header.get(6) & 2) == 0) { // STREAM cleared: a lone segment in a stream
                return AuthenticationFailedException.class;
            }
            // FINAL toggled: a final segment becomes a short non-final one (not canonical); a full
            // non-final one becomes a canonical final one that fails authentication (the header is AAD)
            return isFinal ? MalformedCiphertextException.class : AuthenticationFailedException.class;
        }
        if (offset >= 8 && offset < 12) { // frame size
            int frameSize = header.getInt(8);
            return frameSize >= 64 && frameSize <= 16 << 20
                    ? AuthenticationFailedException.class
                    : MalformedCiphertextException.class;
        }
        if (offset >= 12 && offset < 20) { // plaintext length
            long length = header.getLong(12);
            if (length < 0 || length > 1 << 30 || !isFinal || length > S || length == 0) {
                return MalformedCiphertextException.class; // out of range, or not canonical for its place
            }
            // a longer final segment runs past the end of the stream; a shorter one moves the terminator
            return length > LAST ? TruncatedCiphertextException.class : AuthenticationFailedException.class;
        }
        if (offset >= 36 && offset < 44) { // segment index
            return header.getLong(36) < 0 ? MalformedCiphertextException.class : AuthenticationFailedException.class;
        }
        if (offset >= 20) { // stream id, index, salt and commitment: bound to the stream and the key
            return AuthenticationFailedException.class;
        }
        return MalformedCiphertextException.class; // magic, version, reserved
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_sampledBitsOfEveryFrameFlipped_throwsAuthenticationFailed(Suite suite) throws IOException {
        // given
        Damage damage = new Damage(suite, 4);
        byte[] wire = encrypt(suite, PLAINTEXT);

        for (int segment = 0; segment < 3; segment++) {
            int from = SEGMENT_OFFSETS[segment] + SEGMENT_HEADER_BYTES;
            int to = segment == 2 ? TOTAL : SEGMENT_OFFSETS[segment + 1];
            for (int offset = from; offset < to; offset += 3) {
                // when: one bit in every third byte (so in every frame, tag and frame boundary region), a
                // different bit position from byte to byte
                int bit = offset * 8 + offset * 5 % 8;
                byte[] tampered = flip(wire, bit);

                // then
                damage.check(
                        "segment " + segment + " frame byte " + (offset - SEGMENT_OFFSETS[segment]) + " bit " + bit % 8,
                        tampered,
                        expect(AuthenticationFailedException.class, segment * S));
            }
        }

        damage.assertNone();
    }

    // ---------------------------------------------------------------- truncation (B2)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_truncatedAtEveryLength_throwsTruncatedAfterReleasingWholeSegments(Suite suite) throws IOException {
        // given: every length, which includes every segment boundary, ±1, and every length inside the headers
        Damage damage = new Damage(suite, 16);
        byte[] wire = encrypt(suite, PLAINTEXT);

        for (int length = 0; length < TOTAL; length++) {
            // when
            byte[] truncated = Arrays.copyOf(wire, length);

            // then
            int complete = 0;
            for (int k = 1; k < 3; k++) {
                complete += length >= SEGMENT_OFFSETS[k] ? 1 : 0;
            }
            boolean nearBoundary = length <= STREAM_HEADER_BYTES + 1 || length >= TOTAL - 1;
            for (int boundary : SEGMENT_OFFSETS) {
                nearBoundary |=
                        Math.abs(length - boundary) <= 1 || Math.abs(length - boundary - SEGMENT_HEADER_BYTES) <= 1;
            }
            damage.check(
                    "truncated to " + length + " bytes",
                    truncated,
                    length == 0
                            ? expect(MalformedCiphertextException.class, 0)
                            : expect(TruncatedCiphertextException.class, complete * S),
                    nearBoundary);
        }

        damage.assertNone();
    }

    // ---------------------------------------------------------------- segment moves (B4, B6)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_droppedSwappedDuplicatedSegments_throwAfterReleasingSegmentsBefore(Suite suite) throws IOException {
        // given
        Damage damage = new Damage(suite);
        byte[] wire = encrypt(suite, PLAINTEXT);
        byte[] h = header(wire);
        byte[] s0 = segment(wire, 0);
        byte[] s1 = segment(wire, 1);
        byte[] s2 = segment(wire, 2);
        Class<AuthenticationFailedException> auth = AuthenticationFailedException.class;

        // when / then
        damage.check("drop segment 0", concat(h, s1, s2), expect(auth, 0));
        damage.check("drop segment 1", concat(h, s0, s2), expect(auth, S));
        damage.check("drop final segment 2", concat(h, s0, s1), expect(TruncatedCiphertextException.class, 2 * S));
        damage.check("drop segments 1 and 2", concat(h, s0), expect(TruncatedCiphertextException.class, S));
        damage.check("swap segments 0 and 1", concat(h, s1, s0, s2), expect(auth, 0));
        damage.check("swap segments 1 and 2", concat(h, s0, s2, s1), expect(auth, S));
        damage.check("swap segments 0 and 2", concat(h, s2, s1, s0), expect(auth, 0));
        damage.check("duplicate segment 0", concat(h, s0, s0, s1, s2), expect(auth, S));
        damage.check("duplicate segment 1", concat(h, s0, s1, s1, s2), expect(auth, 2 * S));
        damage.check(
                "duplicate final segment 2",
                concat(h, s0, s1, s2, s2),
                expect(MalformedCiphertextException.class, 2 * S));
        damage.check("final segment only", concat(h, s2), expect(auth, 0));
        damage.check("stream header only", h, expect(TruncatedCiphertextException.class, 0));
        damage.check("stream header twice", concat(h, h, s0, s1, s2), expect(MalformedCiphertextException.class, 0));
        damage.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_segmentSplicedFromOtherStreamAtSameIndex_throwsAuthenticationFailed(Suite suite) throws IOException {
        // given: two streams of the same plaintext under the same key, so every segment has the same length
        Damage damage = new Damage(suite);
        byte[] wire = encrypt(suite, PLAINTEXT);
        byte[] other = encrypt(suite, PLAINTEXT);
        byte[][] mine = {segment(wire, 0), segment(wire, 1), segment(wire, 2)};

        for (int k = 0; k < 3; k++) {
            // when
            byte[][] parts = mine.clone();
            parts[k] = segment(other, k);
            byte[] spliced = concat(header(wire), parts[0], parts[1], parts[2]);

            // then
            damage.check(
                    "segment " + k + " from another stream",
                    spliced,
                    expect(AuthenticationFailedException.class, k * S));
        }
        damage.check(
                "stream header from another stream",
                concat(header(other), mine[0], mine[1], mine[2]),
                expect(AuthenticationFailedException.class, 0));

        damage.assertNone();
    }

    // ---------------------------------------------------------------- extension (B3)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_trailingBytesAfterFinalSegment_throwMalformedWithoutReleasingFinalSegment(Suite suite)
            throws IOException {
        // given
        Damage damage = new Damage(suite);
        byte[] wire = encrypt(suite, PLAINTEXT);
        byte[][] trailers = {
            {0},
            {(byte) 0xff},
            new byte[16],
            new byte[SEGMENT_HEADER_BYTES],
            segment(wire, 1),
            segment(wire, 2),
            header(wire)
        };

        for (byte[] trailer : trailers) {
            // when
            byte[] extended = concat(wire, trailer);

            // then: everything but the final segment, which must not be released before the end is proven
            damage.check(
                    trailer.length + " trailing bytes", extended, expect(MalformedCiphertextException.class, 2 * S));
        }

        damage.assertNone();
    }

    // ---------------------------------------------------------------- non-canonical segments made with the key

    @Test
    void decrypt_nonCanonicalSegmentsMadeWithTheKey_throwMalformed() throws Exception {
        // given: segments forged by an insider holding the key, bound to the right stream and index
        Suite suite = Suite.AES_256_GCM;
        Damage damage = new Damage(suite);
        byte[] wire = encrypt(suite, Arrays.copyOf(PLAINTEXT, 2 * S));
        byte[] h = header(wire);
        byte[] streamId = Arrays.copyOfRange(h, 20, 36);
        DefaultSegmentCipher cipher = (DefaultSegmentCipher) CIPHERS.get(suite);
        byte[] s0 = segment(wire, 0);
        byte[] s1 = Arrays.copyOfRange(wire, SEGMENT_OFFSETS[1], wire.length);
        byte[] s1NotFinal = insiderSegment(cipher, SegmentPosition.inStream(streamId, 1, false), S, S);
        byte[] emptyFinal2 = insiderSegment(cipher, SegmentPosition.inStream(streamId, 2, true), 0, 0);
        byte[] short0NotFinal = insiderSegment(cipher, SegmentPosition.inStream(streamId, 0, false), 0, S - 1);
        byte[] full0Final = insiderSegment(cipher, SegmentPosition.inStream(streamId, 0, true), 0, S);
        byte[] long1Final = insiderSegment(cipher, SegmentPosition.inStream(streamId, 1, true), S, S + 1);

        // when / then
        damage.check(
                "empty final segment after full ones",
                concat(h, s0, s1NotFinal, emptyFinal2),
                expect(MalformedCiphertextException.class, 2 * S));
        damage.check(
                "short non-final segment",
                concat(h, short0NotFinal, s1),
                expect(MalformedCiphertextException.class, 0));
        damage.check("two final segments", concat(h, full0Final, s1), expect(MalformedCiphertextException.class, 0));
        damage.check(
                "final segment longer than the segment size",
                concat(h, s0, long1Final),
                expect(MalformedCiphertextException.class, S));
        damage.check("no final segment", concat(h, s0, s1NotFinal), expect(TruncatedCiphertextException.class, 2 * S));
        damage.assertNone();
        assertThat(decryptAll(suite, concat(h, s0, s1)))
                .as("the untouched stream")
                .isEqualTo(Arrays.copyOf(PLAINTEXT, 2 * S));
    }

    /** A segment of {@code PLAINTEXT[offset, offset + length)} at {@code position}, made with the stream's key. */
    private static byte[] insiderSegment(DefaultSegmentCipher cipher, SegmentPosition position, int offset, int length)
            throws InterruptedException {
        byte[] wire = new byte[cipher.wireLength(length)];
        int written = cipher.encryptSegment(position, PLAINTEXT, offset, length, wire);
        return Arrays.copyOf(wire, written);
    }

    // ---------------------------------------------------------------- lone segments and stream segments (ADR 0007)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_oneSegmentStreamWithoutItsStreamHeader_isRefusedByTheLoneSegmentDecrypt(Suite suite)
            throws IOException {
        // given: a one-segment stream with its 96-byte stream header cut off
        byte[] stream = encrypt(suite, Arrays.copyOf(PLAINTEXT, LAST));
        byte[] segment = Arrays.copyOfRange(stream, STREAM_HEADER_BYTES, stream.length);
        byte[] flagCleared = segment.clone();
        flagCleared[6] &= ~0x02; // the STREAM flag: now it looks like a lone segment

        // when / then
        assertThatThrownBy(() -> CIPHERS.get(suite).decrypt(segment))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("segment 0: this segment belongs to a stream (cut out of it?); decrypt the stream instead");
        assertThatThrownBy(() -> CIPHERS.get(suite).decrypt(flagCleared))
                .as("the flags byte is in the key schedule")
                .isInstanceOf(WrongKeyException.class);
    }

    @Test
    void decrypt_loneSegmentBehindAStreamHeader_throwsAuthenticationFailed() throws Exception {
        // given: a key holder's lone segment with the stream's id, index 0 and FINAL, in place of
        // the stream's only segment
        Suite suite = Suite.AES_256_GCM;
        byte[] stream = encrypt(suite, Arrays.copyOf(PLAINTEXT, LAST));
        byte[] h = header(stream);
        byte[] lone = insiderSegment(
                (DefaultSegmentCipher) CIPHERS.get(suite),
                SegmentPosition.lone(Arrays.copyOfRange(h, 20, 36)),
                0,
                LAST);

        // when / then
        assertThatThrownBy(() -> decryptAll(suite, concat(h, lone)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("segment 0 is a lone segment, not a segment of a stream (spliced)");
    }

    // ---------------------------------------------------------------- wrong key, not a stream (B7)

    @ParameterizedTest(name = "{0}")
    @EnumSource(Suite.class)
    void decrypt_wrongKey_throwsWrongKeyBeforeReleasingAnything(Suite suite) throws IOException {
        // given
        SegcryptKey otherKey = SegcryptKey.generate();
        byte[] wire;
        try (SegmentCipher other = Segcrypt.newSegmentCipher(
                otherKey, Options.defaults().withSuite(suite).withFrameSize(F).withSegmentSize(S))) {
            wire = encryptWith(other, PLAINTEXT);
        } finally {
            otherKey.destroy();
        }
        Damage damage = new Damage(suite);

        // when / then
        damage.check("stream under another key", wire, expect(WrongKeyException.class, 0));
        damage.assertNone();
    }

    @Test
    void decrypt_wrongPassphrase_throwsWrongKey() throws IOException {
        // given
        PassphraseParams cheap = new PassphraseParams(64, 1, 1);
        SegcryptKey key = SegcryptKey.fromPassphrase("right".toCharArray(), cheap);
        byte[] wire;
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                key, Options.defaults().withFrameSize(F).withSegmentSize(S))) {
            wire = encryptWith(cipher, PLAINTEXT);
        }
        SegcryptKey wrong = SegcryptKey.fromPassphrase(
                "wrong".toCharArray(), Segcrypt.readStreamInfo(new ByteArrayInputStream(header(wire))));

        // when / then
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(wrong, Options.defaults())) {
            Damage damage = new Damage(cipher, 1);
            damage.check("wrong passphrase", wire, expect(WrongKeyException.class, 0));
            damage.assertNone();
        } finally {
            key.destroy();
            wrong.destroy();
        }
    }

    @Test
    void decrypt_notAStream_throwsMalformed() throws Exception {
        // given
        Damage damage = new Damage(Suite.AES_256_GCM);
        byte[] text = "This is a plain text file, not a segcrypt stream at all.\n"
                .repeat(40)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] loneSegment = CIPHERS.get(Suite.AES_256_GCM).encrypt(Arrays.copyOf(PLAINTEXT, 300));

        // when / then
        damage.check("empty input", new byte[0], expect(MalformedCiphertextException.class, 0));
        damage.check("a text file", text, expect(MalformedCiphertextException.class, 0));
        damage.check("a lone segment (no stream header)", loneSegment, expect(MalformedCiphertextException.class, 0));
        damage.check("96 zero bytes", new byte[STREAM_HEADER_BYTES], expect(MalformedCiphertextException.class, 0));
        damage.assertNone();
    }

    @Test
    void inspect_truncatedInsideStreamHeader_throwsTruncatedLikeTheReader() throws IOException {
        // given
        byte[] cut = Arrays.copyOf(encrypt(Suite.AES_256_GCM, PLAINTEXT), 50);

        // when / then
        assertThatThrownBy(() -> Segcrypt.inspect(new ByteArrayInputStream(cut), segment -> {}))
                .isInstanceOf(TruncatedCiphertextException.class);
    }

    @Test
    void decryptAndInspect_truncatedRightAfterStreamHeader_sayNoSegmentFollows() throws IOException {
        // given
        byte[] headerOnly = header(encrypt(Suite.AES_256_GCM, PLAINTEXT));

        // when / then
        assertThatThrownBy(() -> decryptAll(Suite.AES_256_GCM, headerOnly))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessage("the stream ends after its header without any segment (truncated)");
        assertThatThrownBy(() -> Segcrypt.inspect(new ByteArrayInputStream(headerOnly), segment -> {}))
                .isInstanceOf(TruncatedCiphertextException.class)
                .hasMessage("the stream ends after its header without any segment (truncated)");
    }

    // ---------------------------------------------------------------- random access

    @Test
    void decryptSegment_tamperedSegment_throwsAuthenticationFailedAndOthersStillDecrypt() throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        byte[] wire = encrypt(Suite.AES_256_GCM, PLAINTEXT);
        Path file = Files.write(filesDir.resolve("random-access.sgc"), flip(wire, (SEGMENT_OFFSETS[1] + 200) * 8));

        // when / then
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, file, 1))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, file, S - 1, 2))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(Segcrypt.decryptSegment(cipher, file, 0)).isEqualTo(Arrays.copyOf(PLAINTEXT, S));
        assertThat(Segcrypt.decryptSegment(cipher, file, 2)).isEqualTo(Arrays.copyOfRange(PLAINTEXT, 2 * S, SIZE));
        Files.write(file, flip(wire, 30 * 8)); // inside the stream id
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, file, 0)).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void randomAccess_streamCutAfterANonFinalSegment_answersAboutTheEndThrowTruncated() throws IOException {
        // given: the stream cut after segment 0, and after segment 1 (the finding's case)
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        byte[] wire = encrypt(Suite.AES_256_GCM, PLAINTEXT);
        for (int cut = 1; cut <= 2; cut++) {
            int kept = cut;
            Path file = Files.write(
                    filesDir.resolve("cut-after-" + kept + ".sgc"), Arrays.copyOf(wire, SEGMENT_OFFSETS[kept]));
            int lastKept = kept - 1;

            // when / then: segments that more segments follow in the file are served, each verified
            for (int k = 0; k < lastKept; k++) {
                assertThat(Segcrypt.decryptSegment(cipher, file, k))
                        .isEqualTo(Arrays.copyOfRange(PLAINTEXT, k * S, (k + 1) * S));
                assertThat(Segcrypt.decryptRange(cipher, file, k * S + 1, 10))
                        .isEqualTo(Arrays.copyOfRange(PLAINTEXT, k * S + 1, k * S + 11));
            }
            // the last segment present is not final: never served as if it were the end
            assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, file, lastKept))
                    .as("the last segment present, %d", lastKept)
                    .isInstanceOf(TruncatedCiphertextException.class)
                    .hasMessage("the stream ends after segment " + lastKept + " without a final segment (truncated)");
            for (long index : new long[] {kept, 2, 5, Long.MAX_VALUE}) {
                assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, file, index))
                        .as("segment %d past the cut", index)
                        .isInstanceOf(TruncatedCiphertextException.class);
            }
            assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, file, kept * S, 1))
                    .isInstanceOf(TruncatedCiphertextException.class);
            assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, file, kept * S - 1, 2))
                    .isInstanceOf(TruncatedCiphertextException.class);
            assertThatThrownBy(() -> Segcrypt.decryptRange(cipher, file, SIZE, 1))
                    .isInstanceOf(TruncatedCiphertextException.class);
            assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, file))
                    .isInstanceOf(TruncatedCiphertextException.class);
        }
    }

    @Test
    void plaintextSize_streamCutAtAnyOffset_throwsTruncated() throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.CHACHA20_POLY1305);
        byte[] wire = encrypt(Suite.CHACHA20_POLY1305, PLAINTEXT);
        Path file = filesDir.resolve("cut.sgc");
        List<String> failures = new ArrayList<>();

        // when
        for (int length = 1; length < wire.length; length++) {
            Files.write(file, Arrays.copyOf(wire, length));
            try {
                failures.add("cut at " + length + ": returned " + Segcrypt.plaintextSize(cipher, file));
            } catch (TruncatedCiphertextException expected) {
                // then
            } catch (IOException e) {
                failures.add("cut at " + length + ": " + e);
            }
        }

        // then
        assertThat(failures).isEmpty();
        assertThat(Segcrypt.plaintextSize(cipher, Files.write(file, wire))).isEqualTo(SIZE);
    }

    @Test
    void plaintextSize_damagedOrExtendedEnd_throwsItsCategory() throws IOException {
        // given
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        byte[] wire = encrypt(Suite.AES_256_GCM, PLAINTEXT);
        byte[] cutWithFinalFlag = Arrays.copyOf(wire, SEGMENT_OFFSETS[2]);
        cutWithFinalFlag[SEGMENT_OFFSETS[1] + 6] ^= 0x01; // segment 1 now claims to be final
        byte[] finalSegmentTwice = concat(wire, Arrays.copyOfRange(wire, SEGMENT_OFFSETS[2], TOTAL));
        Path file = filesDir.resolve("end.sgc");

        // when / then
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, Files.write(file, cutWithFinalFlag)))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, Files.write(file, flip(wire, (TOTAL - 1) * 8))))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, Files.write(file, concat(wire, new byte[1]))))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("unexpected bytes after the final segment 2");
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, Files.write(file, finalSegmentTwice)))
                .isInstanceOf(MalformedCiphertextException.class)
                .hasMessage("unexpected bytes after the final segment 2");
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, file, 2))
                .isInstanceOf(MalformedCiphertextException.class);
        assertThat(Segcrypt.decryptSegment(cipher, file, 1)).isEqualTo(Arrays.copyOfRange(PLAINTEXT, S, 2 * S));
    }

    @Test
    void randomAccess_flagOfASegmentFlipped_failsAuthenticationAsTheStreamDoes() throws IOException {
        // given: segment 1 of three claims to be final; and a stream of two full segments whose final
        // segment no longer says so. Flags are authenticated, so both are tampering, not an end.
        SegmentCipher cipher = CIPHERS.get(Suite.AES_256_GCM);
        byte[] wire = encrypt(Suite.AES_256_GCM, PLAINTEXT);
        byte[] middleClaimsFinal = wire.clone();
        middleClaimsFinal[SEGMENT_OFFSETS[1] + 6] ^= 0x01;
        byte[] twoFull = encrypt(Suite.AES_256_GCM, Arrays.copyOf(PLAINTEXT, 2 * S));
        byte[] lastNotFinal = twoFull.clone();
        lastNotFinal[SEGMENT_OFFSETS[1] + 6] ^= 0x01;
        Path middle = Files.write(filesDir.resolve("middle-final.sgc"), middleClaimsFinal);
        Path last = Files.write(filesDir.resolve("last-not-final.sgc"), lastNotFinal);

        // when / then: the decrypting stream's category, from every random access answer
        assertThatThrownBy(() -> readAll(cipher, middleClaimsFinal)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, middle))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, middle, 2))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, middle, 1))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> readAll(cipher, lastNotFinal)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.plaintextSize(cipher, last))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> Segcrypt.decryptSegment(cipher, last, 1))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    private static byte[] readAll(SegmentCipher cipher, byte[] wire) throws IOException {
        try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        }
    }

    // ---------------------------------------------------------------- the harness

    /**
     * Runs one damaged input through the decrypting stream (with a read step that varies from case
     * to case) and through decryptFile (to a new target and over an existing one), and records
     * every way the outcome differs from the expectation. The big matrices check decryptFile on
     * every {@code fileEvery}-th case only, because it goes through the same stream reader and
     * costs file system work.
     */
    private static final class Damage {
        private final SegmentCipher cipher;
        private final int fileEvery;
        private final List<String> failures = new ArrayList<>();
        private int cases;
        private int fileCases;

        Damage(Suite suite) {
            this(CIPHERS.get(suite), 1);
        }

        Damage(Suite suite, int fileEvery) {
            this(CIPHERS.get(suite), fileEvery);
        }

        Damage(SegmentCipher cipher, int fileEvery) {
            this.cipher = cipher;
            this.fileEvery = fileEvery;
        }

        void check(String name, byte[] input, Expected expected) throws IOException {
            check(name, input, expected, false);
        }

        void check(String name, byte[] input, Expected expected, boolean alwaysFile) throws IOException {
            int step = READ_STEPS[cases % READ_STEPS.length];
            checkStream(name + " (read step " + step + ")", input, expected, step);
            if (alwaysFile || cases % fileEvery == 0) {
                checkFile(name, input, expected);
                fileCases++;
            }
            cases++;
        }

        private void checkStream(String name, byte[] input, Expected expected, int step) throws IOException {
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(input));
            Throwable thrown = null;
            try {
                byte[] buffer = new byte[step];
                while (true) {
                    int n = step == 1 ? in.read() : in.read(buffer, 0, step);
                    if (n < 0) {
                        break;
                    }
                    if (step == 1) {
                        released.write(n);
                    } else {
                        released.write(buffer, 0, n);
                    }
                }
            } catch (Throwable t) {
                thrown = t;
            }
            byte[] got = released.toByteArray();
            if (thrown == null) {
                failures.add(name + ": the stream ended cleanly after " + got.length + " bytes");
                return;
            }
            if (thrown.getClass() != expected.type()) {
                failures.add(name + ": threw " + thrown + ", expected "
                        + expected.type().getSimpleName());
            }
            if (got.length != expected.releasedBytes()
                    || !Arrays.equals(got, Arrays.copyOf(PLAINTEXT, Math.min(got.length, PLAINTEXT.length)))) {
                failures.add(name + ": released " + got.length + " bytes ("
                        + (Arrays.equals(got, Arrays.copyOf(PLAINTEXT, Math.min(got.length, PLAINTEXT.length)))
                                ? "a"
                                : "NOT a")
                        + " plaintext prefix), expected the first " + expected.releasedBytes());
            }
            stickyFailures(name, in);
            in.close();
        }

        /** T8: after the first failure every call throws; never data, never the end of the stream. */
        private void stickyFailures(String name, InputStream in) {
            List<String> calls =
                    List.of("read()", "read()", "read()", "read(byte[])", "skip(10)", "transferTo", "available()");
            for (String call : calls) {
                try {
                    Object result = switch (call) {
                        case "read()" -> in.read();
                        case "read(byte[])" -> in.read(new byte[10]);
                        case "skip(10)" -> in.skip(10);
                        case "transferTo" -> in.transferTo(OutputStream.nullOutputStream());
                        case "available()" -> in.available();
                        default -> throw new AssertionError(call);
                    };
                    failures.add(name + ": after the failure, " + call + " returned " + result);
                } catch (IOException expectedFailure) {
                    // sticky, as it must be
                } catch (RuntimeException e) {
                    failures.add(name + ": after the failure, " + call + " threw " + e + " instead of an IOException");
                }
            }
        }

        private void checkFile(String name, byte[] input, Expected expected) throws IOException {
            Path source = Files.write(filesDir.resolve("damaged.sgc"), input);
            Path fresh = Files.createDirectories(filesDir.resolve("fresh"));
            Path existing = Files.createDirectories(filesDir.resolve("existing"));
            Path existingTarget = existing.resolve("plain.bin");
            if (!Files.exists(existingTarget)) {
                Files.writeString(existingTarget, "previous content");
            }
            for (Path target : List.of(fresh.resolve("plain.bin"), existingTarget)) {
                try {
                    Segcrypt.decryptFile(cipher, source, target, done -> {});
                    failures.add(name + ": decryptFile accepted it");
                } catch (InvalidCiphertextException e) {
                    if (e.getClass() != expected.type()) {
                        failures.add(name + ": decryptFile threw " + e + ", expected "
                                + expected.type().getSimpleName());
                    }
                }
            }
            try (Stream<Path> left = Files.list(fresh)) {
                List<Path> files = left.toList();
                if (!files.isEmpty()) {
                    failures.add(name + ": decryptFile left " + files);
                }
            }
            try (Stream<Path> left = Files.list(existing)) {
                List<Path> files = left.toList();
                if (!files.equals(List.of(existingTarget))) {
                    failures.add(name + ": decryptFile left " + files + " next to the existing target");
                }
            }
            if (!Files.readString(existingTarget).equals("previous content")) {
                failures.add(name + ": decryptFile changed the existing target");
            }
        }

        void assertNone() {
            assertThat(cases).as("cases checked").isPositive();
            assertThat(failures)
                    .as("failures among %d cases (%d through decryptFile too)", cases, fileCases)
                    .isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] encrypt(Suite suite, byte[] plaintext) throws IOException {
        byte[] wire = encryptWith(CIPHERS.get(suite), plaintext);
        if (plaintext.length == SIZE) {
            assertThat(wire).as("the stream under test").hasSize(TOTAL);
        }
        return wire;
    }

    private static byte[] encryptWith(SegmentCipher cipher, byte[] plaintext) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, sink)) {
            out.write(plaintext);
        }
        return sink.toByteArray();
    }

    private static byte[] decryptAll(Suite suite, byte[] wire) throws IOException {
        try (InputStream in = Segcrypt.newDecryptingStream(CIPHERS.get(suite), new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        }
    }

    private static boolean validSuite(byte id) {
        return id == 0x01 || id == 0x02;
    }

    private static byte[] flip(byte[] wire, int bit) {
        byte[] copy = wire.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static byte[] header(byte[] wire) {
        return Arrays.copyOf(wire, STREAM_HEADER_BYTES);
    }

    private static byte[] segment(byte[] wire, int k) {
        int end = k == 2 ? TOTAL : SEGMENT_OFFSETS[k + 1];
        return Arrays.copyOfRange(wire, SEGMENT_OFFSETS[k], end);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
