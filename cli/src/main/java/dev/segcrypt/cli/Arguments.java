package dev.segcrypt.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words after a command's name, matched against what the command declares. Accepted forms:
 * {@code --name VALUE}, {@code --name=VALUE}, {@code -o VALUE}, {@code -oVALUE}, flags, one
 * operand ({@code -} is an operand), and {@code --} to end the options. A mistake throws a
 * {@link Main.UsageException} that names the command, so that the message can point to its help.
 */
final class Arguments {

    private final Command command;
    private final Map<Option, String> values = new HashMap<>(); // a flag maps to ""
    private String operand;

    private Arguments(Command command) {
        this.command = command;
    }

    static Arguments parse(Command command, List<String> words) {
        Arguments arguments = new Arguments(command);
        int end = words.indexOf("--");
        List<String> options = end < 0 ? words : words.subList(0, end);
        if (options.contains("-h") || options.contains("--help")) {
            arguments.values.put(Command.HELP, ""); // help is shown whatever else is wrong
            return arguments;
        }
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded || word.equals("-") || !word.startsWith("-")) {
                arguments.addOperand(word);
            } else if (word.equals("--")) {
                optionsEnded = true;
            } else {
                boolean isLong = word.startsWith("--");
                int equals = word.indexOf('=');
                // -oVALUE: a short name is two characters; --name=VALUE: the name ends at '='
                String name = isLong ? (equals < 0 ? word : word.substring(0, equals)) : word.substring(0, 2);
                String attached = isLong
                        ? (equals < 0 ? null : word.substring(equals + 1))
                        : (word.length() > 2 ? word.substring(2) : null);
                Option option = arguments.find(name, word);
                String value;
                if (!option.takesValue()) {
                    if (attached != null) {
                        throw arguments.mistake("option '" + name + "' takes no value");
                    }
                    value = "";
                } else if (attached != null) {
                    value = attached;
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw arguments.mistake("option '" + name + "' needs a value (" + option.valueLabel() + ")");
                }
                if (arguments.values.putIfAbsent(option, value) != null) {
                    throw arguments.mistake("option '" + option.name() + "' is given more than once");
                }
            }
        }
        if (arguments.operand == null
                && command.operand() != null
                && command.operand().required()) {
            throw arguments.mistake("the " + command.operand().label() + " to " + command.name() + " is missing");
        }
        return arguments;
    }

    private Option find(String name, String word) {
        for (Option option : command.options()) {
            if (option.names().contains(name)) {
                return option;
            }
        }
        throw mistake("unknown option '" + (name.startsWith("--") ? name : word) + "'");
    }

    private void addOperand(String word) {
        if (command.operand() == null || operand != null) {
            throw mistake("unexpected argument '" + word + "'");
        }
        operand = word;
    }

    /** {@return a usage error about these arguments, pointing to the command's help} */
    Main.UsageException mistake(String message) {
        return new Main.UsageException(message, command.name() + " --help");
    }

    boolean has(Option option) {
        return values.containsKey(option);
    }

    /** {@return the option's value, or null if it was not given} */
    String value(Option option) {
        return values.get(option);
    }

    /** {@return the option's value as a path, or null if it was not given} */
    Path path(Option option) {
        return toPath(value(option), option.valueLabel());
    }

    /** {@return the operand as a path, or null if there is none} */
    Path operandPath() {
        return toPath(operand, command.operand().label());
    }

    /** {@return the option's value as a size such as {@code 64KiB}, or null if it was not given} */
    Integer size(Option option) {
        String value = value(option);
        try {
            return value == null ? null : Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw mistake("invalid value for option '" + option.name() + "': " + e.getMessage());
        }
    }

    /** {@return the option's comma-separated sizes, or null if it was not given} */
    List<Integer> sizes(Option option) {
        String value = value(option);
        if (value == null) {
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String each : value.split(",", -1)) {
            try {
                sizes.add(Sizes.parse(each));
            } catch (IllegalArgumentException e) {
                throw mistake("invalid value for option '" + option.name() + "': " + e.getMessage());
            }
        }
        return sizes;
    }

    /** {@return the option's value as a whole number, or null if it was not given} */
    Integer integer(Option option) {
        String value = value(option);
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw mistake("invalid value for option '" + option.name() + "': '" + value + "' is not a whole number");
        }
    }

    private Path toPath(String value, String label) {
        try {
            return value == null ? null : Path.of(value);
        } catch (InvalidPathException e) {
            throw mistake("'" + value + "' cannot be a path (" + label + "): " + e.getReason());
        }
    }
}
