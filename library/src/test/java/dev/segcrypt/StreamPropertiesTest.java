package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.segcrypt.testing.Released;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of streams through the public API, for any layout (suite, frame size, segment size,
 * plaintext length) and any damage. Lengths and offsets are computed from docs/wire-format.md's
 * formulas here, not taken from the library:
 *
 * <pre>
 * stream = streamHeader(96) || segment_0 || ... || segment_(m-1),   m = max(1, ceil(P / S))
 * W(s)   = 108 + s + 16 * ceil(s / F) + 48 + 32                      (header, data frames, G, T)
 * </pre>
 */
class StreamPropertiesTest {

    private static final int STREAM_HEADER = 96;
    private static final int SEGMENT_HEADER = 108;
    private static final int TAG = 16;
    private static final int DIGEST_FRAME = 32 + TAG;
    private static final int TERMINATOR_FRAME = 32;
    /** Examples per property; {@code -Dsegcrypt.examples=N} runs the long variant (docs/security.md). */
    private static final int EXAMPLES = Integer.getInteger("segcrypt.examples", 150);

    private static final SegcryptKey KEY = SegcryptKey.generate();

    @TempDir
    static Path dir;

    @AfterAll
    static void destroyKey() {
        KEY.destroy();
    }

    /** A stream's layout and contents; {@code seed} also drives chunking and damage. */
    record Layout(Suite suite, int frameSize, int segmentSize, int plaintextLength, long seed) {

        int segments() {
            return Math.max(1, ceilDiv(plaintextLength, segmentSize));
        }

        long segmentOffset(int k) {
            return STREAM_HEADER + (long) k * segmentWire(segmentSize);
        }

        int segmentPlaintext(int k) {
            return k < segments() - 1 ? segmentSize : plaintextLength - (segments() - 1) * segmentSize;
        }

        int segmentWire(int plaintext) {
            return SEGMENT_HEADER + plaintext + TAG * ceilDiv(plaintext, frameSize) + DIGEST_FRAME + TERMINATOR_FRAME;
        }

        long wireLength() {
            return segmentOffset(segments() - 1) + segmentWire(segmentPlaintext(segments() - 1));
        }

        /** {@return the segment that holds wire byte {@code offset}; -1 for the stream header} */
        int segmentAt(long offset) {
            return offset < STREAM_HEADER
                    ? -1
                    : (int) Math.min((offset - STREAM_HEADER) / segmentWire(segmentSize), segments() - 1);
        }

        byte[] plaintext() {
            byte[] plaintext = new byte[plaintextLength];
            new SplittableRandom(seed).nextBytes(plaintext);
            return plaintext;
        }

        Options options() {
            return Options.defaults()
                    .withSuite(suite)
                    .withFrameSize(frameSize)
                    .withSegmentSize(segmentSize)
                    .withCarriers(2);
        }
    }

    /** Frames of 64-300 bytes, 1-4 frames a segment (the last frame possibly short), 0-4 segments and a part. */
    private static Gen<Layout> layouts() {
        return Generate.enumValues(Suite.class)
                .zip(
                        integers().between(Options.MIN_FRAME_SIZE_IN_BYTES, 300),
                        integers().between(1, 4),
                        integers().between(0, 1000),
                        (suite, frame, frames, extra) -> new int[] {suite.ordinal(), frame, frames, extra})
                .zip(integers().between(0, 4), longs().all(), (t, wholeSegments, seed) -> {
                    int frame = t[1];
                    int shortLastFrameBy = t[3] % 2 == 0 ? 0 : t[3] % frame; // half the segments end in a short frame
                    int segmentSize = Math.max(Options.MIN_FRAME_SIZE_IN_BYTES, frame * t[2] - shortLastFrameBy);
                    int plaintext = wholeSegments * segmentSize + t[3] % (segmentSize + 1);
                    return new Layout(Suite.values()[t[0]], frame, segmentSize, plaintext, seed);
                });
    }

    // ---- round trips ---------------------------------------------------------------------------

