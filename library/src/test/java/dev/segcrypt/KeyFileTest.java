package dev.segcrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.testing.DocBlocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SegcryptKey#fromKeyFile} and {@link SegcryptKey#toKeyFile} against docs/wire-format.md, "Key file". */
class KeyFileTest {

    private static final byte[] MASTER_KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void toKeyFile_knownKey_isTheSpecLineAndOneLineFeed() throws IOException {
        assertThat(new String(SegcryptKey.fromBytes(MASTER_KEY).toKeyFile(), StandardCharsets.US_ASCII))
                .isEqualTo(specLine() + "\n");
    }

    @Test
    void fromKeyFile_specLineInUpperCaseWithLineEnds_givesTheKey() throws IOException {
        String line = specLine();
        byte[] content = (line.substring(0, 16) + line.substring(16).toUpperCase() + "\r\n\n")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(SegcryptKey.fromKeyFile(content).copyBytes()).isEqualTo(MASTER_KEY);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // empty
                "segcrypt-key-v2:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", // other prefix
                "segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e\n", // 62 digits
                "segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00\n", // 66
                "segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \n", // a space
                " segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1\n", // leading space
            })
    void fromKeyFile_notAKeyFile_throwsWithoutTheContent(String content) {
        assertThatThrownBy(() -> SegcryptKey.fromKeyFile(content.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a segcrypt key file");
    }

    @Test
    void fromKeyFile_nonHexDigit_throwsWithoutTheContent() {
        byte[] content = "segcrypt-key-v1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g\n"
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> SegcryptKey.fromKeyFile(content))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a segcrypt key file: its digits are not hexadecimal");
    }

    private static String specLine() throws IOException {
        String line = DocBlocks.fencedBlockAfter(
                        Files.readString(DocBlocks.WIRE_FORMAT), "<!-- known-answer: key file -->")
                .strip();
        assertThat(line).startsWith("segcrypt-key-v1:").hasSize(16 + 64);
        return line;
    }
}
