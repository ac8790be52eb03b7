package dev.segcrypt.cli;

import dev.segcrypt.PassphraseCostException;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.StreamInfo;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where the key comes from: a key file ({@code -k}) or a passphrase ({@code -p}). */
final class KeyOptions {

    static final String PASSPHRASE_VARIABLE = "SEGCRYPT_PASSPHRASE";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--trust-kdf-cost",
            description = "with -p when decrypting: accept any Argon2id cost the stream header asks for, up to"
                    + " 4 GiB, 64 passes, 16 lanes (by default more than 256 MiB, 8 passes or 4 lanes is refused)")
    boolean trustKdfCost;

    static final class Source {
        @Option(
                names = {"-k", "--key"},
                paramLabel = "KEYFILE",
                description = "the key file (from 'segcrypt keygen')")
        Path keyFile;

        @Option(
                names = {"-p", "--passphrase"},
                description = "derive the key from a passphrase (Argon2id): read from the " + "variable "
                        + PASSPHRASE_VARIABLE + " if set, otherwise asked on the terminal")
        boolean passphrase;
    }

    /** The key for encryption: from the key file, or from a new passphrase with a fresh salt. */
    SegcryptKey forEncryption() throws IOException {
        if (!source.passphrase) {
            return KeyFiles.read(source.keyFile);
        }
        char[] passphrase = passphrase(true);
        try {
            return SegcryptKey.fromPassphrase(passphrase, PassphraseParams.DEFAULT);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The key for decrypting the stream whose header says {@code stream}. */
    SegcryptKey forDecryption(StreamInfo stream) throws IOException {
        boolean streamUsesPassphrase = stream.passphrase().isPresent();
        if (streamUsesPassphrase != source.passphrase) {
            throw new Main.UsageException(
                    streamUsesPassphrase
                            ? "this stream was encrypted with a passphrase: use -p instead of -k"
                            : "this stream was encrypted with a key file: use -k KEYFILE instead of -p");
        }
        if (!source.passphrase) {
            return KeyFiles.read(source.keyFile);
        }
        char[] passphrase = passphrase(false);
        try {
            return SegcryptKey.fromPassphrase(
                    passphrase, stream, trustKdfCost ? PassphraseParams.MAXIMUM : PassphraseParams.DEFAULT_LIMIT);
        } catch (PassphraseCostException e) {
            throw new PassphraseCostException(e.getMessage() + "; to accept it, add --trust-kdf-cost");
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static char[] passphrase(boolean confirm) {
        String fromVariable = System.getenv(PASSPHRASE_VARIABLE);
        if (fromVariable != null) {
            if (fromVariable.isEmpty()) {
                throw new Main.UsageException("the variable " + PASSPHRASE_VARIABLE + " is empty");
            }
            return fromVariable.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new Main.UsageException(
                    "no terminal to ask for the passphrase: set " + PASSPHRASE_VARIABLE + " or use -k");
        }
        char[] first = console.readPassword("Passphrase: ");
        if (first == null || first.length == 0) {
            throw new Main.UsageException("no passphrase given");
        }
        if (confirm) {
            char[] second = console.readPassword("Passphrase again: ");
            boolean same = Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new Main.UsageException("the passphrases differ");
            }
        }
        return first;
    }
}
