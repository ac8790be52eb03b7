package dev.segcrypt.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.testing.DocBlocks;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Category;
import dev.segcrypt.testing.VectorFiles.InvalidStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invalid streams of {@code src/test/resources/vectors/stream-invalid.json} (made once from the
 * known answers and the spec encoder, never by the code under test): the library's decrypting
 * stream rejects each, on every provider of {@link ProvidersUnderTest}, with exactly the category
 * the vector names, and so does {@link Segcrypt#inspect} where the fault is structural; and every
 * MUST-reject rule of "Stream parse rules" in docs/wire-format.md has a vector. The spec decoder
 * reads the same file in {@link StreamRejectionAgreementTest}.
 */
class StreamInvalidVectorsTest {

    private static final List<InvalidStream> VECTORS = VectorFiles.streamInvalid();

    static Stream<Arguments> vectorsAndProviders() {
        return VECTORS.stream().flatMap(v -> ProvidersUnderTest.all().map(p -> Arguments.of(v, p)));
    }

    static Stream<InvalidStream> structuralVectors() {
        return VECTORS.stream().filter(InvalidStream::isStructural);
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void decryptingStream_invalidVector_throwsExactlyItsCategory(InvalidStream vector, CryptoProvider provider) {
        // given
        ProvidersUnderTest.require(provider);

        // when
        Throwable thrown = catchThrowable(() -> decrypt(vector, provider));

        // then
        assertThat(thrown).isExactlyInstanceOf(vector.expect().exception());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structuralVectors")
    void inspect_structuralInvalidVector_throwsExactlyItsCategory(InvalidStream vector) {
        // given: no key at all
        InputStream in = new ByteArrayInputStream(vector.stream());

        // when
        Throwable thrown = catchThrowable(() -> Segcrypt.inspect(in, segment -> {}));

        // then
        assertThat(thrown).isExactlyInstanceOf(vector.expect().exception());
    }

    @Test
    void vectorFile_everyMustRejectRule_hasAVectorOfItsCategory() throws Exception {
        // given
        Map<Integer, Set<Category>> rules =
                DocBlocks.mustRejectRules(Files.readString(DocBlocks.WIRE_FORMAT), "### Stream parse rules");

        // when
        Set<Integer> covered =
                VECTORS.stream().map(v -> v.rule().number()).collect(Collectors.toCollection(TreeSet::new));

        // then
        assertThat(rules).as("MUST-reject rules of the spec").isNotEmpty();
        assertThat(covered).as("rules with a vector").isEqualTo(rules.keySet());
        for (InvalidStream vector : VECTORS) {
            assertThat(rules.get(vector.rule().number()))
                    .as("categories the spec gives to the rule of %s", vector)
                    .contains(vector.expect());
        }
        assertThat(VECTORS).extracting(InvalidStream::tcId).doesNotHaveDuplicates();
    }

    /**
     * Decrypts the whole stream. With a passphrase, the key comes from the salt and cost of the
     * stream's header, as an application derives it; reading that header applies rules 1 to 9.
     */
    private static byte[] decrypt(InvalidStream vector, CryptoProvider provider) throws Exception {
        SegcryptKey key = vector.passphrase().isPresent()
                ? SegcryptKey.fromPassphrase(
                        vector.passphrase().get().toCharArray(),
                        Segcrypt.readStreamInfo(new ByteArrayInputStream(vector.stream())))
                : SegcryptKey.fromBytes(vector.masterKey().orElseThrow());
        try (SegmentCipher cipher =
                        Segcrypt.newSegmentCipher(key, Options.defaults().withProvider(provider));
                InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(vector.stream()))) {
            return in.readAllBytes();
        }
    }
}
