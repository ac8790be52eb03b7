package dev.segcrypt;

import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.WireLimits;

/**
 * Encrypts and decrypts single segments, running the frames of each segment in parallel.
 *
 * <p>A segment is a byte range (up to {@value #MAX_SEGMENT_PLAINTEXT_BYTES} bytes) encrypted as a
 * header, data frames, a digest frame and a terminator frame; {@code docs/wire-format.md} has every
 * byte. A segment made by {@link #encrypt(byte[])} stands alone: it can be verified and decrypted
 * by any {@code SegmentCipher} holding the same key, whatever its options.
 *
 * <p><b>Thread safety:</b> safe for concurrent use by any number of threads. All callers share
 * the carriers and the bound on frames in flight. <b>Interruption:</b> interrupting a caller
 * cancels its segment; the call throws {@link InterruptedException} after every frame of that
 * segment has stopped. <b>General exceptions:</b> a {@code null} argument gives a {@link
 * NullPointerException}; a failure of the JCA provider gives a {@link
 * java.security.ProviderException} naming the frame; calls after {@link #close()} give {@link
 * EngineClosedException}.
 *
 * {@snippet :
 * try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, Options.defaults())) {
 *     byte[] wire = cipher.encrypt(plaintext);
 *     byte[] back = cipher.decrypt(wire); // throws InvalidCiphertextException if tampered
 * }
 * }
 */
public sealed interface SegmentCipher extends AutoCloseable permits DefaultSegmentCipher {

    /** The most plaintext bytes in one segment: 1 GiB. */
    int MAX_SEGMENT_PLAINTEXT_BYTES = WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES;

    /**
     * Encrypts {@code plaintext} as one self-contained segment with a fresh random salt.
     *
     * @param plaintext from 0 to {@value #MAX_SEGMENT_PLAINTEXT_BYTES} bytes; an empty array gives
     *     a valid segment with no data frames
     * @return the complete wire bytes of the segment
     * @throws IllegalArgumentException if {@code plaintext} is too long
     * @throws InterruptedException if the caller was interrupted; no wire is returned
     */
    byte[] encrypt(byte[] plaintext) throws InterruptedException;

    /**
     * Encrypts {@code plaintext} as one self-contained segment into the caller's buffer {@code
     * wire}, from index 0. Reusing one buffer for many segments spares the JVM zeroing (and the OS
     * mapping) a fresh segment-sized array each time, which costs more than the encryption itself.
     *
     * @param plaintext from 0 to {@value #MAX_SEGMENT_PLAINTEXT_BYTES} bytes
     * @param wire      at least {@link #wireLength(int) wireLength(plaintext.length)} bytes
     * @return the number of wire bytes written
     * @throws IllegalArgumentException if {@code plaintext} is too long
     * @throws IndexOutOfBoundsException if {@code wire} is too short
     * @throws InterruptedException if the caller was interrupted; {@code wire} then holds no complete segment
     */
    int encrypt(byte[] plaintext, byte[] wire) throws InterruptedException;

    /**
     * {@return the wire length of a segment of {@code plaintextLength} bytes made by this cipher}
     *
     * @throws IllegalArgumentException if {@code plaintextLength} is negative or above {@value #MAX_SEGMENT_PLAINTEXT_BYTES}
     */
    int wireLength(int plaintextLength);

    /**
     * Verifies a whole segment and returns its plaintext. Nothing is returned unless the header,
     * every data frame, the digest frame and the terminator frame verified.
     *
     * @param wire exactly one segment, as made by {@link #encrypt(byte[])}
     * @return the plaintext
     * @throws InvalidCiphertextException (one of its sealed subtypes) if the segment is not intact
     *     for this key
     * @throws InterruptedException if the caller was interrupted; no plaintext is returned
     */
    byte[] decrypt(byte[] wire) throws InvalidCiphertextException, InterruptedException;

    /**
     * Verifies a whole segment and writes its plaintext into the caller's buffer {@code plaintext},
     * from index 0. Reusing one buffer for many segments spares the JVM zeroing (and the OS mapping)
     * a fresh segment-sized array each time, which can cost more than the decryption itself. While
     * the call runs the buffer holds unverified bytes; if it throws, the bytes it wrote are zeroed.
     *
     * @param wire      exactly one segment, as made by {@link #encrypt(byte[])}
     * @param plaintext at least the segment's plaintext length
     * @return the number of plaintext bytes written
     * @throws InvalidCiphertextException (one of its sealed subtypes) if the segment is not intact
     *     for this key
     * @throws IndexOutOfBoundsException if {@code plaintext} is shorter than the segment's plaintext;
     *     nothing was decrypted
     * @throws InterruptedException if the caller was interrupted; no plaintext is left in the buffer
     */
    int decrypt(byte[] wire, byte[] plaintext) throws InvalidCiphertextException, InterruptedException;

    /** {@return the engine that runs frames: {@code structured} or {@code portable}} */
    String engineName();

    /**
     * {@return the JCA provider that runs {@code suite}} Its name, for example {@code SunJCE} or
     * {@code Conscrypt}, says which implementation does the cipher work. segcrypt never installs
     * it in {@link java.security.Security}.
     */
    java.security.Provider provider(Suite suite);

    /**
     * Stops the crypto carriers after the calls in progress finish and zeroes this cipher's copy
     * of the key. Idempotent.
     *
     * @apiNote A cipher that becomes unreachable without {@code close()} is released in the same
     *     way once the garbage collector finds it, which may be much later: close it.
     */
    @Override
    void close();
}
