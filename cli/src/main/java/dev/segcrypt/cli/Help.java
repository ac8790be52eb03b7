package dev.segcrypt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The help texts: of the command line as a whole, and of one command. */
final class Help {

    private static final int WIDTH = 100;
    private static final int NAME_COLUMN = 28; // where the help of an option starts

    private Help() {}

    static void printOverview(PrintWriter out, List<Command> commands) {
        out.println("Usage: segcrypt COMMAND [OPTIONS]");
        out.println("       segcrypt -h | --help | -V | --version | help COMMAND");
        out.println("Parallel, authenticated encryption of large data as segments of fixed-size frames.");
        out.println();
        out.println("Commands:");
        for (Command command : commands) {
            row(out, "  " + command.name(), command.description().getFirst(), 12);
        }
        row(out, "  help", "show the help of a command: segcrypt help COMMAND", 12);
        out.println();
        out.println("Options:");
        row(out, "  -h, --help", "show this help", NAME_COLUMN);
        row(out, "  -V, --version", "show the version", NAME_COLUMN);
        out.println();
        out.println("Exit codes:");
        row(out, "  0", "success", 6);
        row(
                out,
                "  1",
                "the input is not an intact segcrypt stream for this key (tampered, truncated, trailing"
                        + " bytes, wrong key, not a stream)",
                6);
        row(
                out,
                "  2",
                "usage error (bad option, missing or unreadable file, a directory for a file, existing key"
                        + " file, wrong kind of key, -o naming the input or a read-only file, ciphertext to a terminal)",
                6);
        row(out, "  3", "other failure (I/O error, crypto provider failure)", 6);
        out.flush();
    }

    static void print(PrintWriter out, Command command) {
        String operand = command.operand() == null
                ? ""
                : command.operand().required()
                        ? " " + command.operand().label()
                        : " [" + command.operand().label() + "]";
        out.println("Usage: segcrypt " + command.name() + " [OPTIONS]" + operand);
        command.description().forEach(out::println);
        out.println();
        if (command.operand() != null) {
            row(out, "  " + command.operand().label(), command.operand().help(), NAME_COLUMN);
        }
        for (Option option : command.options()) {
            String names = String.join(", ", option.names());
            boolean longOnly = option.names().getFirst().startsWith("--"); // aligned under the long names
            row(
                    out,
                    (longOnly ? "      " : "  ") + names + (option.takesValue() ? " " + option.valueLabel() : ""),
                    option.help(),
                    NAME_COLUMN);
        }
        out.flush();
    }

    /** Prints {@code name}, then {@code text} from column {@code column}, wrapped at the width. */
    private static void row(PrintWriter out, String name, String text, int column) {
        List<String> lines = wrap(text, WIDTH - column);
        String first = name.length() < column - 1 ? name + " ".repeat(column - name.length()) : name + "  ";
        out.println(first + lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            out.println(" ".repeat(column + 2) + line);
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
