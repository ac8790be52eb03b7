package dev.segcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the reference encoder itself: its output is taken apart and verified with a second,
 * independent path (plain {@link Cipher} and {@link Mac} from SunJCE, written inline here), so
 * the reference is confirmed on two providers before its output is frozen as known answers.
 */
class SpecEncoderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int F = 64;

    static Stream<Arguments> suitesAndLengths() {
        return Stream.of(Suite.values())
                .flatMap(suite -> Stream.of(0, 1, F - 1, F, F + 1, 2 * F, 2 * F + 1, 300)
                        .map(length -> Arguments.of(suite, length)));
    }

    @ParameterizedTest(name = "{0}, L = {1}")
    @MethodSource("suitesAndLengths")
    void encode_openedFrameByFrameWithSunJce_givesHeaderFramesDigestAndTerminator(Suite suite, int length)
            throws Exception {
        // given
        SplittableRandom random = new SplittableRandom(length * 31L + suite.ordinal());
        byte[] key = bytes(random, 32);
        byte[] streamId = bytes(random, 16);
        byte[] salt = bytes(random, 32);
        byte[] plaintext = bytes(random, length);
        long segmentIndex = 0x0102030405060708L;

        // when
        byte[] wire = SpecEncoder.encode(key, suite, F, streamId, segmentIndex, false, true, salt, plaintext);

        // then: header fields at their offsets
        ByteBuffer h = ByteBuffer.wrap(wire, 0, 108);
        assertThat(h.getInt()).isEqualTo(0x53435347);
        assertThat(h.get()).isEqualTo((byte) 2);
        assertThat(h.get()).isEqualTo((byte) (suite == Suite.AES_256_GCM ? 1 : 2));
        assertThat(h.get()).as("flags: STREAM, not FINAL").isEqualTo((byte) 0x02);
        assertThat(h.get()).isEqualTo((byte) 0);
        assertThat(h.getInt()).isEqualTo(F);
        assertThat(h.getLong()).isEqualTo(length);
        assertThat(Arrays.copyOfRange(wire, 20, 36)).isEqualTo(streamId);
        assertThat(ByteBuffer.wrap(wire, 36, 8).getLong()).isEqualTo(segmentIndex);
        assertThat(Arrays.copyOfRange(wire, 44, 76)).isEqualTo(salt);

        // then: key schedule with javax.crypto.Mac
        byte[] info = ByteBuffer.allocate(23 + 1 + 1 + 16 + 8)
                .put("segcrypt v2 segment key".getBytes(StandardCharsets.US_ASCII))
                .put((byte) (suite == Suite.AES_256_GCM ? 1 : 2))
                .put((byte) 0x02)
                .put(streamId)
                .putLong(segmentIndex)
                .array();
        byte[] okm = jceHkdf(key, salt, info, 64);
        assertThat(Arrays.copyOfRange(wire, 76, 108)).isEqualTo(Arrays.copyOfRange(okm, 32, 64));
        byte[] segmentKey = Arrays.copyOf(okm, 32);

        // then: every frame opens with SunJCE, and sealing again with SunJCE gives the same bytes
        byte[] header = Arrays.copyOf(wire, 108);
        int n = (length + F - 1) / F;
        int pos = 108;
        ByteArrayOutputStream recovered = new ByteArrayOutputStream();
        MessageDigest tags = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < n; i++) {
            int chunk = Math.min(F, length - i * F);
            byte[] frame = Arrays.copyOfRange(wire, pos, pos + chunk + 16);
            byte[] opened = jceAead(suite, Cipher.DECRYPT_MODE, segmentKey, 1, i, header, frame);
            assertThat(jceAead(suite, Cipher.ENCRYPT_MODE, segmentKey, 1, i, header, opened))
                    .isEqualTo(frame);
            recovered.writeBytes(opened);
            tags.update(frame, chunk, 16);
            pos += chunk + 16;
        }
        assertThat(recovered.toByteArray()).isEqualTo(plaintext);
        byte[] digest =
                jceAead(suite, Cipher.DECRYPT_MODE, segmentKey, 2, n, header, Arrays.copyOfRange(wire, pos, pos + 48));
        assertThat(digest).isEqualTo(tags.digest());
        byte[] terminator = jceAead(
                suite, Cipher.DECRYPT_MODE, segmentKey, 3, n + 1, header, Arrays.copyOfRange(wire, pos + 48, pos + 80));
        assertThat(terminator)
                .isEqualTo(ByteBuffer.allocate(16).putLong(n).putLong(length).array());
        assertThat(wire).hasSize(pos + 80);
    }

    @Test
    void hkdfSha256_rfc5869TestCase1_givesPublishedOkm() {
        // given: RFC 5869 appendix A.1
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

        // when
        byte[] okm = SpecEncoder.hkdfSha256(ikm, salt, info, 42);

        // then
        assertThat(HEX.formatHex(okm))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @ParameterizedTest(name = "{0}, L = {1}")
    @MethodSource("suitesAndLengths")
    void decode_ofEncode_returnsPlaintextAndHeaderFields(Suite suite, int length) throws Exception {
        // given
        SplittableRandom random = new SplittableRandom(length);
        byte[] key = bytes(random, 32);
        byte[] streamId = bytes(random, 16);
        byte[] salt = bytes(random, 32);
        byte[] plaintext = bytes(random, length);
        byte[] wire = SpecEncoder.encode(key, suite, F, streamId, 7, true, true, salt, plaintext);

        // when
        SpecEncoder.Decoded decoded = SpecEncoder.decode(key, wire);

        // then
        assertThat(decoded.plaintext()).isEqualTo(plaintext);
        assertThat(decoded.suite()).isEqualTo(suite);
        assertThat(decoded.isFinal()).isTrue();
        assertThat(decoded.segmentIndex()).isEqualTo(7);
        assertThat(decoded.streamId()).isEqualTo(streamId);
    }

    @Test
    void decode_anyFlippedByteAfterTheHeader_isRejectedAsAuthenticationFailure() {
        // given
        byte[] key = bytes(new SplittableRandom(1), 32);
        byte[] wire = SpecEncoder.encode(
                key, Suite.AES_256_GCM, F, new byte[16], 0, true, false, new byte[32], new byte[F + 3]);

        for (int offset = 108; offset < wire.length; offset++) {
            // when
            byte[] tampered = wire.clone();
            tampered[offset] ^= 0x01;

            // then
            assertThatThrownBy(() -> SpecEncoder.decode(key, tampered))
                    .as("offset %d", offset)
                    .isInstanceOfSatisfying(
                            SpecEncoder.Rejected.class,
                            e -> assertThat(e.failure()).isEqualTo(SpecEncoder.Failure.AUTHENTICATION));
        }
    }

    @Test
    void decode_anyFlippedHeaderByte_isRejected() {
        // given
        byte[] key = bytes(new SplittableRandom(2), 32);
        byte[] wire = SpecEncoder.encode(
                key, Suite.CHACHA20_POLY1305, F, new byte[16], 0, true, false, new byte[32], new byte[10]);

        for (int offset = 0; offset < 108; offset++) {
            // when
            byte[] tampered = wire.clone();
            tampered[offset] ^= 0x40;

            // then
            assertThatThrownBy(() -> SpecEncoder.decode(key, tampered))
                    .as("offset %d", offset)
                    .isInstanceOf(SpecEncoder.Rejected.class);
        }
    }

    @Test
    void decode_wrongLengthOrKey_isRejectedWithItsCategory() {
        // given
        byte[] key = bytes(new SplittableRandom(3), 32);
        byte[] wire = SpecEncoder.encode(
                key, Suite.AES_256_GCM, F, new byte[16], 0, true, false, new byte[32], new byte[100]);
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;

        // when / then
        assertThat(failure(key, Arrays.copyOf(wire, wire.length - 1))).isEqualTo(SpecEncoder.Failure.TRUNCATED);
        assertThat(failure(key, Arrays.copyOf(wire, 107))).isEqualTo(SpecEncoder.Failure.TRUNCATED);
        assertThat(failure(key, Arrays.copyOf(wire, wire.length + 1))).isEqualTo(SpecEncoder.Failure.MALFORMED);
        assertThat(failure(otherKey, wire)).isEqualTo(SpecEncoder.Failure.WRONG_KEY);
    }

    private static SpecEncoder.Failure failure(byte[] key, byte[] wire) {
        try {
            SpecEncoder.decode(key, wire);
            throw new AssertionError("accepted");
        } catch (SpecEncoder.Rejected e) {
            return e.failure();
        }
    }

    /** One frame through a fresh SunJCE Cipher: nonce = type || 000000 || index, aad = header || type || index. */
    private static byte[] jceAead(Suite suite, int mode, byte[] key, int type, long index, byte[] header, byte[] input)
            throws Exception {
        byte[] nonce = ByteBuffer.allocate(12)
                .put((byte) type)
                .put(new byte[3])
                .putLong(index)
                .array();
        Cipher cipher;
        if (suite == Suite.AES_256_GCM) {
            cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        } else {
            cipher = Cipher.getInstance("ChaCha20-Poly1305", "SunJCE");
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        }
        cipher.updateAAD(header);
        cipher.updateAAD(ByteBuffer.allocate(9).put((byte) type).putLong(index).array());
        return cipher.doFinal(input);
    }

    /** RFC 5869 with SunJCE's HmacSHA256. */
    private static byte[] jceHkdf(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256", "SunJCE");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int counter = 1; okm.size() < length; counter++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) counter);
            t = mac.doFinal();
            okm.writeBytes(t);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
