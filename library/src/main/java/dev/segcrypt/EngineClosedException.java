package dev.segcrypt;

/** The {@link SegmentCipher} was closed before or during the call. */
public final class EngineClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused
     */
    public EngineClosedException(String message) {
        super(message);
    }
}
