package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.segcrypt.testing.ProvidersUnderTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with lone segments through the public API (reliability.md §3, T1-T6) on tiny frames
 * (F = 64), so that every bit and every truncation length can be tried.
 *
 * <p>Every case asserts the exact {@link InvalidCiphertextException} subtype, derived here from
 * docs/wire-format.md's decoder order (strict header parse, lone-segment check, exact wire length,
 * key commitment, terminator, digest, data frames):
 *
 * <table>
 * <caption>what a change to each part of the wire gives</caption>
 * <tr><th>changed</th><th>exception</th></tr>
 * <tr><td>magic, version, suite, flags, reserved (bytes 0-7)</td><td>Malformed (a cleared FINAL flag too: the
 *     lone-segment decrypt refuses stream segments)</td></tr>
 * <tr><td>frame size (8-11)</td><td>Malformed if out of [64, 16 MiB]; else by the implied wire length:
 *     longer than the input = Truncated, shorter = Malformed, equal (same frame count) =
 *     AuthenticationFailed (the header is every frame's AAD)</td></tr>
 * <tr><td>plaintext length (12-19)</td><td>Malformed above 2^30; more = Truncated; less = Malformed</td></tr>
 * <tr><td>stream id (20-35), salt (44-75), commitment (76-107)</td><td>WrongKey (key commitment)</td></tr>
 * <tr><td>segment index (36-43)</td><td>Malformed (a lone segment has index 0)</td></tr>
 * <tr><td>any frame byte (108-)</td><td>AuthenticationFailed</td></tr>
 * <tr><td>truncation at any length</td><td>Truncated (inside the header, or shorter than the header announces)</td></tr>
 * <tr><td>trailing bytes</td><td>Malformed</td></tr>
 * </table>
 *
 * <p>Each rejection is asserted as a thrown exception, so no plaintext is returned. Decryption
 * rotates over one reused cipher per available provider (JDK, Bouncy Castle, Conscrypt), so every
 * provider sees a share of every mutation class; decrypt is safe to repeat on one cipher.
 */
class SegmentTamperTest {

    private static final int F = 64;
    private static final int FRAME_WIRE = F + 16;
    private static final int HEADER_SIZE = 108;
    private static final int TAG_SIZE = 16;
    private static final int DIGEST_FRAME_SIZE = 32 + TAG_SIZE;
    private static final int TERMINATOR_FRAME_SIZE = 16 + TAG_SIZE;
    private static final int[] SIZES = {0, 1, F - 1, F, F + 1, 2 * F + 1};
    /** Sizes with at least three data frames, for the frame edits of T4. */
    private static final int[] MULTI_FRAME_SIZES = {2 * F + 1, 4 * F + 5};

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final Map<Suite, SegmentCipher> ENCRYPTORS = new EnumMap<>(Suite.class);
    private static final List<SegmentCipher> DECRYPTORS = new ArrayList<>();
    private static SegmentCipher otherKeyCipher;
    // wire and plaintext per (suite, size), made once
    private static final Map<Suite, Map<Integer, byte[]>> WIRES = new EnumMap<>(Suite.class);
    private static final Map<Suite, Map<Integer, byte[]>> PLAINTEXTS = new EnumMap<>(Suite.class);
    private static int rotation; // only the test thread

    @BeforeAll
    static void encryptSegments() throws Exception {
        for (CryptoProvider provider : ProvidersUnderTest.loadable()) {
            DECRYPTORS.add(Segcrypt.newSegmentCipher(
                    KEY, Options.defaults().withProvider(provider).withCarriers(1)));
        }
        otherKeyCipher = Segcrypt.newSegmentCipher(
                SegcryptKey.generate(), Options.defaults().withCarriers(1));
        for (Suite suite : Suite.values()) {
            SegmentCipher encryptor = Segcrypt.newSegmentCipher(
                    KEY, Options.defaults().withSuite(suite).withFrameSize(F).withCarriers(1));
            ENCRYPTORS.put(suite, encryptor);
            Map<Integer, byte[]> wires = new HashMap<>();
            Map<Integer, byte[]> plaintexts = new HashMap<>();
            for (int size : IntStream.concat(IntStream.of(SIZES), IntStream.of(MULTI_FRAME_SIZES))
                    .toArray()) {
                byte[] plaintext = randomBytes(size, 1000L * suite.ordinal() + size);
                plaintexts.put(size, plaintext);
                wires.put(size, encryptor.encrypt(plaintext));
            }
            WIRES.put(suite, wires);
            PLAINTEXTS.put(suite, plaintexts);
        }
    }

    @AfterAll
    static void closeCiphers() {
        ENCRYPTORS.values().forEach(SegmentCipher::close);
        DECRYPTORS.forEach(SegmentCipher::close);
        otherKeyCipher.close();
    }

    static Stream<Arguments> suitesAndSizes() {
        return Stream.of(Suite.values())
                .flatMap(suite -> IntStream.of(SIZES).mapToObj(size -> Arguments.of(suite, size)));
    }

    static Stream<Arguments> suitesAndMultiFrameSizes() {
        return Stream.of(Suite.values())
                .flatMap(suite -> IntStream.of(MULTI_FRAME_SIZES).mapToObj(size -> Arguments.of(suite, size)));
    }

    // ---- T1: every bit of the wire ----------------------------------------------------------

    /**
     * Flips every bit of every size's wire (8 · Σ W(s) ≈ 12,600 decrypts per suite; about 1-2 s
     * per run here, so no sampling is needed).
     */
    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_anyBitFlipped_throwsTheSubtypeOfTheFlippedField(Suite suite, int size) throws Exception {
        // given
        byte[] wire = WIRES.get(suite).get(size);
        assertThat(decryptor().decrypt(wire)).isEqualTo(PLAINTEXTS.get(suite).get(size)); // the control
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> tally = new TreeMap<>();

        for (int offset = 0; offset < wire.length; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = wire.clone();
                tampered[offset] ^= (byte) (1 << bit);
                Class<? extends InvalidCiphertextException> expected = expectedAfterBitFlip(size, offset, bit);

                // when
                Throwable thrown = decryptFailure(tampered);

                // then
                if (thrown == null || thrown.getClass() != expected) {
                    mismatches.add("byte " + offset + " bit " + bit + ": expected " + expected.getSimpleName()
                            + ", got " + (thrown == null ? "plaintext" : thrown));
                } else {
                    tally.merge(expected.getSimpleName(), 1, Integer::sum);
                }
            }
        }
        assertThat(mismatches)
                .as("bit flips that were not rejected as expected (tally of the others: %s)", tally)
                .isEmpty();
        assertThat(tally.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8 * wire.length);
    }

    /** The subtype the decoder must throw when bit {@code bit} of byte {@code offset} is flipped (see the class table). */
    private static Class<? extends InvalidCiphertextException> expectedAfterBitFlip(int size, int offset, int bit) {
        if (offset < 8) {
            return MalformedCiphertextException
                    .class; // magic, version, suite (no single flip gives the other id), flags, reserved
        }
        if (offset < 12) {
            long frameSize = F ^ (1L << (8 * (11 - offset) + bit));
            if (frameSize > 1L << 31) {
                frameSize -= 1L << 32; // the u32 read as Java int: the top bit makes it negative
            }
            if (frameSize < 64 || frameSize > 16 * 1024 * 1024) {
                return MalformedCiphertextException.class;
            }
            return byImpliedLength(specWireLength((int) frameSize, size), specWireLength(F, size));
        }
        if (offset < 20) {
            long length = size ^ (1L << (8 * (19 - offset) + bit));
            if (length < 0 || length > 1 << 30) {
                return MalformedCiphertextException.class;
            }
            return byImpliedLength(specWireLength(F, length), specWireLength(F, size));
        }
        if (offset < 36) {
            return WrongKeyException.class; // stream id feeds the key schedule
        }
        if (offset < 44) {
            return MalformedCiphertextException.class; // segment index != 0: not a lone segment
        }
        if (offset < HEADER_SIZE) {
            return WrongKeyException.class; // salt, commitment
        }
        return AuthenticationFailedException.class;
    }

    private static Class<? extends InvalidCiphertextException> byImpliedLength(long announced, long actual) {
        if (announced > actual) {
            return TruncatedCiphertextException.class;
        }
        if (announced < actual) {
            return MalformedCiphertextException.class;
        }
        return AuthenticationFailedException.class;
    }

    // ---- T2: truncation at every length -----------------------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_truncatedAtAnyLength_throwsTruncated(Suite suite, int size) {
        // given
        byte[] wire = WIRES.get(suite).get(size);
        List<String> mismatches = new ArrayList<>();

        for (int length = 0; length < wire.length; length++) {
            // when
            Throwable thrown = decryptFailure(Arrays.copyOf(wire, length));

            // then: inside the header, or shorter than the header announces: always Truncated
            if (!(thrown instanceof TruncatedCiphertextException)) {
                mismatches.add("length " + length + ": " + (thrown == null ? "plaintext" : thrown));
            }
        }
        assertThat(mismatches)
                .as("truncations not rejected as TruncatedCiphertextException")
                .isEmpty();
    }

    // ---- T3: extension ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_bytesAppended_throwsMalformed(Suite suite, int size) {
        // given
        byte[] wire = WIRES.get(suite).get(size);
        Segment segment = Segment.split(wire);
        Map<String, byte[]> suffixes = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(size);
        for (int length : new int[] {1, 16, FRAME_WIRE - 1, FRAME_WIRE, FRAME_WIRE + 1}) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            suffixes.put("garbage " + length, garbage);
        }
        suffixes.put("zero byte", new byte[1]);
        suffixes.put("copy of T", segment.terminator());
        suffixes.put("copy of G", segment.digest());
        suffixes.put("copy of G and T", concat(segment.digest(), segment.terminator()));
        suffixes.put("copy of the whole segment", wire);
        if (!segment.data().isEmpty()) {
            suffixes.put("copy of D0", segment.data().get(0));
        }

        suffixes.forEach((name, suffix) -> {
            // when / then
            assertThatThrownBy(() -> decryptor().decrypt(concat(wire, suffix)))
                    .as(name)
                    .isExactlyInstanceOf(MalformedCiphertextException.class)
                    .hasMessageContaining("after the terminator");
        });
    }

    // ---- T4: frame edits inside a segment (n >= 3) ------------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndMultiFrameSizes")
    void decrypt_framesReorderedDuplicatedOrDeleted_throwsAuthenticationFailedOrLengthError(Suite suite, int size) {
        // given
        byte[] wire = WIRES.get(suite).get(size);
        Segment original = Segment.split(wire);
        int n = original.data().size();
        assertThat(n).isGreaterThanOrEqualTo(3);
        Map<String, UnaryOperator<Segment>> edits = new TreeMap<>();
        for (int k = 0; k < n; k++) {
            int i = k;
            edits.put("delete D" + i, s -> s.withData(remove(s.data(), i)));
            edits.put(
                    "duplicate D" + i + " in place (inserted after itself)",
                    s -> s.withData(insert(s.data(), i + 1, s.data().get(i))));
            if (i + 1 < n) {
                edits.put("swap D" + i + "/D" + (i + 1), s -> s.withData(swap(s.data(), i, i + 1)));
                edits.put(
                        "duplicate D" + i + " over D" + (i + 1),
                        s -> s.withData(set(s.data(), i + 1, s.data().get(i))));
            }
        }
        edits.put("reverse all data frames", s -> s.withData(reversed(s.data())));
        edits.put("swap G/T", s -> new Segment(s.header(), s.data(), s.terminator(), s.digest()));
        edits.put("replace G with T", s -> new Segment(s.header(), s.data(), s.terminator(), s.terminator()));
        edits.put("replace T with G", s -> new Segment(s.header(), s.data(), s.digest(), s.digest()));
        edits.put("drop G", s -> new Segment(s.header(), s.data(), new byte[0], s.terminator()));
        edits.put("drop T", s -> new Segment(s.header(), s.data(), s.digest(), new byte[0]));
        edits.put(
                "duplicate G", s -> new Segment(s.header(), s.data(), concat(s.digest(), s.digest()), s.terminator()));
        edits.put(
                "T directly after D0",
                s -> new Segment(s.header(), s.data().subList(0, 1), new byte[0], s.terminator()));
        edits.put(
                "move D(n-1) after G",
                s -> new Segment(
                        s.header(),
                        s.data().subList(0, n - 1),
                        concat(s.digest(), s.data().get(n - 1)),
                        s.terminator()));
        // a consistent length: D(n-1) deleted and the header's plaintext length patched to match
        edits.put("delete D(n-1), header length fixed", s -> {
            byte[] header = s.header().clone();
            ByteBuffer.wrap(header).putLong(12, size - (s.data().get(n - 1).length - TAG_SIZE));
            return new Segment(header, s.data().subList(0, n - 1), s.digest(), s.terminator());
        });

        edits.forEach((name, edit) -> {
            byte[] tampered = edit.apply(original).join();
            Class<? extends InvalidCiphertextException> expected = byImpliedLength(wire.length, tampered.length);
            if (name.endsWith("header length fixed")) {
                expected = AuthenticationFailedException.class; // lengths agree; the header is every frame's AAD
            }

            // when / then
            assertThatThrownBy(() -> decryptor().decrypt(tampered)).as(name).isExactlyInstanceOf(expected);
        });
    }

    // ---- T5: splices between segments under the same key ------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_partOfAnotherSegmentAtTheSamePlace_throwsAuthenticationFailed(Suite suite, int size) throws Exception {
        // given: A and B under the same key, with the same length
        Segment a = Segment.split(WIRES.get(suite).get(size));
        Segment b = Segment.split(ENCRYPTORS.get(suite).encrypt(randomBytes(size, -size - 1)));
        Map<String, Segment> splices = new TreeMap<>();
        for (int k = 0; k < b.data().size(); k++) {
            splices.put(
                    "A's D" + k + " into B",
                    b.withData(set(b.data(), k, a.data().get(k))));
        }
        splices.put("A's G into B", new Segment(b.header(), b.data(), a.digest(), b.terminator()));
        splices.put("A's T into B", new Segment(b.header(), b.data(), b.digest(), a.terminator()));
        splices.put("A's G and T into B", new Segment(b.header(), b.data(), a.digest(), a.terminator()));
        splices.put("A's header onto B", new Segment(a.header(), b.data(), b.digest(), b.terminator()));
        if (size > 0) {
            splices.put("A's data frames with B's header, G, T", b.withData(a.data()));
        }

        splices.forEach((name, splice) -> {
            // when / then
            assertThatThrownBy(() -> decryptor().decrypt(splice.join()))
                    .as(name)
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
        });
    }

    // ---- T6: wrong key and header parameters ------------------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_otherKey_throwsWrongKey(Suite suite, int size) {
        // given
        byte[] wire = WIRES.get(suite).get(size);

        // when / then
        assertThatThrownBy(() -> otherKeyCipher.decrypt(wire))
                .isExactlyInstanceOf(WrongKeyException.class)
                .hasMessageContaining("segment 0");
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_suiteIdSwapped_throwsWrongKey(Suite suite, int size) {
        // given: the other valid suite id (two bits change), which changes the derived key
        byte[] tampered = WIRES.get(suite).get(size).clone();
        tampered[5] = (byte) (suite == Suite.AES_256_GCM ? Suite.CHACHA20_POLY1305 : Suite.AES_256_GCM).wireId();

        // when / then
        assertThatThrownBy(() -> decryptor().decrypt(tampered)).isExactlyInstanceOf(WrongKeyException.class);
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_frameSizeChanged_throwsAuthenticationFailedOrMalformed(Suite suite, int size) {
        // given: the largest frame size; the frame count (so the wire length) stays the same for sizes of
        // at most one frame, larger sizes announce a shorter wire
        byte[] tampered = WIRES.get(suite).get(size).clone();
        ByteBuffer.wrap(tampered).putInt(8, 16 * 1024 * 1024);
        Class<? extends InvalidCiphertextException> expected =
                byImpliedLength(specWireLength(16 * 1024 * 1024, size), specWireLength(F, size));

        // when / then
        assertThatThrownBy(() -> decryptor().decrypt(tampered)).isExactlyInstanceOf(expected);
        assertThat(expected)
                .isEqualTo(size <= F ? AuthenticationFailedException.class : MalformedCiphertextException.class);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** {@return the next decrypting cipher, round-robin over the available providers} */
    private static SegmentCipher decryptor() {
        return DECRYPTORS.get(rotation++ % DECRYPTORS.size());
    }

    /** {@return what decrypting {@code wire} threw, or null if it returned plaintext} */
    private static Throwable decryptFailure(byte[] wire) {
        try {
            byte[] plaintext = decryptor().decrypt(wire);
            return plaintext == null ? new AssertionError("null plaintext") : null;
        } catch (InvalidCiphertextException e) {
            return e;
        } catch (Exception | Error e) {
            return fail("decrypt threw a non-ciphertext failure", e);
        }
    }

    /** header(108) || n data frames of ciphertext + tag(16) || G(32 + 16) || T(16 + 16), n = ceil(L / F). */
    private static long specWireLength(int frameSize, long plaintextLength) {
        long n = (plaintextLength + frameSize - 1) / frameSize;
        return HEADER_SIZE + plaintextLength + n * TAG_SIZE + DIGEST_FRAME_SIZE + TERMINATOR_FRAME_SIZE;
    }

    /** A segment cut into its parts by the spec's layout (F = 64); {@code join} reassembles any edit of it. */
    record Segment(byte[] header, List<byte[]> data, byte[] digest, byte[] terminator) {

        static Segment split(byte[] wire) {
            long plaintextLength = ByteBuffer.wrap(wire).getLong(12);
            int frameSize = ByteBuffer.wrap(wire).getInt(8);
            List<byte[]> data = new ArrayList<>();
            int offset = HEADER_SIZE;
            for (long left = plaintextLength; left > 0; left -= frameSize) {
                int frameWire = (int) Math.min(frameSize, left) + TAG_SIZE;
                data.add(Arrays.copyOfRange(wire, offset, offset + frameWire));
                offset += frameWire;
            }
            byte[] digest = Arrays.copyOfRange(wire, offset, offset + DIGEST_FRAME_SIZE);
            offset += DIGEST_FRAME_SIZE;
            byte[] terminator = Arrays.copyOfRange(wire, offset, offset + TERMINATOR_FRAME_SIZE);
            assertThat(offset + TERMINATOR_FRAME_SIZE).as("spec layout").isEqualTo(wire.length);
            return new Segment(Arrays.copyOf(wire, HEADER_SIZE), List.copyOf(data), digest, terminator);
        }

        Segment withData(List<byte[]> newData) {
            return new Segment(header, newData, digest, terminator);
        }

        byte[] join() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            data.forEach(out::writeBytes);
            out.writeBytes(digest);
            out.writeBytes(terminator);
            return out.toByteArray();
        }
    }

    private static <T> List<T> remove(List<T> list, int index) {
        List<T> copy = new ArrayList<>(list);
        copy.remove(index);
        return copy;
    }

    private static <T> List<T> insert(List<T> list, int index, T element) {
        List<T> copy = new ArrayList<>(list);
        copy.add(index, element);
        return copy;
    }

    private static <T> List<T> set(List<T> list, int index, T element) {
        List<T> copy = new ArrayList<>(list);
        copy.set(index, element);
        return copy;
    }

    private static <T> List<T> swap(List<T> list, int i, int j) {
        List<T> copy = new ArrayList<>(list);
        copy.set(i, list.get(j));
        copy.set(j, list.get(i));
        return copy;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
