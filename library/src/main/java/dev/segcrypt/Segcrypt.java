package dev.segcrypt;

import dev.segcrypt.internal.crypto.Providers;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.stream.StreamFiles;
import dev.segcrypt.internal.stream.StreamReader;
import dev.segcrypt.internal.stream.StreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Entry points of segcrypt: parallel, authenticated encryption of large data as segments of
 * fixed-size frames.
 *
 * <p>Start with {@link #newSegmentCipher(SegcryptKey, Options)}. A <em>stream</em> is a 96-byte
 * header followed by segments of {@link Options#segmentSizeBytes()} plaintext bytes (the last may
 * be shorter), each bound to the stream's id, its index and whether it is the last, so that
 * dropping, reordering, duplicating, splicing and truncating segments are all detected.
 *
 * <p><b>Streams and failures:</b> decrypting streams release a segment's plaintext only after the
 * whole segment verified, and end with an exception, never a clean end of stream, when the input
 * is not intact. A reader may thus have received some verified segments before it learns that the
 * stream is truncated or tampered: where that matters, decrypt to a file with {@link
 * #decryptFile}, which is all-or-nothing.
 */
public final class Segcrypt {

    private Segcrypt() {}

    /**
     * {@return a new segment cipher} It starts {@link Options#carriers()} platform threads; close
     * it when done.
     *
     * @param key     the master key; the cipher keeps its own copy, so the caller may destroy
     *                {@code key} afterwards
     * @param options suite, frame size, provider and parallelism
     * @throws IllegalArgumentException if {@code options} asks for a provider that is not available
     */
    public static SegmentCipher newSegmentCipher(SegcryptKey key, Options options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        return DefaultSegmentCipher.create(key, options);
    }

    /**
     * {@return an {@link OutputStream} that encrypts what is written to it as a stream into {@code
     * out}} Segment k + 1 is filled while segment k is encrypted and k - 1 is written. Memory: about five segments.
     * {@link OutputStream#close()} writes the final segment and closes {@code out}; without it the
     * output is incomplete and will be rejected by readers. Not thread-safe.
     *
     * @apiNote {@code close()} declares the plaintext complete. If reading your plaintext fails,
     *     do not close this stream (a try-with-resources block would), close {@code out} instead:
     *     the output then lacks its final segment and every reader rejects it as truncated. {@link
     *     #encryptToFile} handles this for you.
     *
     * @param cipher the cipher whose key, suite, frame and segment sizes the stream uses
     * @param out    receives the stream; closed by {@code close()}
     */
    public static OutputStream newEncryptingStream(SegmentCipher cipher, OutputStream out) {
        return new StreamWriter(impl(cipher), out);
    }

    /**
     * {@return an {@link InputStream} that reads a stream from {@code in} and returns its
     * plaintext, one verified segment at a time} Reads throw {@link InvalidCiphertextException}
     * (a sealed subtype) when the stream is not intact, and every later call throws too. Segment
     * k + 1 is verified in the background while segment k is read. Memory: about four segments.
     * Not thread-safe.
     *
     * @param cipher a cipher with the stream's key (suite and sizes are read from the stream)
     * @param in     the stream; closed by {@code close()}
     */
    public static InputStream newDecryptingStream(SegmentCipher cipher, InputStream in) {
        return new StreamReader(impl(cipher), in);
    }

    /**
     * {@return a channel that encrypts into {@code out}} The channel form of {@link
     * #newEncryptingStream}; closing it completes the stream.
     */
    public static WritableByteChannel newEncryptingChannel(SegmentCipher cipher, WritableByteChannel out) {
        return Channels.newChannel(newEncryptingStream(cipher, Channels.newOutputStream(out)));
    }

    /** {@return a channel that decrypts from {@code in}} The channel form of {@link #newDecryptingStream}. */
    public static ReadableByteChannel newDecryptingChannel(SegmentCipher cipher, ReadableByteChannel in) {
        return Channels.newChannel(newDecryptingStream(cipher, Channels.newInputStream(in)));
    }

    /**
     * Encrypts the file {@code source} into {@code target}, atomically: {@code target} appears
     * complete or not at all, and an existing {@code target} is replaced only on success. The input
     * is read segment by segment; memory stays at a few segments whatever the file size.
     *
     * <p><b>Targets.</b> A new path or a regular file is written into a temporary file in the same
     * directory (mode 0600, named {@code .NAME.PID-RANDOM.segcrypt-tmp}), forced to disk and
     * renamed over {@code target}; a link to a regular file stays a link and its file is replaced.
     * A device or named pipe is never replaced: it is opened and written directly, and is then not
     * all or nothing. If the process is killed, its temporary file stays behind; the next write to
     * the same target by the same user removes it once that process is gone.
     *
     * @param progress receives the number of plaintext bytes done after each segment
     * @throws IOException if reading or writing fails
     * @throws java.nio.file.AccessDeniedException if {@code target} is a file that is read-only or
     *     belongs to another user (refused even for root)
     * @throws IllegalArgumentException if {@code source} is not a regular file (use a stream for
     *     pipes), {@code target} is a directory, or {@code target} is {@code source}
     */
    public static void encryptFile(SegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        StreamFiles.encryptFile(impl(cipher), source, target, progress);
    }

    /**
     * Decrypts the stream file {@code source} into {@code target}, all or nothing: on any failure no
     * output file is left and an existing {@code target} is untouched.
     *
     * <p>{@code target} is handled as by {@link #encryptFile}: a device or named pipe is written
     * directly and then receives the segments verified before a failure.
     *
     * @param progress receives the number of plaintext bytes done after each segment
     * @throws InvalidCiphertextException if the stream is not intact for this key
     * @throws IOException if reading or writing fails
     * @throws java.nio.file.AccessDeniedException if {@code target} is a file that is read-only or
     *     belongs to another user
     * @throws IllegalArgumentException if {@code source} is not a regular file (use a stream for
     *     pipes), {@code target} is a directory, or {@code target} is {@code source}
     */
    public static void decryptFile(SegmentCipher cipher, Path source, Path target, LongConsumer progress)
            throws IOException {
        StreamFiles.decryptFile(impl(cipher), source, target, progress);
    }

    /**
     * Encrypts everything read from {@code source} (not closed) into the file {@code target},
     * atomically as {@link #encryptFile} (a device or named pipe is written directly).
     *
     * @param progress receives the number of plaintext bytes done
     * @throws IOException if reading or writing fails
     * @throws java.nio.file.AccessDeniedException if {@code target} is a file that is read-only or
     *     belongs to another user
     * @throws IllegalArgumentException if {@code target} is a directory
     */
    public static void encryptToFile(SegmentCipher cipher, InputStream source, Path target, LongConsumer progress)
            throws IOException {
        StreamFiles.encryptToFile(impl(cipher), source, target, progress);
    }

    /**
     * Decrypts the stream read from {@code source} into the file {@code target}, all or nothing as
     * {@link #decryptFile} (a device or named pipe is written directly). {@code source} is closed.
     *
     * @param progress receives the number of plaintext bytes done
     * @throws InvalidCiphertextException if the stream is not intact for this key
     * @throws IOException if reading or writing fails
     * @throws java.nio.file.AccessDeniedException if {@code target} is a file that is read-only or
     *     belongs to another user
     * @throws IllegalArgumentException if {@code target} is a directory
     */
    public static void decryptToFile(SegmentCipher cipher, InputStream source, Path target, LongConsumer progress)
            throws IOException {
        StreamFiles.decryptToFile(impl(cipher), source, target, progress);
    }

    /**
     * {@return the plaintext of segment {@code index} of a stream file, reading only its header and
     * that segment} Each segment verifies on its own, so a segment that more segments follow in the
     * file is returned even if the file is cut or tampered with further on: this does not prove that
     * the stream is complete. The last segment in the file is returned only if it is the stream's
     * final segment and the file ends right after it.
     *
     * @throws IllegalArgumentException if {@code index} is negative, or past the final segment of
     *     an intact stream (the final segment was verified to tell)
     * @throws TruncatedCiphertextException if the segment is the last in the file, or past it, and
     *     the file does not end with its final segment: the stream was cut
     * @throws InvalidCiphertextException (another sealed subtype) if the header or a segment read is
     *     not intact for this key
     * @throws IOException if reading fails
     */
    public static byte[] decryptSegment(SegmentCipher cipher, Path file, long index) throws IOException {
        return StreamFiles.decryptSegment(impl(cipher), file, index);
    }

    /**
     * {@return {@code length} plaintext bytes from plaintext offset {@code offset} of a stream file},
     * reading and verifying only the segments that hold them, as {@link #decryptSegment} does: a
     * range that reaches the last segment in the file, or goes past it, needs the stream's final
     * segment there.
     *
     * @throws IllegalArgumentException if the offset or length is negative, or the range extends
     *     past the end of an intact stream's plaintext
     * @throws TruncatedCiphertextException if the range reaches the last segment in the file, or
     *     goes past it, and the file does not end with its final segment: the stream was cut
     * @throws InvalidCiphertextException (another sealed subtype) if the header or a segment read is
     *     not intact for this key
     * @throws IOException if reading fails
     */
    public static byte[] decryptRange(SegmentCipher cipher, Path file, long offset, int length) throws IOException {
        return StreamFiles.decryptRange(impl(cipher), file, offset, length);
    }

    /**
     * {@return the exact plaintext length of a stream file} Reads the stream header and the final
     * segment, the last segment in the file, and verifies both: the final segment's header, its
     * FINAL flag and every frame of it, and that the file ends right after it. The other segments
     * are not read, so this does not prove that they are intact.
     *
     * @throws TruncatedCiphertextException if the file does not end with a final segment: the
     *     stream was cut
     * @throws MalformedCiphertextException if bytes follow the final segment, or the input is not
     *     a segcrypt stream
     * @throws InvalidCiphertextException (another sealed subtype) if the header or the final
     *     segment is not intact for this key
     * @throws IOException if reading fails
     */
    public static long plaintextSize(SegmentCipher cipher, Path file) throws IOException {
        return StreamFiles.plaintextSize(impl(cipher), file);
    }

    /**
     * {@return whether {@code provider} can be used in this JVM} {@link CryptoProvider#AUTO},
     * {@link CryptoProvider#JDK} and {@link CryptoProvider#BOUNCY_CASTLE} always can; {@link
     * CryptoProvider#CONSCRYPT} when its classes and native library load.
     */
    public static boolean isAvailable(CryptoProvider provider) {
        return Providers.isAvailable(Objects.requireNonNull(provider, "provider"));
    }

    /**
     * Reads a stream's structure without a key: its header and every segment's header. Only the
     * structure is checked (nothing is authenticated).
     *
     * @param segments receives each segment's place and size, in order
     * @return the stream header's fields
     * @throws InvalidCiphertextException if the structure is broken (truncated, malformed, trailing bytes)
     */
    public static StreamInfo inspect(InputStream in, Consumer<SegmentInfo> segments) throws IOException {
        return StreamFiles.inspect(in, segments);
    }

    /**
     * Reads the stream header at the start of {@code in} (exactly {@value
     * StreamInfo#HEADER_SIZE_IN_BYTES} bytes) without a key, for example to learn whether the
     * stream needs a passphrase. Nothing is authenticated. To decrypt the stream afterwards, read
     * the header through a stream that can go back, such as a {@link java.io.BufferedInputStream}
     * with {@code mark} and {@code reset}.
     *
     * @return the stream header's fields
     * @throws MalformedCiphertextException if the input is empty or does not begin with a segcrypt
     *     stream header
     * @throws TruncatedCiphertextException if the input ends inside the header
     * @throws IOException if reading fails
     */
    public static StreamInfo readStreamInfo(InputStream in) throws IOException {
        return StreamFiles.readStreamInfo(Objects.requireNonNull(in, "in"));
    }

    private static DefaultSegmentCipher impl(SegmentCipher cipher) {
        return (DefaultSegmentCipher) Objects.requireNonNull(cipher, "cipher");
    }
}
