package dev.segcrypt;

import dev.segcrypt.internal.stream.RandomAccessDecoder;
import java.util.Objects;

/**
 * Verifies and decrypts single segments of a stream of known length, each on its own, given its
 * bytes: for readers that split one stream file among many workers. Each worker opens its own
 * decryptor from the stream's header, reads the segments of its byte range (from {@link
 * StreamSegments}) and hands each to {@link #decrypt}; no state is shared between segments or
 * workers, and nothing depends on the order of the calls.
 *
 * <p>Together, the segments of a stream verify the whole stream exactly when each of them verifies
 * here: every segment is bound to the stream's id and its index, and only the last segment within
 * the stream's length may be, and must be, its final one (docs/wire-format.md, "Streams").
 *
 * <p><b>Thread safety:</b> safe for concurrent use. <b>General exceptions:</b> a {@code null}
 * argument gives a {@link NullPointerException}; calls after the cipher was closed give {@link
 * EngineClosedException}.
 *
 * {@snippet :
 * // this worker owns the byte range [rangeStart, rangeEnd) of the file
 * StreamSegmentDecryptor decryptor = StreamSegmentDecryptor.open(cipher, header, fileLength);
 * StreamSegments segments = decryptor.segments();
 * for (long k = segments.firstAtOrAfter(rangeStart); k < segments.firstAtOrAfter(rangeEnd); k++) {
 *     byte[] wire = read(file, segments.offset(k), segments.wireBytes(k));
 *     byte[] plaintext = decryptor.decrypt(k, wire, 0, wire.length); // verified, or throws
 * }
 * }
 */
public sealed interface StreamSegmentDecryptor permits RandomAccessDecoder {

    /**
     * {@return a decryptor for the stream that begins with {@code streamHeader} and is {@code
     * streamLength} bytes long} The header is authenticated against {@code cipher}'s key.
     *
     * @param cipher       a cipher with the stream's key; it stays open while the decryptor is used
     * @param streamHeader the stream's first {@value StreamInfo#HEADER_SIZE_IN_BYTES} bytes
     *                     (more are ignored)
     * @param streamLength the stream's length in bytes, its header included
     * @throws MalformedCiphertextException if {@code streamHeader} is not a segcrypt stream header
     * @throws TruncatedCiphertextException if {@code streamHeader} or {@code streamLength} ends
     *     inside the stream header
     * @throws WrongKeyException if the header does not match the key (wrong key, or altered)
     * @throws IllegalArgumentException if {@code streamLength} is negative
     */
    static StreamSegmentDecryptor open(SegmentCipher cipher, byte[] streamHeader, long streamLength)
            throws InvalidCiphertextException {
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(streamHeader, "streamHeader");
        return RandomAccessDecoder.open(cipher, streamHeader, streamLength);
    }

    /** {@return what the stream header says, read without a key (it authenticated on opening)} */
    StreamInfo info();

    /** {@return where the stream's segments lie} */
    StreamSegments segments();

    /**
     * Verifies segment {@code index} in {@code wire[offset, offset + length)} as the segment at that
     * place of this stream and returns its plaintext. Nothing is returned unless the whole segment
     * verified and it is final exactly when it is the last within the stream's length.
     *
     * @param length exactly {@link StreamSegments#wireBytes segments().wireBytes(index)}
     * @return the segment's plaintext
     * @throws AuthenticationFailedException if the segment was altered, or belongs to another
     *     stream or another index
     * @throws TruncatedCiphertextException if the stream ends inside the segment, or after it
     *     without its final segment
     * @throws MalformedCiphertextException if the segment's header is malformed, or if bytes follow
     *     the stream's final segment
     * @throws IllegalArgumentException if {@code index} is not a segment within the stream's length
     *     or {@code length} is not its wire length
     * @throws IndexOutOfBoundsException if {@code [offset, offset + length)} is not within {@code wire}
     * @throws InterruptedException if the caller was interrupted; no plaintext is returned
     */
    byte[] decrypt(long index, byte[] wire, int offset, int length)
            throws InvalidCiphertextException, InterruptedException;
}
