package dev.segcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key file format of docs/wire-format.md ("Key file") against its known answer in the doc:
 * the master key 00 01 .. 1f.
 */
class KeyFilesTest {

    private static final Path SPEC = Path.of("../docs/wire-format.md");
    private static final byte[] MASTER_KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void write_knownKey_givesTheSpecLineAndOneLineFeed(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("key");

        // when
        KeyFiles.write(file, SegcryptKey.fromBytes(MASTER_KEY));

        // then
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(specLine() + "\n");
    }

    @Test
    void write_fileMadeJustBeforeCreation_isKeptAndRefused(@TempDir Path dir) throws IOException {
        // given: another process makes the file after keygen looked and before it creates its own
        Path file = dir.resolve("key");
        byte[] precious = "segcrypt-key-v1:someone else's key\n".getBytes(StandardCharsets.US_ASCII);
        Runnable race = () -> {
            try {
                Files.write(file, precious);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        // when / then
        assertThatThrownBy(() -> KeyFiles.write(file, SegcryptKey.fromBytes(MASTER_KEY), race))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasBinaryContent(precious);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void read_specLineInUpperCaseWithCrLf_givesTheKey(@TempDir Path dir) throws IOException {
        // given
        String line = specLine();
        Path file = Files.writeString(
                dir.resolve("key"), line.substring(0, 16) + line.substring(16).toUpperCase() + "\r\n");

        // when
        SegcryptKey key = KeyFiles.read(file);

        // then
        assertThat(key.copyBytes()).isEqualTo(MASTER_KEY);
    }

    @Test
    void read_otherPrefixOrDigitCount_isNotAKeyFile(@TempDir Path dir) throws IOException {
        // given
        String line = specLine();
        Path otherPrefix = Files.writeString(dir.resolve("a"), "segcrypt-key-v2:" + line.substring(16) + "\n");
        Path shortKey = Files.writeString(dir.resolve("b"), line.substring(0, line.length() - 2) + "\n");

        // when / then
        assertThatThrownBy(() -> KeyFiles.read(otherPrefix)).isInstanceOf(Main.UsageException.class);
        assertThatThrownBy(() -> KeyFiles.read(shortKey)).isInstanceOf(Main.UsageException.class);
    }

    /** {@return the key file line the spec gives as its known answer} */
    private static String specLine() throws IOException {
        String doc = Files.readString(SPEC);
        int marker = doc.indexOf("<!-- known-answer: key file -->");
        assertThat(marker).as("the key file known answer in %s", SPEC).isNotNegative();
        int start = doc.indexOf('\n', doc.indexOf("```", marker)) + 1;
        String line = doc.substring(start, doc.indexOf("```", start)).strip();
        assertThat(line).startsWith("segcrypt-key-v1:").hasSize(16 + 64);
        return line;
    }
}
