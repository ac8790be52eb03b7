package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.AuthenticationFailedException;
import dev.segcrypt.CryptoProvider;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.Suite;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.internal.crypto.FrameBinding;
import dev.segcrypt.internal.crypto.FrameCipher;
import dev.segcrypt.internal.crypto.KeySchedule;
import dev.segcrypt.internal.crypto.Providers;
import dev.segcrypt.internal.wire.FrameType;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering that needs the key or the package-private seams (reliability.md T6, T7):
 *
 * <ul>
 *   <li>T7: digest and terminator frames forged by an insider with the real segment key (derived
 *       from the known master key and the header, sealed with the nonce and AAD of
 *       docs/wire-format.md). The forger is checked first: re-forging the true G and T gives the
 *       original bytes. Then a G or T with wrong content authenticates, yet the segment is refused
 *       by the content check.
 *   <li>T6: segments made at another stream position are refused by the lone-segment decrypt, and
 *       header-level rejections (wrong key, bad header, wrong length) touch no frame.
 * </ul>
 */
class InsiderTamperTest {

    private static final int F = 64;
    private static final int[] SIZES = {0, 1, F, 2 * F + 1};
    private static final byte[] MASTER_KEY = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();

    private static DefaultSegmentCipher aes;
    private static DefaultSegmentCipher chacha;
    private static final AtomicInteger framesTouched = new AtomicInteger();
    private static DefaultSegmentCipher counting; // counts every frame it seals or opens

    @BeforeAll
    static void openCiphers() {
        new SplittableRandom(42).nextBytes(MASTER_KEY);
        SegcryptKey key = SegcryptKey.fromBytes(MASTER_KEY);
        Options options = Options.defaults().withFrameSize(F).withCarriers(1);
        aes = DefaultSegmentCipher.create(key, options.withSuite(Suite.AES_256_GCM));
        chacha = DefaultSegmentCipher.create(key, options.withSuite(Suite.CHACHA20_POLY1305));
        counting = DefaultSegmentCipher.testOnlyCreate(
                key, options, Engines.best(), (type, index) -> framesTouched.incrementAndGet());
    }

    @AfterAll
    static void closeCiphers() {
        aes.close();
        chacha.close();
        counting.close();
    }

    static Stream<Arguments> suitesAndSizes() {
        return Stream.of(Suite.values())
                .flatMap(suite -> IntStream.of(SIZES).mapToObj(size -> Arguments.of(suite, size)));
    }

    private static DefaultSegmentCipher cipher(Suite suite) {
        return suite == Suite.AES_256_GCM ? aes : chacha;
    }

    // ---- T7: insider-forged digest and terminator frames ------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void forger_trueDigestAndTerminator_reproducesTheWireExactly(Suite suite, int size) throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));

        // when
        byte[] digest =
                forger.sealDigest(forger.tagDigest(IntStream.range(0, forger.n).toArray()), forger.n);
        byte[] terminator = forger.sealTerminator(forger.n, size, forger.n + 1);

