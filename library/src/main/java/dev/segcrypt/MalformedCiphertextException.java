package dev.segcrypt;

/** The input is not in the segcrypt format: bad magic, unknown version or suite, out-of-range sizes, or bytes after the end. */
public final class MalformedCiphertextException extends InvalidCiphertextException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and where (segment index, frame index, byte offset)
     */
    public MalformedCiphertextException(String message) {
        super(message);
    }
}
