package dev.segcrypt.cli;

import dev.segcrypt.SegcryptKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keygen", description = "Write a new random 256-bit key to a file created with mode 0600.")
final class KeygenCommand implements Callable<Integer> {

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "KEYFILE",
            description = "the key file to create (must not exist)")
    Path output;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        SegcryptKey key = SegcryptKey.generate();
        try {
            KeyFiles.write(output, key);
        } finally {
            key.destroy();
        }
        return 0;
    }
}
