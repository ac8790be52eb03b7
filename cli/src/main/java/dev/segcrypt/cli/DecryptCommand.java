package dev.segcrypt.cli;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamInfo;
import java.io.BufferedInputStream;
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
        name = "decrypt",
        description = {
            "Decrypt IN (default: standard input) into OUT (default: standard output).",
            "Suite and sizes are read from the stream. A file OUT appears only if the whole stream verified;",
            "on standard output, verified segments are written as they come and a failure ends with exit code 1."
        })
final class DecryptCommand implements Callable<Integer> {

    @Mixin
    KeyOptions keys;

    @Mixin
    CipherOptions.RunOptions run;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "the decrypted file (appears only on success)")
    Path output;

    @Parameters(arity = "0..1", paramLabel = "IN", description = "the file to decrypt")
    Path input;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var options = run.applyTo(Options.defaults()); // suite and sizes come from the stream
        try (InputStream in =
                new BufferedInputStream(input == null ? System.in : Files.newInputStream(input), 1 << 16)) {
            // the header says which key the stream needs; then the decryption reads it again
            in.mark(StreamInfo.HEADER_SIZE_IN_BYTES);
            StreamInfo stream = Segcrypt.readStreamInfo(in);
            in.reset();
            SegcryptKey key = keys.forDecryption(stream);
            boolean regularInput = input != null && Files.isRegularFile(input);
            // the total is the input's (wire) size: the bar ends a hair short of the plaintext's 100 %
            Progress progress = new Progress(spec.commandLine().getErr(), regularInput ? Files.size(input) : -1);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
                key.destroy();
                if (output != null && regularInput) {
                    Segcrypt.decryptFile(cipher, input, output, progress); // segment by segment from the file
                } else if (output != null) {
                    Segcrypt.decryptToFile(cipher, in, output, progress);
                } else {
                    try (InputStream plaintext = Segcrypt.newDecryptingStream(cipher, in)) {
                        OutputStream out = StandardStreams.stdout();
                        StandardStreams.copy(plaintext, out, progress);
                        out.flush();
                    }
                }
            } finally {
                key.destroy();
                progress.finish();
            }
        }
        return 0;
    }
}
