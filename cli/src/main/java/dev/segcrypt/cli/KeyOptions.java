package dev.segcrypt.cli;

import dev.segcrypt.PassphraseCostException;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.StreamInfo;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the key comes from: a key file ({@code -k}) or a passphrase ({@code -p}).
 *
 * <p>A passphrase is UTF-8 text, whatever the locale: the JVM decodes the environment and the
 * terminal with the locale's character set, which under {@code LC_ALL=C} turns every non-ASCII byte
 * into U+FFFD, so that different passphrases would derive the same key and a stream made there
 * could not be opened elsewhere. The variable is therefore read as bytes from {@code
 * /proc/self/environ} (Linux) and decoded as strict UTF-8; where that file does not exist, and at
 * the terminal, a passphrase that the locale could not decode is refused.
 */
final class KeyOptions {

    static final String PASSPHRASE_VARIABLE = "SEGCRYPT_PASSPHRASE";
    private static final Path ENVIRONMENT = Path.of("/proc/self/environ");
    private static final char REPLACEMENT = '\uFFFD'; // what a decoder puts for bytes it cannot decode

    static final Option KEY = Option.withValue("KEYFILE", "the key file (from 'segcrypt keygen')", "-k", "--key");
    static final Option PASSPHRASE = Option.flag(
            "derive the key from a passphrase (Argon2id): read from the variable " + PASSPHRASE_VARIABLE
                    + " if set, otherwise asked on the terminal",
            "-p",
            "--passphrase");
    static final Option TRUST_KDF_COST = Option.flag(
            "with -p when decrypting: accept any Argon2id cost the stream header asks for, up to"
                    + " 4 GiB, 64 passes, 16 lanes (by default more than 256 MiB, 8 passes or 4 lanes is refused)",
            "--trust-kdf-cost");

    /** The options {@link #from} reads. */
    static final List<Option> OPTIONS = List.of(KEY, PASSPHRASE, TRUST_KDF_COST);

    private final Path keyFile; // null when the key comes from a passphrase
    private final boolean usesPassphrase;
    private final boolean trustKdfCost;

    private KeyOptions(Path keyFile, boolean usesPassphrase, boolean trustKdfCost) {
        this.keyFile = keyFile;
        this.usesPassphrase = usesPassphrase;
        this.trustKdfCost = trustKdfCost;
    }

    /** {@return where the key comes from, as {@code arguments} say: exactly one of -k and -p} */
    static KeyOptions from(Arguments arguments) {
        boolean passphrase = arguments.has(PASSPHRASE);
        if (passphrase == arguments.has(KEY)) {
            throw arguments.mistake(
                    passphrase
                            ? "-k and -p exclude each other: give one of them"
                            : "no key given: use -k KEYFILE or -p (passphrase)");
        }
        return new KeyOptions(arguments.path(KEY), passphrase, arguments.has(TRUST_KDF_COST));
    }

    /** The key for encryption: from the key file, or from a new passphrase with a fresh salt. */
    SegcryptKey forEncryption() throws IOException {
        if (!usesPassphrase) {
            return KeyFiles.read(keyFile);
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
        if (streamUsesPassphrase != usesPassphrase) {
            throw new Main.UsageException(
                    streamUsesPassphrase
                            ? "this stream was encrypted with a passphrase: use -p instead of -k"
                            : "this stream was encrypted with a key file: use -k KEYFILE instead of -p");
        }
        if (!usesPassphrase) {
            return KeyFiles.read(keyFile);
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

    private static char[] passphrase(boolean confirm) throws IOException {
        char[] fromVariable = passphraseVariable();
        if (fromVariable != null) {
            if (fromVariable.length == 0) {
                throw new Main.UsageException("the variable " + PASSPHRASE_VARIABLE + " is empty");
            }
            return fromVariable;
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
        if (contains(first, REPLACEMENT)) {
            Arrays.fill(first, '\0');
            throw new Main.UsageException("the terminal's character set (" + console.charset()
                    + ") cannot read this passphrase exactly: use a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
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

    /** {@return the passphrase variable's value, or null if it is not set} */
    private static char[] passphraseVariable() throws IOException {
        if (!Files.isReadable(ENVIRONMENT)) {
            String value = System.getenv(PASSPHRASE_VARIABLE);
            if (value != null && value.indexOf(REPLACEMENT) >= 0) {
                throw new Main.UsageException("the variable " + PASSPHRASE_VARIABLE
                        + " cannot be read exactly in this locale: use a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
            }
            return value == null ? null : value.toCharArray();
        }
        byte[] environment = Files.readAllBytes(ENVIRONMENT); // NAME=VALUE entries, each ended by a NUL byte
        try {
            byte[] prefix = (PASSPHRASE_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
            for (int start = 0, end; start < environment.length; start = end + 1) {
                end = start;
                while (end < environment.length && environment[end] != 0) {
                    end++;
                }
                if (end - start >= prefix.length
                        && Arrays.equals(environment, start, start + prefix.length, prefix, 0, prefix.length)) {
                    return strictUtf8(environment, start + prefix.length, end);
                }
            }
            return null;
        } finally {
            Arrays.fill(environment, (byte) 0);
        }
    }

    /** Decodes {@code bytes[from, to)} as UTF-8, refusing what is not UTF-8 rather than replacing it. */
    private static char[] strictUtf8(byte[] bytes, int from, int to) {
        CharBuffer chars = CharBuffer.allocate(to - from);
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            if (decoder.decode(ByteBuffer.wrap(bytes, from, to - from), chars, true)
                    .isError()) {
                throw new CharacterCodingException();
            }
            decoder.flush(chars);
            return Arrays.copyOf(chars.array(), chars.position());
        } catch (CharacterCodingException e) {
            throw new Main.UsageException("the variable " + PASSPHRASE_VARIABLE + " is not valid UTF-8");
        } finally {
            Arrays.fill(chars.array(), '\0');
        }
    }

    private static boolean contains(char[] chars, char c) {
        for (char each : chars) {
            if (each == c) {
                return true;
            }
        }
        return false;
    }
}
