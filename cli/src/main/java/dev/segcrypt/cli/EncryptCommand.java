package dev.segcrypt.cli;

import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "encrypt",
        description = {
            "Encrypt IN (default or '-': standard input) into OUT (default or '-': standard output).",
            "Neither standard output nor OUT may be a terminal."
        })
final class EncryptCommand implements Callable<Integer> {

    @Mixin
    KeyOptions keys;

    @Mixin
    CipherOptions cipherOptions;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "the encrypted file (written atomically; a device or pipe is written directly)")
    Path output;

    @Parameters(arity = "0..1", paramLabel = "IN", description = "the file to encrypt")
    Path input;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var options = cipherOptions.toOptions();
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
        Progress progress = new Progress(spec.commandLine().getErr(), regularInput ? Files.size(input) : -1);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
            key.destroy();
            if (!toStdout && regularInput) {
                Segcrypt.encryptFile(cipher, input, output, progress);
            } else {
                try (InputStream in = fromStdin ? System.in : Files.newInputStream(input)) {
                    if (!toStdout) {
                        Segcrypt.encryptToFile(cipher, in, output, progress);
                    } else {
                        OutputStream out = Segcrypt.newEncryptingStream(cipher, StandardStreams.stdout());
                        // no try-with-resources: if reading fails, the stream must stay unfinished
                        // (no final segment), so that a reader rejects it as truncated
                        StandardStreams.copy(in, out, progress);
                        out.close();
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
