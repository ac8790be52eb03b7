package dev.segcrypt;

/** A frame failed authentication: its bytes, position, or the data bound to it were changed. */
public final class AuthenticationFailedException extends InvalidCiphertextException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where (segment index, frame index, byte offset)
     */
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