    @Test
    void streams_anyWriteAndReadChunking_giveThePlaintextBackInTheSpecLayout() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts())
                .checkAssert(layout -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    SplittableRandom random = new SplittableRandom(layout.seed() ^ 1);
                    byte[] wire = encryptInChunks(cipher, plaintext, random);
                    assertThat(wire.length).as("W from the spec, %s", layout).isEqualTo(layout.wireLength());
                    assertThat(decryptInChunks(cipher, wire, random))
                            .as("%s", layout)
                            .isEqualTo(plaintext);
                    return null;
                }));
    }

    @Test
    void inspect_anyStream_listsEverySegmentWhereTheSpecPutsIt() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts())
                .checkAssert(layout -> withCipher(layout, cipher -> {
                    byte[] wire = encrypt(cipher, layout.plaintext());
                    List<SegmentInfo> segments = new ArrayList<>();
                    StreamInfo info = Segcrypt.inspect(new ByteArrayInputStream(wire), segments::add);
                    assertThat(info.suite()).isEqualTo(layout.suite());
                    assertThat(segments).hasSize(layout.segments());
                    for (int k = 0; k < segments.size(); k++) {
                        SegmentInfo segment = segments.get(k);
                        assertThat(segment.index()).isEqualTo(k);
                        assertThat(segment.offset())
                                .as("offset of %d, %s", k, layout)
                                .isEqualTo(layout.segmentOffset(k));
                        assertThat(segment.plaintextBytes()).isEqualTo(layout.segmentPlaintext(k));
                        assertThat(segment.wireBytes()).isEqualTo(layout.segmentWire(layout.segmentPlaintext(k)));
                        assertThat(segment.isFinal()).isEqualTo(k == segments.size() - 1);
                    }
                    return null;
                }));
    }

    @Test
    void decryptRange_anyRange_equalsTheSliceOfThePlaintext() {
        qt().withExamples(EXAMPLES)
                .forAll(
                        layouts(),
                        integers().between(0, Integer.MAX_VALUE),
                        integers().between(0, Integer.MAX_VALUE))
                .checkAssert((layout, a, b) -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    Path file = Files.write(Files.createTempFile(dir, "range", ".sc"), encrypt(cipher, plaintext));
                    int offset = plaintext.length == 0 ? 0 : a % (plaintext.length + 1);
                    int length = b % (plaintext.length - offset + 1);
                    assertThat(Segcrypt.decryptRange(cipher, file, offset, length))
                            .as("range %d+%d of %s", offset, length, layout)
                            .isEqualTo(Arrays.copyOfRange(plaintext, offset, offset + length));
                    Files.delete(file);
                    return null;
                }));
    }

    @Test
    void segments_anySizeAndLayout_roundTripWithTheSpecLength() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts())
                .checkAssert(layout -> withCipher(layout, cipher -> {
                    byte[] plaintext = Arrays.copyOf(
                            layout.plaintext(), Math.min(layout.plaintextLength(), 4 * layout.frameSize()));
                    byte[] wire = cipher.encrypt(plaintext);
                    assertThat(wire.length)
                            .as("W(%d), %s", plaintext.length, layout)
                            .isEqualTo(layout.segmentWire(plaintext.length));
                    assertThat(cipher.decrypt(wire)).isEqualTo(plaintext);
                    return null;
                }));
    }

    // ---- damage --------------------------------------------------------------------------------

    @Test
    void streams_anySingleBitFlipped_rejectedAfterReleasingOnlyTheSegmentsBefore() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts(), longs().all())
                .checkAssert((layout, where) -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    byte[] wire = encrypt(cipher, plaintext);
                    long bit = Math.floorMod(where, 8L * wire.length);
                    wire[(int) (bit / 8)] ^= (byte) (1 << (int) (bit % 8));
                    int damaged = Math.max(0, layout.segmentAt(bit / 8));

                    Released released = Released.byDecryptingStream(cipher, wire);

                    assertThat(released.rejection())
                            .as("flip of bit %d, %s", bit, layout)
                            .isNotNull();
                    assertThat(released.bytes()).isEqualTo(Arrays.copyOf(plaintext, damaged * layout.segmentSize()));
                    return null;
                }));
    }

    @Test
    void streams_truncatedAtAnyLength_rejectedAsTruncatedAfterWholeSegmentsOnly() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts(), longs().all())
                .checkAssert((layout, where) -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    byte[] wire = encrypt(cipher, plaintext);
                    int length = (int) Math.floorMod(where, (long) wire.length);
                    int complete = 0;
                    while (complete < layout.segments() && layout.segmentOffset(complete + 1) <= length) {
                        complete++;
                    }

                    Released released = Released.byDecryptingStream(cipher, Arrays.copyOf(wire, length));

                    assertThat(released.rejection())
                            .as("cut at %d, %s", length, layout)
                            .isInstanceOf(
                                    length == 0
                                            ? MalformedCiphertextException.class
                                            : TruncatedCiphertextException.class);
                    assertThat(released.bytes()).isEqualTo(Arrays.copyOf(plaintext, complete * layout.segmentSize()));
                    return null;
                }));
    }

    @Test
    void streams_segmentsSplicedFromAnotherStreamUnderTheSameKey_rejectedAtTheFirstForeignSegment() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts(), longs().all())
                .checkAssert((layout, choice) -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    byte[] mine = encrypt(cipher, plaintext);
                    byte[] other =
                            encrypt(cipher, plaintext); // same key, layout and plaintext; other stream id and salts
                    SplittableRandom random = new SplittableRandom(choice);
                    int firstForeign = -1;
                    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
                    spliced.write(mine, 0, STREAM_HEADER);
                    for (int k = 0; k < layout.segments(); k++) {
                        boolean foreign = random.nextBoolean() || (firstForeign < 0 && k == layout.segments() - 1);
                        int from = (int) layout.segmentOffset(k);
                        spliced.write(foreign ? other : mine, from, layout.segmentWire(layout.segmentPlaintext(k)));
                        if (foreign && firstForeign < 0) {
                            firstForeign = k;
                        }
                    }

                    Released released = Released.byDecryptingStream(cipher, spliced.toByteArray());

                    assertThat(released.rejection()).as("%s", layout).isInstanceOf(AuthenticationFailedException.class);
                    assertThat(released.bytes())
                            .isEqualTo(Arrays.copyOf(plaintext, firstForeign * layout.segmentSize()));
                    return null;
                }));
    }

    /**
     * Any run of edits (ranges inserted, deleted, duplicated, overwritten) leaves every reader with
     * only the library's typed rejections: the decrypting stream, decryptFile, inspect and
     * readStreamInfo never throw anything else, and the stream never releases a byte that is not
     * the plaintext's.
     */
    @Test
    void readers_anyEditedStream_throwOnlyTypedRejections() {
        qt().withExamples(EXAMPLES)
                .forAll(layouts(), longs().all())
                .checkAssert((layout, edits) -> withCipher(layout, cipher -> {
                    byte[] plaintext = layout.plaintext();
                    byte[] wire = edit(encrypt(cipher, plaintext), new SplittableRandom(edits));

                    Released released = Released.byDecryptingStream(cipher, wire);
                    assertThat(Arrays.equals(
                                            released.bytes(),
                                            0,
                                            released.bytes().length,
                                            plaintext,
                                            0,
                                            Math.min(plaintext.length, released.bytes().length))
                                    && released.bytes().length <= plaintext.length)
                            .as("released bytes are a prefix of the plaintext, %s", layout)
                            .isTrue();
                    Path source = Files.write(Files.createTempFile(dir, "edited", ".sc"), wire);
                    Path target = dir.resolve(source.getFileName() + ".out");
                    try {
                        Segcrypt.decryptFile(cipher, source, target, done -> {});
                        assertThat(Files.readAllBytes(target)).isEqualTo(plaintext);
                    } catch (InvalidCiphertextException rejected) {
                        assertThat(target).doesNotExist();
                    }
                    try {
                        Segcrypt.inspect(new ByteArrayInputStream(wire), segment -> {});
                        Segcrypt.readStreamInfo(new ByteArrayInputStream(wire));
                    } catch (InvalidCiphertextException rejected) {
                        // the only other outcome allowed
                    }
                    Files.deleteIfExists(target);
                    Files.delete(source);
                    return null;
                }));
    }

    private static byte[] edit(byte[] wire, SplittableRandom random) {
        byte[] out = wire;
        for (int e = 1 + random.nextInt(3); e > 0 && out.length > 0; e--) {
            int at = random.nextInt(out.length);
            int length = 1 + random.nextInt(Math.min(200, out.length - at));
            int from = random.nextInt(out.length - length + 1);
            int op = random.nextInt(4);
            byte[] inserted = switch (op) {
                case 0 -> new byte[0]; // delete
                case 1 -> { // overwrite with noise
                    byte[] noise = new byte[length];
                    random.nextBytes(noise);
                    yield noise;
                }
                case 2 -> Arrays.copyOfRange(out, at, at + length); // duplicate in place
                default -> Arrays.copyOfRange(out, from, from + length); // copy from elsewhere
            };
            int removed = op <= 1 ? length : 0;
            byte[] next = new byte[out.length - removed + inserted.length];
            System.arraycopy(out, 0, next, 0, at);
            System.arraycopy(inserted, 0, next, at, inserted.length);
            System.arraycopy(out, at + removed, next, at + inserted.length, out.length - at - removed);
            out = next;
        }
        return out;
    }

    // ---- helpers -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface CipherCheck {
        Void check(SegmentCipher cipher) throws Exception;
    }

    private static void withCipher(Layout layout, CipherCheck check) {
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(KEY, layout.options())) {
            check.check(cipher);
        } catch (IOException e) {
            throw new UncheckedIOException(layout.toString(), e);
        } catch (Exception e) {
            throw new AssertionError(layout.toString(), e);
        }
    }

    private static byte[] encrypt(SegmentCipher cipher, byte[] plaintext) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
            out.write(plaintext);
        }
        return wire.toByteArray();
    }

    private static byte[] encryptInChunks(SegmentCipher cipher, byte[] plaintext, SplittableRandom random)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (OutputStream out = Segcrypt.newEncryptingStream(cipher, wire)) {
            for (int at = 0; at < plaintext.length; ) {
                int n = Math.min(plaintext.length - at, chunk(random));
                if (n == 1 && random.nextBoolean()) {
                    out.write(plaintext[at]);
                } else {
                    out.write(plaintext, at, n);
                }
                at += n;
            }
        }
        return wire.toByteArray();
    }

    private static byte[] decryptInChunks(SegmentCipher cipher, byte[] wire, SplittableRandom random)
            throws IOException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        try (InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            byte[] buffer = new byte[1100];
            for (int n; (n = in.read(buffer, 0, chunk(random))) != -1; ) {
                plaintext.write(buffer, 0, n);
            }
        }
        return plaintext.toByteArray();
    }

    /** 1 byte, a few bytes, or up to about two segments' worth. */
    private static int chunk(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(16);
            default -> 1 + random.nextInt(1100);
        };
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
