package dev.segcrypt.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine of this Surefire run: the pom runs the whole suite twice, once plainly and once with
 * {@code --enable-preview}, and tells each run which engine it must get in the system property
 * {@code segcrypt.expectedEngine}: {@code portable}, and {@code structured} with preview (rule 4 of
 * the style guide). This is the one place that checks it; every other test runs on whatever the
 * run selects.
 */
class EngineSelectionTest {

    private static String expected;

    @BeforeAll
    static void readExpectedEngine() {
        expected = System.getProperty("segcrypt.expectedEngine");
        assumeTrue(expected != null, "segcrypt.expectedEngine is not set (not run by the project's Surefire)");
    }

    @Test
    void best_thisSurefireRun_isTheExpectedEngine() {
        // given: the expected engine, read from the Surefire execution

        // when
        String engine = Engines.best().name();

        // then
        assertThat(engine).isEqualTo(expected);
    }

    @Test
    void newSegmentCipher_thisSurefireRun_runsOnTheExpectedEngine() {
        // given
        SegcryptKey key = SegcryptKey.generate();

        // when
        String engine;
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, Options.defaults())) {
            engine = cipher.engineName();
        }

        // then
        assertThat(engine).isEqualTo(expected);
    }

    @Test
    void structuredEngineClass_thisSurefireRun_loadsExactlyWhenStructuredIsExpected() {
        // given: its class file is a JDK 25 preview class, loadable only with --enable-preview
        boolean loads;

        // when
        try {
            Class.forName("dev.segcrypt.internal.engine.StructuredEngine");
            loads = true;
        } catch (ClassNotFoundException | UnsupportedClassVersionError e) {
            loads = false;
        }

        // then
        assertThat(loads).isEqualTo(expected.equals("structured"));
    }
}
