package dev.segcrypt.cli;

import java.util.List;

/**
 * One option of a command: its names ({@code -o, --output}), the label of its value ({@code OUT}),
 * or none for a flag, and its line of help.
 */
record Option(List<String> names, String valueLabel, String help) {

    static Option flag(String help, String... names) {
        return new Option(List.of(names), null, help);
    }

    static Option withValue(String valueLabel, String help, String... names) {
        return new Option(List.of(names), valueLabel, help);
    }

    boolean takesValue() {
        return valueLabel != null;
    }

    /** {@return the name messages use: the long one} */
    String name() {
        return names.getLast();
    }
}
