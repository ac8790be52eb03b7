package dev.segcrypt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The files named on the command line: {@code -} for a standard stream, and the checks made before any work. */
final class CliFiles {

    private CliFiles() {}

    /** {@return whether {@code path} stands for standard input or output: absent, or {@code -}} */
    static boolean isStandardStream(Path path) {
        return path == null || path.toString().equals("-");
    }

    /** Checks that {@code file} can be read as a file: it exists and is not a directory. */
    static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new Main.UsageException(file + " is a directory");
        }
    }

    /** Refuses to write {@code output} over {@code input} (or a link to it): the input would be lost. */
    static void checkDistinct(Path input, Path output) throws IOException {
        if (!isStandardStream(input)
                && !isStandardStream(output)
                && Files.exists(output)
                && Files.isSameFile(input, output)) {
            throw new Main.UsageException(output + " is the input file itself: write to another file");
        }
    }
}
