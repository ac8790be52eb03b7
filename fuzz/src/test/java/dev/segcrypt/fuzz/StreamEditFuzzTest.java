package dev.segcrypt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.segcrypt.fuzz.SeedCorpus.Sample;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Edits of valid streams as an attacker would make them (bit flips, cuts, inserted, deleted and
 * duplicated ranges, a range from another stream under the same key): the decrypting stream
 * releases only a prefix of the true plaintext before its typed rejection, and all of it only when
 * the edits changed nothing.
 */
class StreamEditFuzzTest {

    private static final int MAX_EDIT_BYTES = 512;

    private static Decryption decryption;
    private static List<Sample> streams;

    @BeforeAll
    static void open() throws IOException {
        decryption = new Decryption();
        streams = SeedCorpus.streams();
    }

    @AfterAll
    static void close() {
        decryption.close();
    }

    @FuzzTest
    void stream_editsOfValidStreams_rejectedOrUnchanged(FuzzedDataProvider data) throws IOException {
        Sample original = streams.get(data.consumeInt(0, streams.size() - 1));
        byte[] wire = original.wire();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && wire.length > 0; i++) {
            wire = edit(wire, data);
        }

        Decryption.Released released = decryption.stream(wire);

        byte[] prefix = released.bytes();
        assertThat(prefix.length).isLessThanOrEqualTo(original.plaintext().length);
        assertThat(Arrays.equals(prefix, 0, prefix.length, original.plaintext(), 0, prefix.length))
                .as("the released bytes are a prefix of the plaintext")
                .isTrue();
        if (released.rejection() == null) {
            assertThat(wire).as("an edited stream decrypted").isEqualTo(original.wire());
            assertThat(released.bytes()).isEqualTo(original.plaintext());
        }
    }

    private static byte[] edit(byte[] wire, FuzzedDataProvider data) {
        int at = data.consumeInt(0, wire.length - 1);
        int length = data.consumeInt(1, Math.min(MAX_EDIT_BYTES, wire.length - at));
        return switch (data.consumeInt(0, 5)) {
            case 0 -> { // flip bits of one byte
                byte[] out = wire.clone();
                out[at] ^= (byte) data.consumeInt(1, 255);
                yield out;
            }
            case 1 -> Arrays.copyOf(wire, at); // cut
            case 2 -> splice(wire, at, at, data.consumeBytes(length)); // insert
            case 3 -> splice(wire, at, at + length, new byte[0]); // delete
            case 4 -> splice(wire, at, at, Arrays.copyOfRange(wire, at, at + length)); // duplicate
            default -> { // the same range of another stream: same key, other stream id and salts
                byte[] other =
                        streams.get(data.consumeInt(0, streams.size() - 1)).wire();
                int end = Math.min(at + length, other.length);
                yield at >= end ? wire : splice(wire, at, end, Arrays.copyOfRange(other, at, end));
            }
        };
    }

    private static byte[] splice(byte[] wire, int from, int to, byte[] replacement) {
        byte[] out = new byte[wire.length - (to - from) + replacement.length];
        System.arraycopy(wire, 0, out, 0, from);
        System.arraycopy(replacement, 0, out, from, replacement.length);
        System.arraycopy(wire, to, out, from + replacement.length, wire.length - to);
        return out;
    }
}
