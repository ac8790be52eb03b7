package dev.segcrypt;

/** The input ends before the segment or stream is complete. */
public final class TruncatedCiphertextException extends InvalidCiphertextException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where (segment index, frame index, byte offset)
     */
    public TruncatedCiphertextException(String message) {
        super(message);
    }
}
