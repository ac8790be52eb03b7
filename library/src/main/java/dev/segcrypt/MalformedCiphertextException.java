package dev.segcrypt;

/**
 * The input is not in the segcrypt format: bad magic, unknown version or suite, out-of-range sizes,
 * or bytes after the end. A {@link PassphraseCostException} is the one subtype: a header this
 * decoder refuses to derive a key for.
 */
public sealed class MalformedCiphertextException extends InvalidCiphertextException permits PassphraseCostException {

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
