package dev.segcrypt;

/**
 * The AEAD that encrypts every frame of a segment. The wire id is written into each segment
 * header; see {@code docs/wire-format.md}.
 */
public enum Suite {
    /** AES with a 256-bit key in Galois/Counter Mode, 96-bit nonces, 128-bit tags. The default. */
    AES_256_GCM(0x01, "aes-256-gcm"),
    /** ChaCha20-Poly1305 as in RFC 8439, 96-bit nonces, 128-bit tags. */
    CHACHA20_POLY1305(0x02, "chacha20-poly1305");

    private final int wireId;
    private final String displayName;

    Suite(int wireId, String displayName) {
        this.wireId = wireId;
        this.displayName = displayName;
    }

    /** {@return the one-byte identifier of this suite on the wire} */
    public int wireId() {
        return wireId;
    }

    /** {@return the lower-case name used by the command line, such as {@code aes-256-gcm}} */
    public String displayName() {
        return displayName;
    }

    /**
     * {@return the suite with the given wire id}
     *
     * @throws IllegalArgumentException if no suite has that id
     */
    public static Suite fromWireId(int wireId) {
        for (Suite suite : values()) {
            if (suite.wireId == wireId) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown suite id 0x%02x".formatted(wireId));
    }

    /**
     * {@return the suite with the given display name}
     *
     * @throws IllegalArgumentException if no suite has that name
     */
    public static Suite fromDisplayName(String name) {
        for (Suite suite : values()) {
            if (suite.displayName.equals(name)) {
                return suite;
            }
        }
        throw new IllegalArgumentException("unknown suite '" + name + "' (expected aes-256-gcm or chacha20-poly1305)");
    }
}
