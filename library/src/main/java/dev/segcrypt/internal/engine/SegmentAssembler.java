package dev.segcrypt.internal.engine;

import dev.segcrypt.AuthenticationFailedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Suite;
import dev.segcrypt.WrongKeyException;
import dev.segcrypt.internal.crypto.FrameBinding;
import dev.segcrypt.internal.crypto.KeySchedule.SegmentKeys;
import dev.segcrypt.internal.crypto.MasterKey;
import dev.segcrypt.internal.wire.FrameType;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Puts one segment together as docs/wire-format.md specifies, and takes one apart: the header,
 * the data frames in parallel through the {@link FrameRunner}, then the closing frames (the digest
 * over the data frames' tags and the terminator). Ciphertext is written straight into its place in
 * the one wire buffer, plaintext straight into the one output buffer: one pass over the data.
 *
 * <p>Thread-safe: every call works on its own buffers and keys.
 */
final class SegmentAssembler {

    private final MasterKey masterKey;
    private final FrameRunner frames;

    SegmentAssembler(MasterKey masterKey, FrameRunner frames) {
        this.masterKey = masterKey;
        this.frames = frames;
    }

    /**
     * Encrypts {@code plaintext[offset, offset + length)} as the segment at {@code position} into
     * {@code wire[0, n)} and returns n, its wire length; {@code wire} holds at least n bytes.
     */
    int encrypt(
            Suite suite,
            int frameSizeBytes,
            SegmentPosition position,
            byte[] salt,
            byte[] plaintext,
            int offset,
            int length,
            byte[] wire)
            throws InterruptedException {
        SegmentLayout layout = new SegmentLayout(frameSizeBytes, length);
        long index = position.segmentIndex();
        SegmentKeys keys = masterKey.deriveSegmentKeys(salt, suite, position.flags(), position.streamId(), index);
        try {
            new SegmentHeader(
                            suite,
                            position.finalSegment(),
                            position.inStream(),
                            frameSizeBytes,
                            length,
                            position.streamId(),
                            index,
                            salt,
                            keys.commitment())
                    .encodeTo(ByteBuffer.wrap(wire));
            FrameBinding binding = FrameBinding.forSealing(keys.keySpec(), wire);
            frames.runDataFrames(
                    index,
                    suite,
                    binding,
                    layout.dataFrames(),
                    (cipher, i) -> cipher.seal(
                            plaintext, offset + layout.plaintextOffset(i), layout.plaintextLength(i), wire, (int)
                                    layout.dataFrameOffset(i)));
            frames.runClosingFrames(index, suite, binding, begin -> {
                int n = layout.dataFrames();
                byte[] closing = new byte[SegmentLayout.DIGEST_SIZE_IN_BYTES];
                tagDigest(wire, 0, layout, closing);
                begin.begin(FrameType.DIGEST, n)
                        .seal(closing, 0, closing.length, wire, (int) layout.digestFrameOffset());
                terminatorPlaintext(layout, closing);
                begin.begin(FrameType.TERMINATOR, n + 1)
                        .seal(closing, 0, SegmentLayout.TERMINATOR_PLAINTEXT_IN_BYTES, wire, (int)
                                layout.terminatorFrameOffset());
            });
            return (int) layout.wireLength();
        } catch (InvalidCiphertextException e) {
            throw new AssertionError("segcrypt internal error: encryption reported bad ciphertext", e);
        } finally {
            keys.destroy();
        }
    }

    /**
     * Verifies the segment in {@code wire[offset, offset + L_wire)}, whose {@code header} the caller
     * parsed and whose wire length it checked, and writes its plaintext to {@code out[0, L)}, where
     * {@code out} is a new array when null or shorter than L. On failure nothing of the segment's
     * plaintext is left in {@code out}. Frames are checked in this order: key commitment,
     * terminator, digest (over the tags, so before any data frame is decrypted), then all data
     * frames in parallel.
     */
    byte[] decrypt(SegmentHeader header, SegmentOrigin origin, byte[] wire, int offset, byte[] out)
            throws InvalidCiphertextException, InterruptedException {
        long index = header.segmentIndex();
        String where = "segment " + index;
        SegmentLayout layout = SegmentLayout.of(header);
        Suite suite = header.suite();
        SegmentKeys keys = masterKey.deriveSegmentKeys(header.salt(), suite, header.flags(), header.streamId(), index);
        byte[] plaintext = null;
        try {
            if (!keys.commitmentMatches(header.commitment())) {
                throw switch (origin) {
                    case LONE ->
                        new WrongKeyException(
                                where + ": the key does not match (wrong key, or the segment header was altered)");
                    case STREAM ->
                        new AuthenticationFailedException(
                                where
                                        + ": its key commitment does not match the stream (altered, or spliced from another stream)");
                };
            }
            FrameBinding binding = FrameBinding.forOpening(keys.keySpec(), wire, offset);
            frames.runClosingFrames(
                    index, suite, binding, begin -> verifyClosingFrames(begin, wire, offset, layout, where));
            byte[] target =
                    out != null && out.length >= layout.plaintextLength() ? out : new byte[layout.plaintextLength()];
            plaintext = target;
            frames.runDataFrames(index, suite, binding, layout.dataFrames(), (cipher, i) -> {
                int frameOffset = offset + (int) layout.dataFrameOffset(i);
                try {
                    cipher.open(
                            wire,
                            frameOffset,
                            layout.plaintextLength(i) + SegmentLayout.TAG_SIZE_IN_BYTES,
                            target,
                            layout.plaintextOffset(i));
                } catch (AEADBadTagException e) {
                    throw new AuthenticationFailedException(where + ", data frame " + i + " (wire offset "
                            + (frameOffset - offset) + "): authentication failed; the data was modified or moved");
                }
            });
            plaintext = null; // verified: hand it over
            return target;
        } finally {
            keys.destroy();
            if (plaintext != null) {
                Arrays.fill(plaintext, 0, layout.plaintextLength(), (byte) 0);
            }
        }
    }

    private static void verifyClosingFrames(
            FrameRunner.FrameStarter begin, byte[] wire, int offset, SegmentLayout layout, String where)
            throws Exception {
        int n = layout.dataFrames();
        byte[] closing = new byte[SegmentLayout.DIGEST_SIZE_IN_BYTES];
        byte[] expected = new byte[SegmentLayout.DIGEST_SIZE_IN_BYTES];
        try {
            begin.begin(FrameType.TERMINATOR, n + 1)
                    .open(
                            wire,
                            offset + (int) layout.terminatorFrameOffset(),
                            SegmentLayout.TERMINATOR_PLAINTEXT_IN_BYTES + SegmentLayout.TAG_SIZE_IN_BYTES,
                            closing,
                            0);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException(
                    where + ": the terminator frame (wire offset " + layout.terminatorFrameOffset()
                            + ") failed authentication; frames are missing, moved or modified");
        }
        terminatorPlaintext(layout, expected);
        if (!MessageDigest.isEqual(
                Arrays.copyOf(closing, SegmentLayout.TERMINATOR_PLAINTEXT_IN_BYTES),
                Arrays.copyOf(expected, SegmentLayout.TERMINATOR_PLAINTEXT_IN_BYTES))) {
            throw new AuthenticationFailedException(
                    where + ": the terminator frame does not match the frame count and length");
        }
        try {
            begin.begin(FrameType.DIGEST, n)
                    .open(
                            wire,
                            offset + (int) layout.digestFrameOffset(),
                            SegmentLayout.DIGEST_SIZE_IN_BYTES + SegmentLayout.TAG_SIZE_IN_BYTES,
                            closing,
                            0);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException(where + ": the digest frame (wire offset "
                    + layout.digestFrameOffset() + ") failed authentication; frames are missing, moved or modified");
        }
        tagDigest(wire, offset, layout, expected);
        if (!MessageDigest.isEqual(closing, expected)) {
            throw new AuthenticationFailedException(
                    where + ": the digest frame does not match the data frames' tags;" + " data frames were replaced");
        }
    }

    /** SHA-256 over the data frames' tags in index order (docs/design.md explains why tags). */
    private static void tagDigest(byte[] wire, int offset, SegmentLayout layout, byte[] out) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("segcrypt internal error: SHA-256 is unavailable", e);
        }
        for (int i = 0; i < layout.dataFrames(); i++) {
            sha256.update(wire, offset + (int) layout.tagOffset(i), SegmentLayout.TAG_SIZE_IN_BYTES);
        }
        System.arraycopy(sha256.digest(), 0, out, 0, SegmentLayout.DIGEST_SIZE_IN_BYTES);
    }

    /** Writes the terminator plaintext, dataFrames u64 || plaintextLength u64, into {@code out[0..16)}. */
    private static void terminatorPlaintext(SegmentLayout layout, byte[] out) {
        ByteBuffer.wrap(out).putLong((long) layout.dataFrames()).putLong((long) layout.plaintextLength());
    }
}
