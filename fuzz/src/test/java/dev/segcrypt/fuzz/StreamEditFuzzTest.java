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
 * releases only authentic plaintext before its typed rejection, and accepts only a valid stream whole.
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

        // every stream here is under one key and holds a prefix of one pattern: what is released must be
        // authentic plaintext, and a stream that decrypts must be one of them whole (replacing a whole
        // stream with another under the same key is not detectable, docs/threat-model.md)
        byte[] prefix = released.bytes();
        assertThat(prefix).as("released bytes are authentic plaintext").isEqualTo(SeedCorpus.plaintext(prefix.length));
        if (released.rejection() == null) {
            byte[] accepted = wire;
            assertThat(streams)
                    .as("an edited stream decrypted")
                    .anySatisfy(sample -> assertThat(sample.wire()).isEqualTo(accepted));
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
