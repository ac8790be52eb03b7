package dev.segcrypt.cli;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamInfo;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/** {@code segcrypt decrypt}: a stream from a file or standard input, verified, into its plaintext. */
final class DecryptCommand {

    private static final Option OUTPUT = Option.withValue(
            "OUT",
            "the decrypted file (appears only on success; a device or pipe is written directly)",
            "-o",
            "--output");

    static final Command COMMAND = new Command(
            "decrypt",
            List.of(
                    "Decrypt IN (default or '-': standard input) into OUT (default or '-': standard output).",
                    "Suite and sizes are read from the stream. A file OUT appears only if the whole stream verified;",
                    "on standard output, verified segments are written as they come and a failure ends with exit code 1."),
            new Command.Operand("IN", "the file to decrypt", false),
            Stream.of(KeyOptions.OPTIONS, List.of(OUTPUT), CipherOptions.RUN)
                    .flatMap(List::stream)
                    .toList(),
            DecryptCommand::run);

    private DecryptCommand() {}

    private static int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception {
        KeyOptions keys = KeyOptions.from(arguments);
        var options = CipherOptions.withRun(arguments, Options.defaults()); // suite and sizes come from the stream
        Path input = arguments.operandPath();
        Path output = arguments.path(OUTPUT);
        boolean fromStdin = CliFiles.isStandardStream(input);
        if (!fromStdin) {
            CliFiles.checkReadable(input);
        }
        CliFiles.checkDistinct(input, output);
        // the bar counts input bytes: the input's size is the only total known before decrypting
        Progress progress = new Progress(err, !fromStdin && Files.isRegularFile(input) ? Files.size(input) : -1);
        try (InputStream in = new BufferedInputStream(
                new Counting(fromStdin ? System.in : Files.newInputStream(input), progress), 1 << 16)) {
            // the header says which key the stream needs; then the decryption reads it again
            in.mark(StreamInfo.HEADER_SIZE_IN_BYTES);
            StreamInfo stream = Segcrypt.readStreamInfo(in);
            in.reset();
            SegcryptKey key = keys.forDecryption(stream);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
                key.destroy();
                if (!CliFiles.isStandardStream(output)) {
                    Segcrypt.decryptToFile(cipher, in, output, done -> {});
                } else {
                    try (InputStream plaintext = Segcrypt.newDecryptingStream(cipher, in)) {
                        OutputStream stdout = StandardStreams.stdout();
                        StandardStreams.copy(plaintext, stdout, done -> {});
                        stdout.flush();
                    }
                }
            } finally {
                key.destroy();
            }
        } finally {
            progress.finish();
        }
        return 0;
    }

    /** Reports the bytes read so far; a stream is read to its end, so a success ends at the input's size. */
    private static final class Counting extends FilterInputStream {

        private final LongConsumer progress;
        private long count; // only accessed by the thread that reads the stream

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }
}
