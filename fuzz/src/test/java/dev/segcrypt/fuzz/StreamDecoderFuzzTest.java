package dev.segcrypt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Segcrypt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Arbitrary bytes as a stream: the decrypting stream and the key-less readers reject them with typed errors only. */
class StreamDecoderFuzzTest {

    private static Decryption decryption;

    @BeforeAll
    static void open() {
        decryption = new Decryption();
    }

    @AfterAll
    static void close() {
        decryption.close();
    }

    @FuzzTest
    void streamDecoder_arbitraryBytes_onlyTypedRejections(byte[] input) throws IOException {
        decryption.stream(input);
        try {
            Segcrypt.readStreamInfo(new ByteArrayInputStream(input));
            Segcrypt.inspect(new ByteArrayInputStream(input), segment -> {});
        } catch (InvalidCiphertextException rejected) {
            // the only other outcome allowed
        }
    }
}
