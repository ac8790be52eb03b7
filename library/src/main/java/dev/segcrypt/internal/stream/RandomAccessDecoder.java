package dev.segcrypt.internal.stream;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.StreamSegmentDecryptor;
import dev.segcrypt.StreamSegments;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.engine.DefaultSegmentCipher;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link StreamSegmentDecryptor}: the stream header is authenticated once by a {@link
 * StreamDecoder}, which then checks each segment's place and verifies it; what a sequential
 * decoder learns from reading on (the input ends after the final segment, and only there), this
 * class learns from the stream's length.
 */
public final class RandomAccessDecoder implements StreamSegmentDecryptor {

    private final DefaultSegmentCipher cipher;
    private final StreamDecoder decoder; // holds the authenticated header only: safe to share
    private final StreamInfo info;
    private final StreamSegments segments;

    private RandomAccessDecoder(
            DefaultSegmentCipher cipher, StreamDecoder decoder, StreamInfo info, StreamSegments segments) {
        this.cipher = cipher;
        this.decoder = decoder;
        this.info = info;
        this.segments = segments;
    }

    /** See {@link StreamSegmentDecryptor#open}. */
    public static RandomAccessDecoder open(SegmentCipher cipher, byte[] streamHeader, long streamLength)
            throws InvalidCiphertextException {
        if (streamLength < 0) {
            throw new IllegalArgumentException("stream length " + streamLength + " is negative");
        }
        DefaultSegmentCipher impl = (DefaultSegmentCipher) cipher;
        StreamDecoder decoder = StreamDecoder.keyed(impl, new ByteArrayInputStream(streamHeader));
        StreamInfo info;
        try {
            info = StreamDecoder.describe(decoder.header());
        } catch (InvalidCiphertextException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("segcrypt internal error: reading an array failed", e);
        }
        if (streamLength < StreamInfo.HEADER_SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException("the stream ends inside its header (" + streamLength + " of "
                    + StreamInfo.HEADER_SIZE_IN_BYTES + " bytes)");
        }
        return new RandomAccessDecoder(impl, decoder, info, StreamSegments.of(info, streamLength));
    }

    @Override
    public StreamInfo info() {
        return info;
    }

    @Override
    public StreamSegments segments() {
        return segments;
    }

    @Override
    public byte[] decrypt(long index, byte[] wire, int offset, int length)
            throws InvalidCiphertextException, InterruptedException {
        Objects.requireNonNull(wire, "wire");
        Objects.checkFromIndexSize(offset, length, wire.length);
        if (index < 0 || index >= segments.count()) {
            throw new IllegalArgumentException("the stream has no segment " + index + " (it has " + segments.count()
                    + " within its " + segments.streamLength() + " bytes)");
        }
        if (length != segments.wireBytes(index)) {
            throw new IllegalArgumentException(
                    "segment " + index + " is " + segments.wireBytes(index) + " bytes on the wire, got " + length);
        }
        if (length < SegmentHeader.SIZE_IN_BYTES) {
            throw new TruncatedCiphertextException(
                    "the stream ends inside the header of segment " + index + " (truncated)");
        }
        SegmentHeader segment = placed(index, Arrays.copyOfRange(wire, offset, offset + SegmentHeader.SIZE_IN_BYTES));
        long expected = SegmentLayout.of(segment).wireLength();
        if (length < expected) {
            throw new TruncatedCiphertextException("segment " + index + ": the stream ends after " + length + " of its "
                    + expected + " bytes (truncated)");
        }
        byte[] plaintext = cipher.decryptStreamSegment(segment, wire, offset, null);
        // the end is judged by flags that have now been authenticated, and after the segment verified,
        // as a sequential decoder judges it when it reads on: the same category for the same damage
        if (segments.isLast(index) && !segment.isFinal()) {
            Arrays.fill(plaintext, (byte) 0); // never released
            throw new TruncatedCiphertextException(
                    "the stream ends after segment " + index + " without a final segment (truncated)");
        }
        if (segment.isFinal() && (length > expected || !segments.isLast(index))) {
            Arrays.fill(plaintext, (byte) 0); // never released
            throw new MalformedCiphertextException("unexpected bytes after the final segment " + index);
        }
        return plaintext;
    }

    /** {@return the header in {@code header[0, 108)}, checked to belong at {@code index} of this stream} */
    SegmentHeader placed(long index, byte[] header) throws InvalidCiphertextException {
        try {
            return decoder.segmentHeaderAt(index, header);
        } catch (InvalidCiphertextException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("segcrypt internal error: the stream header was read on opening", e);
        }
    }

    @Override
    public String toString() {
        return "RandomAccessDecoder[" + segments + "]";
    }
}
