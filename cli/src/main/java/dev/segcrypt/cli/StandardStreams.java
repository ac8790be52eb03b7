package dev.segcrypt.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Raw standard output (System.out is a PrintStream that hides write errors) and a copy loop. */
final class StandardStreams {

    private StandardStreams() {}

    /** {@return standard output as an unbuffered stream that reports errors; closing it keeps fd 1 open} */
    static OutputStream stdout() {
        return new FileOutputStream(FileDescriptor.out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * {@return whether standard output is a terminal} Java cannot ask about standard output alone
     * ({@link System#console()} needs standard input to be one too), so on Linux this reads where
     * file descriptor 1 leads; elsewhere it falls back to the console.
     */
    static boolean stdoutIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/1")));
        } catch (IOException | UnsupportedOperationException e) {
            return Progress.isTerminal();
        }
    }

    /** {@return whether {@code path} leads to a terminal} ({@code /dev/tty}, {@code /dev/stdout} in one) */
    static boolean isTerminal(Path path) {
        try {
            return isTerminalDevice(path.toRealPath());
        } catch (IOException e) {
            return false; // a new file, or one the write reports on
        }
    }

    private static boolean isTerminalDevice(Path device) {
        String name = device.toString();
        return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
    }

    static void copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long done = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            done += n;
            progress.accept(done);
        }
    }
}
