package dev.segcrypt.cli;

import dev.segcrypt.InvalidCiphertextException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code segcrypt} command line: a thin client of the public API in {@code dev.segcrypt}.
 *
 * <p>Exit codes: 0 success; 1 the input is not an intact stream for this key; 2 usage errors (bad
 * flag, missing file); 3 any other failure (I/O, provider).
 */
@Command(
        name = "segcrypt",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Parallel, authenticated encryption of large data as segments of fixed-size frames.",
        subcommands = {
            KeygenCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            InspectCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the input is not an intact segcrypt stream for this key (tampered, truncated, trailing bytes, wrong key, not a stream)",
            "2:usage error (bad flag, missing or unreadable file, a directory for a file, existing key file, wrong kind of key, -o naming the input or a read-only file, ciphertext to a terminal)",
            "3:other failure (I/O error, crypto provider failure)"
        })
public final class Main {

    static final int EXIT_INVALID_INPUT = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 3;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; the tests call this. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            // picocli starts some messages with "Error: ", which would follow our own prefix
            String message = e.getMessage().startsWith("Error: ")
                    ? e.getMessage().substring("Error: ".length())
                    : e.getMessage();
            err.println("segcrypt: " + message);
            err.println("Try 'segcrypt " + subcommandName(e.getCommandLine()) + "--help' for usage.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose =
                    parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
            int code = exitCodeOf(e);
            err.println("segcrypt: " + messageOf(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return code;
        });
        return cli.execute(args);
    }

    private static String subcommandName(CommandLine commandLine) {
        return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
    }

    static int exitCodeOf(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InvalidCiphertextException) {
                return EXIT_INVALID_INPUT;
            }
        }
        if (cause instanceof UsageException
                || cause instanceof NoSuchFileException
                || cause instanceof FileNotFoundException
                || cause instanceof AccessDeniedException
                || cause instanceof FileAlreadyExistsException
                || cause instanceof IllegalArgumentException) {
            return EXIT_USAGE;
        }
        return EXIT_FAILURE;
    }

    static String messageOf(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof InvalidCiphertextException) {
                return "the input is not an intact segcrypt stream for this key: " + t.getMessage() + ".";
            }
        }
        if (cause instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (cause instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile() + (a.getReason() == null ? "" : " (" + a.getReason() + ")");
        }
        if (cause instanceof FileAlreadyExistsException f) {
            return "the file exists already: " + f.getFile();
        }
        if ((cause instanceof IOException
                        || cause instanceof UsageException
                        || cause instanceof IllegalArgumentException)
                && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return "failed: " + cause + " (run with --verbose for details)";
    }

    /** A mistake in how the command was called: exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Reads the version from the module descriptor, or the jar manifest on the class path. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Module module = Main.class.getModule();
            String version =
                    module.isNamed() && module.getDescriptor().rawVersion().isPresent()
                            ? module.getDescriptor().rawVersion().get()
                            : Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "segcrypt " + (version == null ? "(development build)" : version) + ", Java " + Runtime.version()
            };
        }
    }
}
