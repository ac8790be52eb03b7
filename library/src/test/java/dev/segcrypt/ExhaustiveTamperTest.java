package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segcrypt.testing.Released;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every single-bit flip of a small stream, every swap, drop and duplicate of its frames (within a
 * segment, and moved between segments or from another stream), and every sequence of up to four of
 * its segments: each is rejected with a typed {@link InvalidCiphertextException} after releasing
 * exactly the intact segments before the damage, never the final one when bytes follow it. The
 * truncation at every length is in {@link StreamTamperTest}; each test prints how many inputs it tried.
 *
 * <p>The stream: frames of {@value #F} bytes, segments of {@value #S} bytes (two data frames), and
 * a plaintext of {@value #SIZE} bytes, so segments 0 and 1 are full and segment 2 (final) holds
 * {@value #LAST}.
 */
class ExhaustiveTamperTest {

    private static final int F = 64;
    private static final int S = 128;
    private static final int LAST = 100;
    private static final int SIZE = 2 * S + LAST;
    private static final int[] SEGMENT_PLAINTEXT = {S, S, LAST};

    /** From docs/wire-format.md: the stream header, and a segment's header, data frames, G and T. */
    private static final int STREAM_HEADER = 96;

    private static final int SEGMENT_HEADER = 108;
    private static final int TAG = 16;
    private static final int DIGEST_FRAME = 32 + TAG;
    private static final int TERMINATOR_FRAME = 32;

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final byte[] PLAINTEXT = new byte[SIZE];

    @TempDir
    static Path dir;

    @BeforeAll
    static void makePlaintext() {
        new SplittableRandom(11).nextBytes(PLAINTEXT);
    }

    @AfterAll
    static void destroyKey() {
        KEY.destroy();
    }

    /** One segment of the stream cut into its header and frames (data frames, then G, then T). */
    private record Segment(byte[] header, List<byte[]> frames) {

        static Segment parse(byte[] wire, int offset, int plaintext) {
            byte[] header = Arrays.copyOfRange(wire, offset, offset + SEGMENT_HEADER);
            List<byte[]> frames = new ArrayList<>();
            int at = offset + SEGMENT_HEADER;
            for (int left = plaintext; left > 0; left -= F) {
                int length = Math.min(F, left) + TAG;
                frames.add(Arrays.copyOfRange(wire, at, at + length));
                at += length;
            }
            frames.add(Arrays.copyOfRange(wire, at, at + DIGEST_FRAME));
            frames.add(Arrays.copyOfRange(wire, at + DIGEST_FRAME, at + DIGEST_FRAME + TERMINATOR_FRAME));
            return new Segment(header, frames);
        }

        Segment withFrames(List<byte[]> replaced) {
            return new Segment(header, replaced);
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            frames.forEach(out::writeBytes);
            return out.toByteArray();
        }

        int length() {
            return bytes().length;
        }
    }

    /** A stream cut into its header and segments. */
    private record Stream(byte[] header, List<Segment> segments) {

        static Stream parse(byte[] wire) {
            List<Segment> segments = new ArrayList<>();
            int at = STREAM_HEADER;
            for (int plaintext : SEGMENT_PLAINTEXT) {
                Segment segment = Segment.parse(wire, at, plaintext);
                segments.add(segment);
                at += segment.length();
            }
            assertThat(at).as("the stream ends where the spec says").isEqualTo(wire.length);
            return new Stream(Arrays.copyOf(wire, STREAM_HEADER), segments);
        }

        static byte[] join(byte[] header, List<Segment> segments) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            segments.forEach(segment -> out.writeBytes(segment.bytes()));
            return out.toByteArray();
        }

        byte[] withSegment(int k, Segment replacement) {
            List<Segment> edited = new ArrayList<>(segments);
            edited.set(k, replacement);
            return join(header, edited);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void decrypt_everyBitOfTheStreamFlipped_rejectedAfterOnlyTheSegmentsBefore(Suite suite) throws IOException {
        try (SegmentCipher cipher = cipher(suite)) {
            byte[] wire = encrypt(cipher);
            Stream stream = Stream.parse(wire);
            int[] segmentStarts = new int[3];
            for (int k = 0, at = STREAM_HEADER;
                    k < 3;
                    at += stream.segments().get(k).length(), k++) {
                segmentStarts[k] = at;
            }
            List<String> wrong = new ArrayList<>();
            for (int offset = 0; offset < wire.length; offset++) {
                int damaged = offset < segmentStarts[1] ? 0 : offset < segmentStarts[2] ? 1 : 2;
                for (int bit = 0; bit < 8; bit++) {
                    byte[] tampered = wire.clone();
                    tampered[offset] ^= (byte) (1 << bit);
                    check("byte " + offset + " bit " + bit, cipher, tampered, released(damaged), wrong);
                }
            }
            report(suite, "bit flips", 8 * wire.length, wrong);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void decrypt_everyFrameSwappedDroppedOrDuplicated_rejectedAfterOnlyTheSegmentsBefore(Suite suite)
            throws IOException {
        try (SegmentCipher cipher = cipher(suite)) {
            Stream stream = Stream.parse(encrypt(cipher));
            Stream other = Stream.parse(encrypt(cipher)); // same key, plaintext and layout
            List<String> wrong = new ArrayList<>();
            int tried = 0;
            for (int k = 0; k < 3; k++) {
                Segment segment = stream.segments().get(k);
                List<byte[]> frames = segment.frames();
                for (int i = 0; i < frames.size(); i++) {
                    List<byte[]> dropped = new ArrayList<>(frames);
                    dropped.remove(i);
                    check(
                            "segment " + k + " drop frame " + i,
                            cipher,
                            stream.withSegment(k, segment.withFrames(dropped)),
                            released(k),
                            wrong);
                    List<byte[]> duplicated = new ArrayList<>(frames);
                    duplicated.add(i, frames.get(i));
                    // a second T after a whole segment k is where segment k + 1 should begin: k is intact
                    int intact = i == frames.size() - 1 ? Math.min(k + 1, 2) : k;
                    check(
                            "segment " + k + " duplicate frame " + i,
                            cipher,
                            stream.withSegment(k, segment.withFrames(duplicated)),
                            released(intact),
                            wrong);
                    for (int j = i + 1; j < frames.size(); j++) {
                        List<byte[]> swapped = new ArrayList<>(frames);
                        swapped.set(i, frames.get(j));
                        swapped.set(j, frames.get(i));
                        check(
                                "segment " + k + " swap frames " + i + " and " + j,
                                cipher,
                                stream.withSegment(k, segment.withFrames(swapped)),
                                released(k),
                                wrong);
                        tried++;
                    }
                    for (int from = 0; from < 3; from++) {
                        // frame i from another segment of this stream, or from the same place in the other stream
                        List<byte[]> donorFrames = from == k
                                ? other.segments().get(k).frames()
                                : stream.segments().get(from).frames();
                        if (i < donorFrames.size()) {
                            List<byte[]> moved = new ArrayList<>(frames);
                            moved.set(i, donorFrames.get(i));
                            String donor = from == k ? "the other stream's segment " + k : "segment " + from;
                            check(
                                    "segment " + k + " frame " + i + " from " + donor,
                                    cipher,
                                    stream.withSegment(k, segment.withFrames(moved)),
                                    released(k),
                                    wrong);
                            tried++;
                        }
                    }
                    tried += 2;
                }
            }
            report(suite, "frame edits", tried, wrong);
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void decrypt_everySequenceOfUpToFourSegments_onlyTheOriginalDecrypts(Suite suite) throws IOException {
        try (SegmentCipher cipher = cipher(suite)) {
            Stream stream = Stream.parse(encrypt(cipher));
            List<String> wrong = new ArrayList<>();
            int tried = 0;
            for (int length = 0; length <= 4; length++) {
                for (int code = 0; code < Math.pow(3, length); code++) {
                    int[] order = new int[length];
                    for (int p = 0, c = code; p < length; p++, c /= 3) {
                        order[p] = c % 3;
                    }
                    List<Segment> segments = new ArrayList<>();
                    for (int k : order) {
                        segments.add(stream.segments().get(k));
                    }
                    byte[] wire = Stream.join(stream.header(), segments);
                    if (Arrays.equals(order, new int[] {0, 1, 2})) {
                        assertThat(Released.byDecryptingStream(cipher, wire).rejection())
                                .as("the original")
                                .isNull();
                        continue;
                    }
                    int intact = 0; // segments in their own place before the first that is not
                    while (intact < length && intact < 3 && order[intact] == intact) {
                        intact++;
                    }
                    // the final segment is never released when anything follows it
                    check("segments " + Arrays.toString(order), cipher, wire, released(Math.min(intact, 2)), wrong);
                    tried++;
                }
            }
            report(suite, "segment sequences", tried, wrong);
        }
    }

    /** Plaintext bytes of segments 0 .. k-1. */
    private static int released(int k) {
        return Arrays.stream(SEGMENT_PLAINTEXT, 0, k).sum();
    }

    private static void check(String what, SegmentCipher cipher, byte[] wire, int expectedReleased, List<String> wrong)
            throws IOException {
        Released released = Released.byDecryptingStream(cipher, wire);
        if (released.rejection() == null) {
            wrong.add(what + ": accepted");
        } else if (!Arrays.equals(released.bytes(), Arrays.copyOf(PLAINTEXT, expectedReleased))) {
            wrong.add(
                    what + ": released " + released.bytes().length + " bytes, expected the first " + expectedReleased);
        }
    }

    private static void report(Suite suite, String what, int tried, List<String> wrong) {
        System.out.printf(
                "exhaustive tampering, %s: %d %s tried, %d not rejected as required%n",
                suite, tried, what, wrong.size());
        assertThat(wrong).as("%s of %d %s", wrong.size(), tried, what).isEmpty();
    }

    private static SegmentCipher cipher(Suite suite) {
        return Segcrypt.newSegmentCipher(
                KEY,
                Options.defaults()
                        .withSuite(suite)
                        .withFrameSize(F)
                        .withSegmentSize(S)
                        .withCarriers(2));
    }

    private static byte[] encrypt(SegmentCipher cipher) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
            out.write(PLAINTEXT);
        }
        return wire.toByteArray();
    }
}
