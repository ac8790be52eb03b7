package dev.segcrypt.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;

/**
 * A command: what the parser accepts and the help shows, and what runs. Commands are declared as
 * data rather than by annotations read through reflection, which is what made the command line
 * slow to start (docs/performance.md).
 *
 * @param operand the one operand the command takes, or null
 * @param options the command's own options; every command also takes {@link #HELP} and {@link #VERBOSE}
 */
record Command(String name, List<String> description, Operand operand, List<Option> options, Action action) {

    static final Option HELP = Option.flag("show this help", "-h", "--help");
    static final Option VERBOSE = Option.flag("add a stack trace to error messages", "--verbose");

    Command {
        options = Stream.concat(options.stream(), Stream.of(HELP, VERBOSE)).toList();
    }

    /** An operand: a file named without an option. */
    record Operand(String label, String help, boolean required) {}

    /** What a command does with its arguments; returns the exit code. */
    @FunctionalInterface
    interface Action {
        int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception;
    }
}
