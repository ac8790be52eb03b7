package dev.segcrypt.internal.wire;

/** The three kinds of frame in a segment; the id goes into each frame's nonce and AAD. */
public enum FrameType {
    /** Carries up to frameSize bytes of plaintext. */
    DATA(0x01),
    /** Carries the SHA-256 of the data frames' tags, in order. */
    DIGEST(0x02),
    /** Carries the data frame count and the plaintext length: the segment ends here. */
    TERMINATOR(0x03);

    private final byte wireId;

    FrameType(int wireId) {
        this.wireId = (byte) wireId;
    }

    /** {@return the one-byte id of this type in nonces and AAD} */
    public byte wireId() {
        return wireId;
    }
}
