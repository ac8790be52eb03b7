package dev.segcrypt.cli;

import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.TruncatedCiphertextException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
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
        try (InputStream raw = input == null ? System.in : Files.newInputStream(input)) {
            byte[] header = raw.readNBytes(StreamInfo.HEADER_SIZE_IN_BYTES);
            if (header.length < StreamInfo.HEADER_SIZE_IN_BYTES) {
                throw header.length == 0
                        ? new MalformedCiphertextException("the input is empty, not a segcrypt stream")
                        : new TruncatedCiphertextException("the input ends inside the stream header");
            }
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(header), raw);
            SegcryptKey key = keys.forDecryption(header);
            boolean regularInput = input != null && Files.isRegularFile(input);
            // the total is the input's (wire) size: the bar ends a hair short of the plaintext's 100 %
            Progress progress = new Progress(spec.commandLine().getErr(), regularInput ? Files.size(input) : -1);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options)) {
                key.destroy();
                if (output != null && regularInput) {
                    Segcrypt.decryptFile(cipher, input, output, progress); // memory-mapped
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