        // then: the forger seals exactly as the encoder does, so the forgeries below authenticate
        assertThat(forger.withDigest(digest)).isEqualTo(forger.wire);
        assertThat(forger.withTerminator(terminator)).isEqualTo(forger.wire);
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_authenticDigestFrameWithWrongDigest_throwsAuthenticationFailed(Suite suite, int size)
            throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));
        byte[] otherDigest = MessageDigest.getInstance("SHA-256").digest(randomBytes(16));

        // when
        byte[] forged = forger.withDigest(forger.sealDigest(otherDigest, forger.n));

        // then
        assertThatThrownBy(() -> cipher(suite).decrypt(forged))
                .isExactlyInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("digest frame does not match");
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_authenticDigestFrameOverFewerOrReorderedTags_throwsAuthenticationFailed(Suite suite, int size)
            throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));
        int n = forger.n;
        byte[][] forgeries = {
            // the digest of the segment truncated by one frame
            forger.withDigest(forger.sealDigest(
                    forger.tagDigest(IntStream.range(0, Math.max(0, n - 1)).toArray()), n)),
            // the digest of the tags in reverse order
            forger.withDigest(forger.sealDigest(
                    forger.tagDigest(IntStream.range(0, n).map(i -> n - 1 - i).toArray()), n)),
            // the digest with the last tag counted twice
            forger.withDigest(forger.sealDigest(
                    forger.tagDigest(IntStream.rangeClosed(0, n)
                            .map(i -> Math.min(i, n - 1))
                            .filter(i -> i >= 0)
                            .toArray()),
                    n)),
        };

        for (byte[] forged : forgeries) {
            if (Arrays.equals(forged, forger.wire)) {
                continue; // n < 2: reversing or dropping nothing gives the true digest
            }
            // when / then
            assertThatThrownBy(() -> cipher(suite).decrypt(forged))
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("digest frame does not match");
        }
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_trueDigestSealedAtWrongIndexOrType_throwsAuthenticationFailed(Suite suite, int size) throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));
        byte[] digest = forger.tagDigest(IntStream.range(0, forger.n).toArray());
        byte[][] forgeries = {
            forger.withDigest(forger.seal(FrameType.DIGEST, forger.n + 1, digest)),
            forger.withDigest(forger.seal(FrameType.DIGEST, forger.n + (1L << 32), digest)),
            forger.withDigest(forger.seal(FrameType.TERMINATOR, forger.n, digest)),
            forger.withDigest(forger.seal(FrameType.DATA, forger.n, digest)),
        };

        for (byte[] forged : forgeries) {
            // when / then
            assertThatThrownBy(() -> cipher(suite).decrypt(forged))
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("digest frame (wire offset");
        }
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_authenticTerminatorWithWrongCountOrLength_throwsAuthenticationFailed(Suite suite, int size)
            throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));
        int n = forger.n;
        long[][] claims = {
            {n + 1, size},
            {n - 1, size},
            {n, size + 1},
            {n, size - 1},
            {0, 0},
            {n + (1L << 32), size},
            {n, size + (1L << 32)}
        };

        for (long[] claim : claims) {
            if (claim[0] == n && claim[1] == size) {
                continue; // size 0: {0, 0} is the truth
            }
            byte[] forged = forger.withTerminator(forger.sealTerminator(claim[0], claim[1], n + 1));

            // when / then
            assertThatThrownBy(() -> cipher(suite).decrypt(forged))
                    .as("terminator claiming %d frames, %d bytes", claim[0], claim[1])
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("terminator frame does not match");
        }
    }

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_trueTerminatorSealedAtWrongIndexOrType_throwsAuthenticationFailed(Suite suite, int size)
            throws Exception {
        // given
        Forger forger = new Forger(cipher(suite).encrypt(randomBytes(size)));
        byte[] truth = ByteBuffer.allocate(16).putLong(forger.n).putLong(size).array();
        byte[][] forgeries = {
            forger.withTerminator(forger.seal(FrameType.TERMINATOR, forger.n, truth)),
            forger.withTerminator(forger.seal(FrameType.TERMINATOR, forger.n + 2, truth)),
            forger.withTerminator(forger.seal(FrameType.DIGEST, forger.n + 1, truth)),
        };

        for (byte[] forged : forgeries) {
            // when / then
            assertThatThrownBy(() -> cipher(suite).decrypt(forged))
                    .isExactlyInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("terminator frame (wire offset");
        }
    }

    // ---- T6: stream positions and early header rejection ------------------------------------

    @ParameterizedTest(name = "{0} size={1}")
    @MethodSource("suitesAndSizes")
    void decrypt_segmentOfAStream_isRefusedByTheLoneSegmentDecrypt(Suite suite, int size) throws Exception {
        // given
        byte[] plaintext = randomBytes(size);
        byte[] streamId = randomBytes(16);
        SegmentPosition[] positions = {
            SegmentPosition.inStream(streamId, 0, true), // a one-segment stream without its stream header
            SegmentPosition.inStream(streamId, 1, true),
            SegmentPosition.inStream(streamId, 0, false),
            SegmentPosition.inStream(streamId, 7, false),
            SegmentPosition.inStream(streamId, Long.MAX_VALUE, true),
        };

        for (SegmentPosition position : positions) {
            byte[] wire = cipher(suite).testOnlyEncrypt(position, randomBytes(32), plaintext, 0, size);

            // when / then
            assertThatThrownBy(() -> cipher(suite).decrypt(wire))
                    .as("segment %d, final %s", position.segmentIndex(), position.finalSegment())
                    .isExactlyInstanceOf(MalformedCiphertextException.class)
                    .hasMessageContaining("belongs to a stream");
            // the control: the segment itself is intact
            assertThat(cipher(suite)
                            .decryptStreamSegment(
                                    SegmentHeader.decode(ByteBuffer.wrap(wire), "segment"), wire, 0, null))
                    .isEqualTo(plaintext);
        }
    }

    @Test
    void decrypt_rejectedByHeaderLengthOrKey_touchesNoFrame() throws Exception {
        // given
        byte[] wire = aes.encrypt(randomBytes(3 * F));
        byte[] badMagic = wire.clone();
        badMagic[0] ^= 1;
        byte[] badSalt = wire.clone();
        badSalt[50] ^= 1;
        byte[] badCommitment = wire.clone();
        badCommitment[100] ^= 1;
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);
        byte[] shorter = Arrays.copyOf(wire, wire.length - 1);
        framesTouched.set(0);

        // when / then
        assertThatThrownBy(() -> counting.decrypt(badMagic)).isExactlyInstanceOf(MalformedCiphertextException.class);
        assertThatThrownBy(() -> counting.decrypt(badSalt)).isExactlyInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> counting.decrypt(badCommitment)).isExactlyInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> counting.decrypt(longer)).isExactlyInstanceOf(MalformedCiphertextException.class);
        assertThatThrownBy(() -> counting.decrypt(shorter)).isExactlyInstanceOf(TruncatedCiphertextException.class);
        try (DefaultSegmentCipher otherKey = DefaultSegmentCipher.testOnlyCreate(
                SegcryptKey.generate(),
                Options.defaults().withCarriers(1),
                Engines.best(),
                (type, index) -> framesTouched.incrementAndGet())) {
            assertThatThrownBy(() -> otherKey.decrypt(wire)).isExactlyInstanceOf(WrongKeyException.class);
        }
        assertThat(framesTouched).as("frames sealed or opened").hasValue(0);
        // the control: an intact segment touches T, G and its 3 data frames
        assertThat(counting.decrypt(wire)).hasSize(3 * F);
        assertThat(framesTouched).hasValue(5);
    }

    // ---- the forger -------------------------------------------------------------------------

    /** Re-seals the digest or terminator frame of one segment with its real key. */
    private static final class Forger {
        final byte[] wire;
        final SegmentHeader header;
        final SegmentLayout layout;
        final int n;
        private final SecretKey key;

        Forger(byte[] wire) throws Exception {
            this.wire = wire;
            this.header = SegmentHeader.decode(ByteBuffer.wrap(wire), "forged");
            this.layout = SegmentLayout.of(header);
            this.n = layout.dataFrames();
            KeySchedule.SegmentKeys keys = KeySchedule.deriveSegmentKeys(
                    MASTER_KEY,
                    header.salt(),
                    header.suite(),
                    header.flags(),
                    header.streamId(),
                    header.segmentIndex());
            assertThat(keys.commitmentMatches(header.commitment()))
                    .as("derived the segment's key")
                    .isTrue();
            this.key = keys.keySpec();
        }

        /** SHA-256 over the wire tags of the data frames {@code indexes}, in that order. */
        byte[] tagDigest(int[] indexes) throws Exception {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int i : indexes) {
                sha256.update(wire, (int) layout.tagOffset(i), SegmentLayout.TAG_SIZE_IN_BYTES);
            }
            return sha256.digest();
        }

        byte[] sealDigest(byte[] digest, long index) throws Exception {
            return seal(FrameType.DIGEST, index, digest);
        }

        byte[] sealTerminator(long frames, long plaintextLength, long index) throws Exception {
            return seal(
                    FrameType.TERMINATOR,
                    index,
                    ByteBuffer.allocate(16)
                            .putLong(frames)
                            .putLong(plaintextLength)
                            .array());
        }

        /** Seals {@code plaintext} as frame ({@code type}, {@code index}) of this segment, as docs/wire-format.md says. */
        byte[] seal(FrameType type, long index, byte[] plaintext) throws Exception {
            // a new cipher per frame: SunJCE refuses to reuse a key and nonce on one Cipher object
            FrameCipher cipher =
                    FrameCipher.create(Providers.resolve(CryptoProvider.JDK, header.suite()), header.suite());
            byte[] nonce = new byte[FrameCipher.NONCE_SIZE_IN_BYTES];
            byte[] aadSuffix = new byte[FrameBinding.AAD_SUFFIX_SIZE_IN_BYTES];
            FrameBinding.nonce(type, index, nonce);
            FrameBinding.aadSuffix(type, index, aadSuffix);
            cipher.init(true, key, nonce);
            cipher.updateAad(wire, 0, SegmentHeader.SIZE_IN_BYTES);
            cipher.updateAad(aadSuffix, 0, aadSuffix.length);
            byte[] sealed = new byte[plaintext.length + SegmentLayout.TAG_SIZE_IN_BYTES];
            cipher.seal(plaintext, 0, plaintext.length, sealed, 0);
            return sealed;
        }

        byte[] withDigest(byte[] digestFrame) {
            byte[] forged = wire.clone();
            System.arraycopy(digestFrame, 0, forged, (int) layout.digestFrameOffset(), digestFrame.length);
            return forged;
        }

        byte[] withTerminator(byte[] terminatorFrame) {
            byte[] forged = wire.clone();
            System.arraycopy(terminatorFrame, 0, forged, (int) layout.terminatorFrameOffset(), terminatorFrame.length);
            return forged;
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
