package dev.segcrypt.internal.crypto;

import dev.segcrypt.internal.wire.FrameType;
import dev.segcrypt.internal.wire.SegmentHeader;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKey;

/**
 * What binds a frame to its segment and its place: the segment key, the nonce and the AAD
 * (docs/wire-format.md).
 *
 * <pre>
 * nonce(12) = frameType(1) || 0x000000(3) || frameIndex u64(8)
 * aad       = segmentHeader(108) || frameType(1) || frameIndex u64(8)
 * </pre>
 *
 * The segment key is unique per segment (random salt), so a nonce only has to be unique within a
 * segment; type and index make it so. Digest frame index = n, terminator frame index = n + 1.
 *
 * <p>One instance serves every frame of one segment operation; it is immutable and shared by the
 * carriers that run those frames, each passing its own {@link Scratch}.
 */
public final class FrameBinding {

    public static final int AAD_SUFFIX_SIZE_IN_BYTES = 9;

    private final boolean seal;
    private final SecretKey key; // the segment key; owned by the caller's SegmentKeys
    private final byte[] header; // the segment header, the AAD prefix of every frame
    private final int headerOffset;

    private FrameBinding(boolean seal, SecretKey key, byte[] header, int headerOffset) {
        this.seal = seal;
        this.key = key;
        this.header = header;
        this.headerOffset = headerOffset;
    }

    /** {@return the binding for sealing the frames of the segment whose header is at {@code wire[0]}} */
    public static FrameBinding forSealing(SecretKey key, byte[] wire) {
        return new FrameBinding(true, key, wire, 0);
    }

    /** {@return the binding for opening the frames of the segment whose header is at {@code wire[offset]}} */
    public static FrameBinding forOpening(SecretKey key, byte[] wire, int offset) {
        return new FrameBinding(false, key, wire, offset);
    }

    /** A carrier's scratch space for one frame's nonce and AAD suffix; only its carrier uses it. */
    public static final class Scratch {
        private final byte[] nonce = new byte[FrameCipher.NONCE_SIZE_IN_BYTES];
        private final byte[] aadSuffix = new byte[AAD_SUFFIX_SIZE_IN_BYTES];
    }

    /**
     * Starts frame ({@code type}, {@code index}) on {@code cipher}: key, nonce and AAD. Follow with
     * one {@link FrameCipher#seal} or {@link FrameCipher#open}.
     */
    public FrameCipher begin(FrameCipher cipher, FrameType type, long index, Scratch scratch)
            throws GeneralSecurityException {
        nonce(type, index, scratch.nonce);
        aadSuffix(type, index, scratch.aadSuffix);
        cipher.init(seal, key, scratch.nonce);
        cipher.updateAad(header, headerOffset, SegmentHeader.SIZE_IN_BYTES);
        cipher.updateAad(scratch.aadSuffix, 0, AAD_SUFFIX_SIZE_IN_BYTES);
        return cipher;
    }

    /** Writes the nonce of frame ({@code type}, {@code index}) into {@code nonce[0..12)}. */
    public static void nonce(FrameType type, long index, byte[] nonce) {
        nonce[0] = type.wireId();
        nonce[1] = 0;
        nonce[2] = 0;
        nonce[3] = 0;
        putLong(nonce, 4, index);
    }

    /** Writes the AAD suffix of frame ({@code type}, {@code index}) into {@code suffix[0..9)}. */
    public static void aadSuffix(FrameType type, long index, byte[] suffix) {
        suffix[0] = type.wireId();
        putLong(suffix, 1, index);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public String toString() {
        return "FrameBinding[" + (seal ? "seal" : "open") + ", key hidden]";
    }
}
