package dev.segcrypt;

import java.io.IOException;

/**
 * The input is not an intact segment or stream for this key: it was tampered with, truncated,
 * extended, reordered, malformed, or made under another key. No plaintext of the failing unit was
 * released.
 *
 * <p>The hierarchy is sealed so that callers can {@code switch} over the kinds exhaustively. It is
 * an {@link IOException} so that it passes through {@link java.io.InputStream#read()}.
 */
public sealed class InvalidCiphertextException extends IOException
        permits AuthenticationFailedException,
                TruncatedCiphertextException,
                MalformedCiphertextException,
                WrongKeyException {

    private static final long serialVersionUID = 1L;

    InvalidCiphertextException(String message) {
        super(message);
    }
}
