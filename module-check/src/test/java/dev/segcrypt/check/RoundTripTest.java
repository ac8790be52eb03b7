package dev.segcrypt.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link RoundTrip} as a library user's module would: on the module path with only what the
 * library's POM brings, once per engine (the build runs this class with and without {@code
 * --enable-preview}).
 */
class RoundTripTest {

    @Test
    void run_onTheModulePath_roundTripsWithTheExpectedEngine(@TempDir Path directory) throws Exception {
        // given
        String expectedEngine = System.getProperty("segcrypt.expectedEngine");

        // when
        String ran = RoundTrip.run(directory);

        // then
        assertThat(RoundTrip.class.getModule().getName()).isEqualTo("dev.segcrypt.check");
        assertThat(ran).startsWith(expectedEngine + " ");
    }

    @Test
    void moduleGraph_ofALibraryUser_hasNotTheCommandLine() {
        // given
        ModuleLayer layer = RoundTrip.class.getModule().getLayer();

        // when / then: the CLI and the Conscrypt it ships are not dependencies of the library
        assertThat(layer.findModule("dev.segcrypt")).isPresent();
        assertThat(layer.findModule("org.conscrypt")).isEmpty();
        assertThat(layer.findModule("dev.segcrypt.cli")).isEmpty();
    }
}
