package dev.segcrypt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.StreamHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The two header parsers, in the style of age's malleability fuzzing: a header that parses is
 * canonical (encoding the parsed value gives back exactly the bytes read, so no two byte strings
 * mean the same header), and anything else is a typed rejection.
 */
class HeaderFuzzTest {

    @FuzzTest
    void headers_parsedHeaders_reencodeToTheSameBytes(byte[] input) {
        try {
            StreamHeader stream = StreamHeader.decode(input);
            byte[] read = Arrays.copyOf(input, StreamHeader.SIZE_IN_BYTES);
            byte[] tag = Arrays.copyOfRange(read, StreamHeader.TAGGED_PREFIX_IN_BYTES, read.length);
            assertThat(stream.encode(tag)).isEqualTo(read);
        } catch (InvalidCiphertextException rejected) {
            // the only other outcome allowed
        }
        try {
            SegmentHeader segment = SegmentHeader.decode(ByteBuffer.wrap(input), "segment");
            ByteBuffer encoded = ByteBuffer.allocate(SegmentHeader.SIZE_IN_BYTES);
            segment.encodeTo(encoded);
            assertThat(encoded.array()).isEqualTo(Arrays.copyOf(input, SegmentHeader.SIZE_IN_BYTES));
        } catch (InvalidCiphertextException rejected) {
            // the only other outcome allowed
        }
    }
}
