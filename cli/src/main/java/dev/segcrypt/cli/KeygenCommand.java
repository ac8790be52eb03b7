package dev.segcrypt.cli;

import dev.segcrypt.SegcryptKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code segcrypt keygen}: a new random key in a new file. */
final class KeygenCommand {

    private static final Option OUTPUT =
            Option.withValue("KEYFILE", "the key file to create (must not exist; required)", "-o", "--output");

    static final Command COMMAND = new Command(
            "keygen",
            List.of("Write a new random 256-bit key to a file created with mode 0600."),
            null,
            List.of(OUTPUT),
            KeygenCommand::run);

    private KeygenCommand() {}

    private static int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception {
        Path output = arguments.path(OUTPUT);
        if (output == null) {
            throw arguments.mistake("keygen needs the file to create: -o KEYFILE");
        }
        SegcryptKey key = SegcryptKey.generate();
        try {
            KeyFiles.write(output, key);
        } finally {
            key.destroy();
        }
        return 0;
    }
}
