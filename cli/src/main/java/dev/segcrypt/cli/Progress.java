package dev.segcrypt.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * A one-line progress bar on standard error, drawn at most ten times a second and only when the
 * command runs in a terminal ({@link System#console()}: Java cannot ask about standard error
 * alone, so {@code encrypt > file} in a terminal draws it, and output to a pipe or a file with no
 * terminal does not).
 */
final class Progress implements LongConsumer {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long total; // bytes, or -1 when unknown (pipes)
    private final boolean enabled; // only in a terminal
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
        this.enabled = isTerminal();
    }

    /** Whether the JVM is attached to a terminal ({@code Console.isTerminal()} on JDK 22+). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    @Override
    public void accept(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && done != total) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        String rate = String.format("%.2f GB/s", done / seconds / 1e9);
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * done / total);
            err.printf(
                    "\r[%s%s] %3d%%  %s  ", "#".repeat(filled), " ".repeat(width - filled), 100 * done / total, rate);
        } else {
            err.printf("\r%,d bytes  %s  ", done, rate);
        }
        err.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        if (enabled) {
            err.println();
        }
    }
}
