package dev.segcrypt.cli;

import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code segcrypt encrypt}: a file or standard input into a stream. */
final class EncryptCommand {

    private static final Option OUTPUT = Option.withValue(
            "OUT", "the encrypted file (written atomically; a device or pipe is written directly)", "-o", "--output");

    static final Command COMMAND = new Command(
            "encrypt",
            List.of(
                    "Encrypt IN (default or '-': standard input) into OUT (default or '-': standard output).",
                    "Neither standard output nor OUT may be a terminal."),
            new Command.Operand("IN", "the file to encrypt", false),
            Stream.of(KeyOptions.OPTIONS, List.of(OUTPUT), CipherOptions.FORMAT_AND_RUN)
                    .flatMap(List::stream)
                    .toList(),
            EncryptCommand::run);

    private EncryptCommand() {}

    private static int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception {
        KeyOptions keys = KeyOptions.from(arguments);
        var options = CipherOptions.forEncryption(arguments);
        Path input = arguments.operandPath();
        Path output = arguments.path(OUTPUT);
        boolean fromStdin = CliFiles.isStandardStream(input);
        boolean toStdout = CliFiles.isStandardStream(output);
        if (!fromStdin) {
            CliFiles.checkReadable(input);
        }
        CliFiles.checkDistinct(input, output);
        if (toStdout && StandardStreams.stdoutIsTerminal()) {
            throw new Main.UsageException(
                    "standard output is a terminal: write the ciphertext to a file with -o OUT or redirect it");
        }
        if (!toStdout && StandardStreams.isTerminal(output)) {
            throw new Main.UsageException(output + " is a terminal: write the ciphertext to a file");
        }
        boolean regularInput = !fromStdin && Files.isRegularFile(input); // pipes and devices are streamed
        SegcryptKey key = keys.forEncryption();
        Progress progress = new Progress(err, regularInput ? Files.size(input) : -1);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
            key.destroy();
            if (!toStdout && regularInput) {
                Segcrypt.encryptFile(cipher, input, output, progress);
            } else {
                try (InputStream in = fromStdin ? System.in : Files.newInputStream(input)) {
                    if (!toStdout) {
                        Segcrypt.encryptToFile(cipher, in, output, progress);
                    } else {
                        OutputStream sealed = Segcrypt.newEncryptingStream(cipher, StandardStreams.stdout());
                        // no try-with-resources: if reading fails, the stream must stay unfinished
                        // (no final segment), so that a reader rejects it as truncated
                        StandardStreams.copy(in, sealed, progress);
                        sealed.close();
                    }
                }
            }
        } finally {
            key.destroy();
            progress.finish();
        }
        return 0;
    }
}
