package dev.segcrypt;

/** The key commitment does not match: the input was made with another key, or its header was altered. */
public final class WrongKeyException extends InvalidCiphertextException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where (segment index, frame index, byte offset)
     */
    public WrongKeyException(String message) {
        super(message);
    }
}
