package dev.segcrypt.internal.stream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file all or nothing: into a temporary sibling of the target (created readable by its
 * owner only), forced to disk, then renamed over the target. On any failure, and when the JVM is
 * stopped meanwhile, the temporary file is deleted and an existing target stays untouched.
 */
final class AtomicFile {

    /** What to write into the temporary file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** Writes {@code content} to {@code target} all or nothing. */
    static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".segcrypt-tmp");
        // an interrupted process (Ctrl-C, SIGTERM) runs shutdown hooks but not this method's finally:
        // the temporary file may hold plaintext, so it goes then too
        Thread cleanup = new Thread(
                () -> {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException e) {
                        // nothing more can be done while the JVM exits
                    }
                },
                "segcrypt-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream channelOut = Channels.newOutputStream(channel);
                content.writeTo(new FilterOutputStream(channelOut) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        channelOut.write(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the channel stays open for force() below
                    }
                });
                channel.force(true); // durable before the rename makes it visible
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down and the hook runs anyway
            }
        }
    }
}
