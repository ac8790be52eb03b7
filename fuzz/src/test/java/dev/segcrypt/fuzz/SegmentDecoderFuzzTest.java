package dev.segcrypt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Arbitrary bytes as a lone segment: {@code SegmentCipher.decrypt} rejects them with typed errors only. */
class SegmentDecoderFuzzTest {

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
    void segmentDecoder_arbitraryBytes_onlyTypedRejections(byte[] input) throws InterruptedException {
        decryption.segment(input);
    }
}
