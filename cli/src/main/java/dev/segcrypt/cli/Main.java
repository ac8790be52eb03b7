package dev.segcrypt.cli;

import dev.segcrypt.InvalidCiphertextException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code segcrypt} command line: a thin client of the public API in {@code dev.segcrypt}.
 *
 * <p>Exit codes: 0 success; 1 the input is not an intact stream for this key; 2 usage errors (bad
 * option, missing file); 3 any other failure (I/O, provider).
 */
public final class Main {

    static final int EXIT_INVALID_INPUT = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 3;

    static final List<Command> COMMANDS = List.of(
            KeygenCommand.COMMAND,
            EncryptCommand.COMMAND,
            DecryptCommand.COMMAND,
            InspectCommand.COMMAND,
            DemoCommand.COMMAND,
            BenchCommand.COMMAND);

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        // on success the JVM ends when main returns (every thread segcrypt starts is a daemon):
        // System.exit would first look up a logger for Runtime.exit, about 25 ms of a 0.2 s start
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command line; the tests call this. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Command command = null;
        Arguments arguments = null;
        try {
            List<String> words = Arrays.asList(args);
            String first = words.isEmpty() ? "" : words.getFirst();
            switch (first) {
                case "-h", "--help" -> {
                    Help.printOverview(out, COMMANDS);
                    return 0;
                }
                case "-V", "--version" -> {
                    out.println(version());
                    return 0;
                }
                case "help" -> {
                    if (words.size() == 1) {
                        Help.printOverview(out, COMMANDS);
                    } else {
                        Help.print(out, find(words.get(1)));
                    }
                    return 0;
                }
                default -> {
                    command = find(first);
                    arguments = Arguments.parse(command, words.subList(1, words.size()));
                }
            }
            if (arguments.has(Command.HELP)) {
                Help.print(out, command);
                return 0;
            }
            return command.action().run(arguments, out, err);
        } catch (Exception e) {
            err.println("segcrypt: " + messageOf(e));
            if (e instanceof UsageException usage && usage.help != null) {
                err.println("Try 'segcrypt " + usage.help + "' for usage.");
            } else if (arguments != null && arguments.has(Command.VERBOSE)) {
                e.printStackTrace(err);
            }
            return exitCodeOf(e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Command find(String name) {
        for (Command command : COMMANDS) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        throw new UsageException(
                name.isEmpty()
                        ? "no command given"
                        : name.startsWith("-") ? "unknown option '" + name + "'" : "unknown command '" + name + "'",
                "--help");
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

    /** {@return the version line: from the module descriptor, or the jar manifest on the class path} */
    static String version() {
        Module module = Main.class.getModule();
        String version = module.isNamed() && module.getDescriptor().rawVersion().isPresent()
                ? module.getDescriptor().rawVersion().get()
                : Main.class.getPackage().getImplementationVersion();
        return "segcrypt " + (version == null ? "(development build)" : version) + ", Java " + Runtime.version();
    }

    /** A mistake in how the command was called: exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The help that the message points to, such as {@code encrypt --help}, or null. */
        private final String help;

        /** A mistake found while running a command, such as a directory given for a file. */
        UsageException(String message) {
            this(message, null);
        }

        UsageException(String message, String help) {
            super(message);
            this.help = help;
        }
    }
}
