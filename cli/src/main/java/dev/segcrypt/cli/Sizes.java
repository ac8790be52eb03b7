package dev.segcrypt.cli;

import java.util.Locale;

/** Sizes such as {@code 65536}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}: read and written. */
final class Sizes {

    private Sizes() {}

    /**
     * {@return the bytes {@code value} stands for}
     *
     * @throws IllegalArgumentException if it is not a size from 1 byte to 2 GiB - 1
     */
    static int parse(String value) {
        String text = value.trim();
        long unit = 1;
        String lower = text.toLowerCase(Locale.ROOT);
        for (String[] suffix : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}}) {
            if (lower.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                text = text.substring(0, text.length() - 3).trim();
                break;
            }
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a size (examples: 65536, 64KiB, 4MiB, 1GiB)");
        }
        if (number <= 0 || number > Integer.MAX_VALUE / unit) {
            throw new IllegalArgumentException("size '" + value + "' is out of range");
        }
        return (int) (number * unit);
    }

    /** {@return {@code bytes} in the largest unit that divides it, e.g. {@code 4 MiB}} */
    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int unit = 0;
        while (unit < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            unit++;
        }
        return bytes + " " + units[unit];
    }
}
