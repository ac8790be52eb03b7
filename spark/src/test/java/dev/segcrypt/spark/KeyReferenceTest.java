package dev.segcrypt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files read through Hadoop's file systems, by the rules of docs/wire-format.md, "Key file". */
class KeyReferenceTest {

    /** The known-answer key file of docs/wire-format.md: the master key 00 01 .. 1f. */
    private static final String KNOWN_KEY_FILE =
            "segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

    @TempDir
    Path dir;

    @Test
    void resolve_knownAnswerKeyFile_givesItsKey() throws IOException {
        // given
        Path file = Files.writeString(
                dir.resolve("k.key"), KNOWN_KEY_FILE.toUpperCase().replace("SEGCRYPT-KEY-V1", "segcrypt-key-v1"));
        Configuration conf = new Configuration(false);
        conf.set(KeyReference.KEY_FILE, file.toUri().toString());

        // when
        SegcryptKey key = KeyReference.resolve(conf);

        // then
        byte[] expected = new byte[32];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertThat(key.copyBytes()).isEqualTo(expected);
    }

    @Test
    void resolve_notAKeyFile_namesThePathNotTheContent() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.txt"), "hunter2-hunter2\n", StandardCharsets.US_ASCII);
        Configuration conf = new Configuration(false);
        conf.set(KeyReference.KEY_FILE, file.toString());

        assertThatThrownBy(() -> KeyReference.resolve(conf))
                .hasMessage(file + " is not a segcrypt key file (make one with: segcrypt keygen -o FILE)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void resolve_badHexDigit_isRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.key"), KNOWN_KEY_FILE.replace("1f\n", "1g\n"));
        Configuration conf = new Configuration(false);
        conf.set(KeyReference.KEY_FILE, file.toString());

        assertThatThrownBy(() -> KeyReference.resolve(conf)).hasMessageContaining("its digits are not hexadecimal");
    }

    @Test
    void resolve_missingFile_namesThePath() {
        Configuration conf = new Configuration(false);
        conf.set(KeyReference.KEY_FILE, dir.resolve("absent.key").toString());

        assertThatThrownBy(() -> KeyReference.resolve(conf))
                .hasMessageStartingWith("cannot read the key file " + dir.resolve("absent.key"));
    }

    @Test
    void resolve_notConfigured_namesTheSetting() {
        assertThatThrownBy(() -> KeyReference.resolve(new Configuration(false)))
                .hasMessageContaining("set the Hadoop configuration entry segcrypt.key.file");
    }
}
