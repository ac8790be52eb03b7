package dev.segcrypt.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: declared by every command, read by {@link Main}'s error handler. */
final class VerboseOption {

    @Option(names = "--verbose", description = "add a stack trace to error messages")
    boolean verbose;
}
