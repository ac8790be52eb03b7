package dev.segcrypt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Third-party test data under {@code ../shared} (system property {@code segcrypt.sharedDir}, set by
 * the pom). A missing file skips the calling test; a file whose SHA-256 differs from the entry in
 * its folder's {@code SHA256SUMS} fails it.
 */
public final class SharedTestData {

    private SharedTestData() {}

    /**
     * {@return the path of {@code relative} under the shared folder}, after checking it against
     * the {@code SHA256SUMS} beside it when that lists it
     *
     * @throws org.opentest4j.TestAbortedException (skip) if the folder or the file is absent
     */
    public static Path require(String relative) {
        String dir = System.getProperty("segcrypt.sharedDir");
        assumeTrue(
                dir != null && !dir.isBlank(),
                "system property segcrypt.sharedDir is not set: skipping, this test needs shared/" + relative);
        Path file = Path.of(dir).resolve(relative).normalize();
        assumeTrue(
                Files.isRegularFile(file),
                "shared test data file " + file + " is absent (no ../shared checkout?): skipping, this test needs it");
        verifyChecksum(file);
        return file;
    }

    /** {@return the bytes of {@link #require(String) require(relative)}} */
    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(require(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void verifyChecksum(Path file) {
        Path sums = file.resolveSibling("SHA256SUMS");
        if (!Files.isRegularFile(sums)) {
            return;
        }
        try {
            String name = file.getFileName().toString();
            for (String line : Files.readAllLines(sums)) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length == 2 && parts[1].equals(name)) {
                    byte[] actual = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                    String hex = HexFormat.of().formatHex(actual);
                    if (!hex.equalsIgnoreCase(parts[0])) {
                        throw new AssertionError("shared test data file " + file + " has SHA-256 " + hex
                                + " but SHA256SUMS says " + parts[0] + ": the copy is damaged or was changed");
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
