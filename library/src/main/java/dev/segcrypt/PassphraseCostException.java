package dev.segcrypt;

/**
 * The stream header asks for a more expensive Argon2id derivation than the decoder's limit allows.
 * The header is not authenticated before the key is derived, so its cost is checked against a
 * limit first ({@link PassphraseParams#DEFAULT_LIMIT} unless the caller raises it): a hostile
 * header must not make a decoder spend gigabytes of memory or minutes of work. It is a {@link
 * MalformedCiphertextException} because, for this decoder, the input is not a stream it accepts.
 */
public final class PassphraseCostException extends MalformedCiphertextException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the cost asked for and the limit it exceeds
     */
    public PassphraseCostException(String message) {
        super(message);
    }
}
