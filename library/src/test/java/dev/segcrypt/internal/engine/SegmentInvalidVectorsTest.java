package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.testing.DocBlocks;
import dev.segcrypt.testing.ProvidersUnderTest;
import dev.segcrypt.testing.SpecEncoder;
import dev.segcrypt.testing.VectorFiles;
import dev.segcrypt.testing.VectorFiles.Category;
import dev.segcrypt.testing.VectorFiles.InvalidSegment;
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
 * The invalid lone segments of {@code src/test/resources/vectors/segment-invalid.json} (made once
 * from the known answers and the spec encoder, never by the code under test): the library rejects
 * each through {@link SegmentCipher#decrypt}, on every provider of {@link ProvidersUnderTest}, with
 * exactly the category the vector names, and so does the spec decoder; and every MUST-reject rule
 * of "Parse rules" in docs/wire-format.md has a vector.
 */
class SegmentInvalidVectorsTest {

    private static final List<InvalidSegment> VECTORS = VectorFiles.segmentInvalid();

    static Stream<InvalidSegment> vectors() {
        return VECTORS.stream();
    }

    static Stream<Arguments> vectorsAndProviders() {
        return VECTORS.stream().flatMap(v -> ProvidersUnderTest.all().map(p -> Arguments.of(v, p)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("vectorsAndProviders")
    void decrypt_invalidVector_throwsExactlyItsCategory(InvalidSegment vector, CryptoProvider provider) {
        // given
        ProvidersUnderTest.require(provider);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(
                SegcryptKey.fromBytes(vector.masterKey()), Options.defaults().withProvider(provider))) {

            // when
            Throwable thrown = catchThrowable(() -> cipher.decrypt(vector.wire()));

            // then
            assertThat(thrown).isExactlyInstanceOf(vector.expect().exception());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specDecoder_invalidVector_rejectsWithItsCategory(InvalidSegment vector) {
        // given: the naive lone-segment decoder of the test sources, written from the spec

        // when
        Throwable thrown = catchThrowable(() -> SpecEncoder.decodeLone(vector.masterKey(), vector.wire()));

        // then
        assertThat(thrown).isInstanceOf(SpecEncoder.Rejected.class);
        assertThat(((SpecEncoder.Rejected) thrown).failure())
                .as("spec decoder: %s", thrown.getMessage())
                .isEqualTo(vector.expect().specFailure());
    }

    @Test
    void vectorFile_everyMustRejectRule_hasAVectorOfItsCategory() throws Exception {
        // given
        Map<Integer, Set<Category>> rules =
                DocBlocks.mustRejectRules(Files.readString(DocBlocks.WIRE_FORMAT), "## Parse rules");

        // when
        Set<Integer> covered =
                VECTORS.stream().map(v -> v.rule().number()).collect(Collectors.toCollection(TreeSet::new));

        // then
        assertThat(rules).as("MUST-reject rules of the spec").isNotEmpty();
        assertThat(covered).as("rules with a vector").isEqualTo(rules.keySet());
        for (InvalidSegment vector : VECTORS) {
            assertThat(rules.get(vector.rule().number()))
                    .as("categories the spec gives to the rule of %s", vector)
                    .contains(vector.expect());
        }
        assertThat(VECTORS).extracting(InvalidSegment::tcId).doesNotHaveDuplicates();
    }
}
