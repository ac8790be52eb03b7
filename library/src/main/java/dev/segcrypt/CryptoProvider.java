package dev.segcrypt;

/**
 * The JCA provider whose ciphers encrypt and decrypt frames. Every provider produces the same
 * wire bytes; the choice only changes speed.
 */
public enum CryptoProvider {
    /** The fastest provider available for the suite, as measured in {@code docs/design.md}. */
    AUTO("auto"),
    /** The JDK's own SunJCE provider. Always available. */
    JDK("jdk"),
    /** Conscrypt (BoringSSL). Available when the Conscrypt jar and its native library load. */
    CONSCRYPT("conscrypt"),
    /** Bouncy Castle's pure-Java provider. */
    BOUNCY_CASTLE("bc");

    private final String displayName;

    CryptoProvider(String displayName) {
        this.displayName = displayName;
    }

    /** {@return the lower-case name used by the command line, such as {@code bc}} */
    public String displayName() {
        return displayName;
    }

    /**
     * {@return the provider with the given display name}
     *
     * @throws IllegalArgumentException if no provider has that name
     */
    public static CryptoProvider fromDisplayName(String name) {
        for (CryptoProvider provider : values()) {
            if (provider.displayName.equals(name)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + name + "' (expected auto, jdk, conscrypt or bc)");
    }
}
