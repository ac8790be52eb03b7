package dev.segcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Script-style golden tests of the command line through {@link Main#run}: command, exit code,
 * standard output and standard error (style.md rule 15). Everything goes through files, because
 * {@code Main.run} writes plaintext and ciphertext to the process's real standard output, which
 * Surefire owns; the standard-stream and passphrase flows are in {@link CliProcessTest}.
 */
class CliTest {

    private static final String INVALID_INPUT = "segcrypt: the input is not an intact segcrypt stream for this key: ";

    @TempDir
    Path dir;

    private Path key;
    private Path plain;
    private byte[] plaintext;

    @BeforeEach
    void makeKeyAndPlaintext() throws IOException {
        key = dir.resolve("test.key");
        assertThat(cli("keygen", "-o", key.toString()).exitCode()).isZero();
        plaintext = new byte[300 * 1024 + 5];
        new SplittableRandom(7).nextBytes(plaintext);
        plain = Files.write(dir.resolve("plain.bin"), plaintext);
    }

    /** What one command line did. */
    private record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** A failure is reported as one "segcrypt: ..." line (a usage error may add one "Try ... --help" line), never a stack trace. */
    private static void assertOneLineMessage(Result result, String prefix) {
        assertThat(result.out()).as("standard output").isEmpty();
        List<String> lines = result.errLines();
        assertThat(lines).as("standard error").isNotEmpty();
        assertThat(lines.get(0)).startsWith(prefix);
        assertThat(lines.subList(1, lines.size()))
                .as("lines after the message")
                .allSatisfy(line -> assertThat(line).matches("Try 'segcrypt (\\w+ )?--help' for usage\\."));
        assertThat(result.err()).as("standard error").doesNotContain("\tat ").doesNotContain("Exception");
    }

    // ---------------------------------------------------------------- keygen

    @Test
    void keygen_newFile_createsOwnerOnlyKeyFile() throws IOException {
        // given
        Path file = dir.resolve("new.key");

        // when
        Result result = cli("keygen", "-o", file.toString());

        // then
        assertThat(result).isEqualTo(new Result(0, "", ""));
        assertThat(Files.readString(file)).matches("segcrypt-key-v1:[0-9a-f]{64}\n");
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void keygen_twice_makesDifferentKeys() throws IOException {
        // given
        Path other = dir.resolve("other.key");

        // when
        Result result = cli("keygen", "-o", other.toString());

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(other)).isNotEqualTo(Files.readString(key));
    }

    @Test
    void keygen_existingFile_refusesWithUsageExitAndKeepsFile() throws IOException {
        // given
        String before = Files.readString(key);

        // when
        Result result = cli("keygen", "-o", key.toString());

        // then
        assertThat(result).isEqualTo(new Result(2, "", "segcrypt: the file exists already: " + key + "\n"));
        assertThat(Files.readString(key)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void encryptDecrypt_keyFileAndOutputFiles_roundTrip() throws Exception {
        // given
        Path sealed = dir.resolve("plain.bin.sgc");
        Path opened = dir.resolve("opened.bin");

        // when
        Result encrypt = cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString());
        Result decrypt = cli("decrypt", "--key", key.toString(), "--output", opened.toString(), sealed.toString());

        // then
        assertThat(encrypt).isEqualTo(new Result(0, "", ""));
        assertThat(decrypt).isEqualTo(new Result(0, "", ""));
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
        assertThat(Files.readAllBytes(sealed))
                .startsWith("SEGCRYPT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        SegcryptKey apiKey = KeyFiles.read(key);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(apiKey, Options.defaults());
                InputStream in = Segcrypt.newDecryptingStream(cipher, Files.newInputStream(sealed))) {
            assertThat(in.readAllBytes()).as("decrypted through the API").isEqualTo(plaintext);
        } finally {
            apiKey.destroy();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("test.key", "plain.bin", "plain.bin.sgc", "opened.bin");
        }
    }

    @Test
    void encryptDecrypt_emptyFile_roundTrips() throws IOException {
        // given
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        Path sealed = dir.resolve("empty.sgc");
        Path opened = dir.resolve("opened.bin");

        // when
        Result encrypt = cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), empty.toString());
        Result decrypt = cli("decrypt", "-k", key.toString(), "-o", opened.toString(), sealed.toString());

        // then
        assertThat(encrypt.exitCode()).isZero();
        assertThat(decrypt.exitCode()).isZero();
        assertThat(Files.readAllBytes(opened)).isEmpty();
    }

    @Test
    void encryptDecrypt_allCipherFlags_roundTripAndInspectShowsThem() throws IOException {
        // given: 3 full segments of 64 KiB and a final one of 8195 bytes
        byte[] data = Arrays.copyOf(plaintext, 200 * 1024 + 3);
        Path input = Files.write(dir.resolve("input.bin"), data);
        Path sealed = dir.resolve("input.sgc");
        Path opened = dir.resolve("opened.bin");

        // when
        Result encrypt = cli(
                "encrypt",
                "--suite",
                "chacha20-poly1305",
                "--frame-size",
                "4KiB",
                "--segment-size",
                "64KiB",
                "--provider",
                "bc",
                "--threads",
                "1",
                "-k",
                key.toString(),
                "-o",
                sealed.toString(),
                input.toString());
        Result decrypt = cli(
                "decrypt",
                "--provider",
                "bc",
                "--threads",
                "1",
                "-k",
                key.toString(),
                "-o",
                opened.toString(),
                sealed.toString());
        Result inspect = cli("inspect", sealed.toString());

        // then
        assertThat(encrypt).isEqualTo(new Result(0, "", ""));
        assertThat(decrypt).isEqualTo(new Result(0, "", ""));
        assertThat(Files.readAllBytes(opened)).isEqualTo(data);
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.err()).isEmpty();
        assertThat(inspect.out().lines().toList())
                .contains(
                        "format:        segcrypt stream, version 2",
                        "suite:         chacha20-poly1305",
                        "frame size:    4 KiB",
                        "segment size:  64 KiB",
                        "key:           key file",
                        String.format("plaintext:     %,d bytes in 4 segments, %,d data frames", data.length, 48 + 3),
                        "(frames = data frames + digest frame + terminator frame)");
        List<String[]> rows = inspect.out()
                .lines()
                .filter(line -> line.matches("\\s+\\d+\\s+\\d+.*"))
                .map(line -> line.trim().split("\\s+"))
                .toList();
        assertThat(rows).hasSize(4);
        for (int k = 0; k < 4; k++) {
            assertThat(rows.get(k)[0]).isEqualTo(Integer.toString(k));
            assertThat(rows.get(k)[2]).isEqualTo(k < 3 ? "65536" : "8195");
            assertThat(rows.get(k)[5]).isEqualTo(k < 3 ? "no" : "yes");
        }
    }

    @Test
    void inspect_passphraseStream_showsArgon2idCost() throws IOException {
        // given
        Path sealed = passphraseStream();

        // when
        Result inspect = cli("inspect", sealed.toString());

        // then
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out().lines().toList())
                .contains("key:           passphrase (Argon2id, 64 KiB, 1 passes, 1 lane)");
    }

    @Test
    void demo_smallSize_exitsZeroAndReportsIdentical() {
        // when
        Result result = cli("demo", "--size", "1MiB");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .contains(
                        "segcrypt demo: 1 MiB of random data",
                        "round trip: identical",
                        "one flipped bit: rejected (AuthenticationFailedException)");
    }

    @Test
    void helpAndVersion_exitZero() {
        // when
        Result help = cli("--help");
        Result version = cli("--version");
        Result encryptHelp = cli("help", "encrypt");

        // then
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains(
                        "Usage: segcrypt",
                        "keygen",
                        "encrypt",
                        "decrypt",
                        "inspect",
                        "demo",
                        "Exit codes:",
                        "1   the input is not an intact segcrypt stream for this key");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("segcrypt ");
        assertThat(encryptHelp.exitCode()).isZero();
        assertThat(encryptHelp.out()).contains("--segment-size", "--frame-size", "--suite", "--provider", "--threads");
    }

    @Test
    void usageError_suggestedHelpCommand_works() {
        // given
        Result mistake = cli("encrypt", "--bogus");
        String hint = mistake.errLines().get(1);
        String suggested = hint.substring(hint.indexOf("'segcrypt ") + 10, hint.lastIndexOf('\''));

        // when
        Result help = cli(suggested.split(" "));

        // then
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: segcrypt encrypt");
    }

    @Test
    void commandLine_optionForms_allRoundTrip() throws IOException {
        // given: a name that starts with '-', reachable only after '--'
        Path dashed = Files.copy(plain, dir.resolve("-dashed.bin"));
        Path sealed = dir.resolve("sealed.sgc");
        Path opened = dir.resolve("opened.bin");

        // when: --name=VALUE, -oVALUE, '--' before the operand; then -k VALUE, --output VALUE
        Result encrypt = cli("encrypt", "--key=" + key, "-o" + sealed, "--frame-size=64KiB", "--", dashed.toString());
        Result decrypt = cli("decrypt", "-k", key.toString(), "--output", opened.toString(), sealed.toString());

        // then
        assertThat(encrypt.exitCode()).as(encrypt.toString()).isZero();
        assertThat(decrypt.exitCode()).as(decrypt.toString()).isZero();
        assertThat(opened).hasSameBinaryContentAs(plain);
        assertThat(cli("inspect", sealed.toString()).out()).contains("frame size:    64 KiB\n");
    }

    @Test
    void commandLine_helpAmongOtherArguments_showsHelpAndDoesNothingElse() {
        // given
        Path sealed = dir.resolve("sealed.sgc");

        // when
        Result result = cli("encrypt", "-k", key.toString(), "--bogus", "--help", "-o", sealed.toString());

        // then: --help wins over a mistake before it
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: segcrypt encrypt [OPTIONS] [IN]");
        assertThat(sealed).doesNotExist();
    }

    @Test
    void bench_defaultProvider_isConscryptForBothSuitesWhereItLoads() {
        // given: the launcher runs the CLI without the JIT's optimizing tier, which the JDK's
        // ChaCha20-Poly1305 needs
        assumeTrue(Segcrypt.isAvailable(CryptoProvider.CONSCRYPT), "Conscrypt does not load here");

        // when
        Result chacha = chachaBench();
        Result jdk = chachaBench("--provider", "jdk");

        // then
        assertThat(chacha.exitCode()).as(chacha.toString()).isZero();
        assertThat(chacha.out()).contains("\"provider\": \"Conscrypt\"");
        assertThat(jdk.out()).contains("\"provider\": \"SunJCE\"");
    }

    /** A short {@code bench} of ChaCha20-Poly1305 with its results as JSON. */
    private static Result chachaBench(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "bench",
                "--suite",
                "chacha20-poly1305",
                "--segment-size",
                "64KiB",
                "--frame-size",
                "64KiB",
                "--rounds",
                "1",
                "--json"));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- usage errors: exit 2

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(
                        "unknown flag",
                        "encrypt --bogus -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: unknown option '--bogus'"),
                Arguments.of(
                        "bad size",
                        "encrypt --segment-size 12x -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: invalid value for option '--segment-size': '12x' is not a size"),
                Arguments.of(
                        "zero size",
                        "encrypt --frame-size 0 -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: invalid value for option '--frame-size': size '0' is out of range"),
                Arguments.of(
                        "frame size below the minimum",
                        "encrypt --frame-size 32 -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: frame size 32 is out of range"),
                Arguments.of(
                        "unknown suite",
                        "encrypt --suite rot13 -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: unknown suite 'rot13'"),
                Arguments.of(
                        "unknown provider",
                        "encrypt --provider nope -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: unknown provider 'nope'"),
                Arguments.of(
                        "zero threads",
                        "encrypt --threads 0 -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: --threads must be from 1 to 1024, not 0"),
                Arguments.of(
                        "frame larger than the segment",
                        "encrypt --frame-size 1MiB --segment-size 64KiB -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: the frame size (1 MiB) is larger than the segment size (64 KiB)"),
                Arguments.of("directory as input", "encrypt -k {KEY} -o {OUT} {DIR}", "segcrypt: {DIR} is a directory"),
                Arguments.of(
                        "directory as input on decrypt",
                        "decrypt -k {KEY} -o {OUT} {DIR}",
                        "segcrypt: {DIR} is a directory"),
                Arguments.of(
                        "directory as key file", "encrypt -k {DIR} -o {OUT} {PLAIN}", "segcrypt: {DIR} is a directory"),
                Arguments.of(
                        "directory as output", "encrypt -k {KEY} -o {DIR} {PLAIN}", "segcrypt: {DIR} is a directory"),
                Arguments.of("directory to inspect", "inspect {DIR}", "segcrypt: {DIR} is a directory"),
                Arguments.of(
                        "missing input file",
                        "encrypt -k {KEY} -o {OUT} {DIR}/missing.bin",
                        "segcrypt: no such file: {DIR}/missing.bin"),
                Arguments.of(
                        "missing key file",
                        "encrypt -k {DIR}/missing.key -o {OUT} {PLAIN}",
                        "segcrypt: no such file: {DIR}/missing.key"),
                Arguments.of(
                        "missing key file on decrypt",
                        "decrypt -k {DIR}/missing.key -o {OUT} {SEALED}",
                        "segcrypt: no such file: {DIR}/missing.key"),
                Arguments.of(
                        "missing input file on decrypt",
                        "decrypt -k {KEY} -o {OUT} {DIR}/missing.sgc",
                        "segcrypt: no such file: {DIR}/missing.sgc"),
                Arguments.of(
                        "output in a missing directory",
                        "encrypt -k {KEY} -o {DIR}/missing/out.sgc {PLAIN}",
                        "segcrypt: no such file: {DIR}/missing/out.sgc (its directory does not exist)"),
                Arguments.of(
                        "not a key file",
                        "encrypt -k {PLAIN} -o {OUT} {PLAIN}",
                        "segcrypt: {PLAIN} is not a segcrypt key file"),
                Arguments.of(
                        "no key",
                        "encrypt -o {OUT} {PLAIN}",
                        "segcrypt: no key given: use -k KEYFILE or -p (passphrase)"),
                Arguments.of(
                        "key file and passphrase",
                        "encrypt -k {KEY} -p -o {OUT} {PLAIN}",
                        "segcrypt: -k and -p exclude each other: give one of them"),
                Arguments.of(
                        "two inputs",
                        "encrypt -k {KEY} -o {OUT} {PLAIN} {PLAIN}",
                        "segcrypt: unexpected argument '{PLAIN}'"),
                Arguments.of("unknown command", "frobnicate", "segcrypt: unknown command 'frobnicate'"),
                Arguments.of("no command", "", "segcrypt: no command given"),
                Arguments.of("unknown option before the command", "--bogus", "segcrypt: unknown option '--bogus'"),
                Arguments.of(
                        "option without its value",
                        "encrypt -o {OUT} {PLAIN} -k",
                        "segcrypt: option '-k' needs a value (KEYFILE)"),
                Arguments.of(
                        "flag with a value",
                        "encrypt -k {KEY} -o {OUT} --verbose=yes {PLAIN}",
                        "segcrypt: option '--verbose' takes no value"),
                Arguments.of(
                        "option given twice",
                        "encrypt -k {KEY} -o {OUT} --output {OUT} {PLAIN}",
                        "segcrypt: option '--output' is given more than once"),
                Arguments.of(
                        "threads not a number",
                        "encrypt --threads two -k {KEY} -o {OUT} {PLAIN}",
                        "segcrypt: invalid value for option '--threads': 'two' is not a whole number"),
                Arguments.of(
                        "bench with a bad frame size in its list",
                        "bench --frame-size 64KiB,x",
                        "segcrypt: invalid value for option '--frame-size': 'x' is not a size"),
                Arguments.of("missing inspect operand", "inspect", "segcrypt: the FILE to inspect is missing"),
                Arguments.of(
                        "missing inspect file",
                        "inspect {DIR}/missing.sgc",
                        "segcrypt: no such file: {DIR}/missing.sgc"),
                Arguments.of("keygen without -o", "keygen", "segcrypt: keygen needs the file to create: -o KEYFILE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void commandLine_usageError_exitsTwoWithOneLineMessage(String name, String command, String message)
            throws IOException {
        // given
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString())
                        .exitCode())
                .isZero();
        Path out = dir.resolve("out.bin");
        UnaryOperator<String> expand = text -> text.replace("{DIR}", dir.toString())
                .replace("{KEY}", key.toString())
                .replace("{OUT}", out.toString())
                .replace("{PLAIN}", plain.toString())
                .replace("{SEALED}", sealed.toString());

        // when
        Result result = cli(expand.apply(command).split(" "));

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(result, expand.apply(message));
        assertThat(out).doesNotExist();
    }

    @Test
    void encrypt_segmentSmallerThanDefaultFrame_usesTheSegmentSizeAsFrameSize() {
        // given
        Path sealed = dir.resolve("sealed.sgc");

        // when
        Result encrypt = cli(
                "encrypt", "--segment-size", "64KiB", "-k", key.toString(), "-o", sealed.toString(), plain.toString());
        Result inspect = cli("inspect", sealed.toString());

        // then
        assertThat(encrypt).isEqualTo(new Result(0, "", ""));
        assertThat(inspect.out()).contains("frame size:    64 KiB\n").contains("segment size:  64 KiB\n");
    }

    // ---------------------------------------------------------------- output targets

    @Test
    void encrypt_outputIsTheInput_exitsTwoAndKeepsTheInput() throws IOException {
        // given: the input itself, and a link to it
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), plain);

        for (Path output : List.of(plain, link)) {
            // when
            Result result = cli("encrypt", "-k", key.toString(), "-o", output.toString(), plain.toString());

            // then
            assertThat(result.exitCode()).isEqualTo(2);
            assertOneLineMessage(result, "segcrypt: " + output + " is the input file itself: write to another file");
            assertThat(plain).hasBinaryContent(plaintext);
        }
    }

    @Test
    void decrypt_outputIsTheInput_exitsTwoAndKeepsTheInput() throws IOException {
        // given
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString())
                        .exitCode())
                .isZero();
        byte[] wire = Files.readAllBytes(sealed);

        // when
        Result result = cli("decrypt", "-k", key.toString(), "-o", sealed.toString(), sealed.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(result, "segcrypt: " + sealed + " is the input file itself: write to another file");
        assertThat(sealed).hasBinaryContent(wire);
    }

    @Test
    void encrypt_readOnlyOutputFile_exitsTwoAndKeepsIt() throws IOException {
        // given: refused for root too, who could rename over it
        Path readOnly = Files.write(dir.resolve("read-only.sgc"), new byte[] {42});
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));

        // when
        Result result = cli("encrypt", "-k", key.toString(), "-o", readOnly.toString(), plain.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(result, "segcrypt: permission denied: " + readOnly + " (the file is read-only)");
        assertThat(readOnly).hasBinaryContent(new byte[] {42});
        assertThat(listing()).containsExactly("plain.bin", "read-only.sgc", "test.key");
    }

    @Test
    void encrypt_outputNamedPipe_writesTheStreamIntoThePipe() throws Exception {
        // given: a reader on a named pipe
        Path fifo = dir.resolve("pipe");
        exec("mkfifo", fifo.toString());
        // a thread of its own: opening the pipe blocks until a writer opens it
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream in = Files.newInputStream(fifo)) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                task -> Thread.ofPlatform().daemon().start(task));

        // when
        Result result = cli("encrypt", "-k", key.toString(), "-o", fifo.toString(), plain.toString());

        // then
        assertThat(result).isEqualTo(new Result(0, "", ""));
        assertThat(decryptWithApi(read.get(1, TimeUnit.MINUTES))).isEqualTo(plaintext);
        assertThat(Files.readAttributes(fifo, BasicFileAttributes.class).isOther())
                .as("still a pipe")
                .isTrue();
        assertThat(listing()).containsExactly("pipe", "plain.bin", "test.key");
    }

    @Test
    void encryptDecrypt_outputNullDevice_exitsZeroAndKeepsTheDevice() throws Exception {
        // given: a private null device (1, 3), as /dev/null
        assumeTrue(isRoot(), "making a device node needs root");
        Path device = dir.resolve("null");
        exec("mknod", device.toString(), "c", "1", "3");
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString())
                        .exitCode())
                .isZero();

        // when
        Result encrypt = cli("encrypt", "-k", key.toString(), "-o", device.toString(), plain.toString());
        Result decrypt = cli("decrypt", "-k", key.toString(), "-o", device.toString(), sealed.toString());

        // then
        assertThat(encrypt).isEqualTo(new Result(0, "", ""));
        assertThat(decrypt).isEqualTo(new Result(0, "", ""));
        assertThat(Files.readAttributes(device, BasicFileAttributes.class).isOther())
                .as("still a device")
                .isTrue();
        assertThat(Files.getAttribute(device, "unix:rdev")).isEqualTo(1L << 8 | 3);
        assertThat(listing()).containsExactly("null", "plain.bin", "sealed.sgc", "test.key");
    }

    @Test
    void encrypt_passphraseWithoutVariableOrTerminal_exitsTwo() {
        // given: no way to ask (Surefire's JVM has no console)
        assumeTrue(System.getenv(KeyOptions.PASSPHRASE_VARIABLE) == null, "the passphrase variable is set");
        assumeTrue(System.console() == null, "this JVM has a console");
        Path out = dir.resolve("out.sgc");

        // when
        Result result = cli("encrypt", "-p", "-o", out.toString(), plain.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(
                result, "segcrypt: no terminal to ask for the passphrase: set SEGCRYPT_PASSPHRASE or use -k");
        assertThat(out).doesNotExist();
    }

    @Test
    void decrypt_keyFileForPassphraseStream_exitsTwo() throws IOException {
        // given
        Path sealed = passphraseStream();
        Path out = dir.resolve("out.bin");

        // when
        Result result = cli("decrypt", "-k", key.toString(), "-o", out.toString(), sealed.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(result, "segcrypt: this stream was encrypted with a passphrase: use -p instead of -k");
        assertThat(out).doesNotExist();
    }

    @Test
    void decrypt_passphraseFlagForKeyFileStream_exitsTwo() throws IOException {
        // given
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString())
                        .exitCode())
                .isZero();
        Path out = dir.resolve("out.bin");

        // when: the stream's header is read before any passphrase is asked for
        Result result = cli("decrypt", "-p", "-o", out.toString(), sealed.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertOneLineMessage(
                result, "segcrypt: this stream was encrypted with a key file: use -k KEYFILE instead of -p");
        assertThat(out).doesNotExist();
    }

    // ---------------------------------------------------------------- not intact: exit 1

    static Stream<Arguments> damagedInputs() {
        return Stream.of(
                Arguments.of("tampered", (Damager) (wire, otherKeyWire) -> flip(wire, wire.length / 2)),
                Arguments.of("tampered stream header", (Damager) (wire, otherKeyWire) -> flip(wire, 40)),
                Arguments.of("truncated", (Damager) (wire, otherKeyWire) -> Arrays.copyOf(wire, wire.length / 2)),
                Arguments.of("truncated by one byte", (Damager)
                        (wire, otherKeyWire) -> Arrays.copyOf(wire, wire.length - 1)),
                Arguments.of("truncated inside the stream header", (Damager)
                        (wire, otherKeyWire) -> Arrays.copyOf(wire, 50)),
                Arguments.of("trailing byte", (Damager) (wire, otherKeyWire) -> Arrays.copyOf(wire, wire.length + 1)),
                Arguments.of("wrong key", (Damager) (wire, otherKeyWire) -> otherKeyWire),
                Arguments.of("not a segcrypt file", (Damager) (wire, otherKeyWire) ->
                        "hello, world\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Arguments.of("empty file", (Damager) (wire, otherKeyWire) -> new byte[0]));
    }

    /** Makes a damaged input from a good stream and a stream under another key. */
    @FunctionalInterface
    interface Damager {
        byte[] damage(byte[] wire, byte[] otherKeyWire);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedInputs")
    void decrypt_inputNotIntact_exitsOneAndLeavesNoOutput(String name, Damager damager) throws IOException {
        // given
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli(
                                "encrypt",
                                "--segment-size",
                                "64KiB",
                                "-k",
                                key.toString(),
                                "-o",
                                sealed.toString(),
                                plain.toString())
                        .exitCode())
                .isZero();
        Path otherKey = dir.resolve("other.key");
        Path otherSealed = dir.resolve("other.sgc");
        assertThat(cli("keygen", "-o", otherKey.toString()).exitCode()).isZero();
        assertThat(cli("encrypt", "-k", otherKey.toString(), "-o", otherSealed.toString(), plain.toString())
                        .exitCode())
                .isZero();
        Path damaged = Files.write(
                dir.resolve("damaged.sgc"),
                damager.damage(Files.readAllBytes(sealed), Files.readAllBytes(otherSealed)));
        Path out = dir.resolve("out.bin");
        Path existing = Files.writeString(dir.resolve("existing.bin"), "keep me");
        List<String> before = listing();

        // when
        Result fresh = cli("decrypt", "-k", key.toString(), "-o", out.toString(), damaged.toString());
        Result over = cli("decrypt", "-k", key.toString(), "-o", existing.toString(), damaged.toString());

        // then
        for (Result result : List.of(fresh, over)) {
            assertThat(result.exitCode()).isEqualTo(1);
            assertOneLineMessage(result, INVALID_INPUT);
            assertThat(result.errLines()).hasSize(1);
        }
        assertThat(out).doesNotExist();
        assertThat(existing).hasContent("keep me");
        assertThat(listing()).as("no temporary files are left").isEqualTo(before);
    }

    @Test
    void decrypt_verboseFailure_printsStackTraceAfterMessage() throws IOException {
        // given
        Path junk = Files.writeString(dir.resolve("junk.sgc"), "not a stream\n".repeat(20));

        // when
        Result result = cli(
                "decrypt",
                "--verbose",
                "-k",
                key.toString(),
                "-o",
                dir.resolve("out").toString(),
                junk.toString());

        // then
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines().get(0)).startsWith(INVALID_INPUT);
        assertThat(result.err()).contains("MalformedCiphertextException", "\tat ");
    }

    @Test
    void inspect_damagedStructure_exitsOne() throws IOException {
        // given
        Path sealed = dir.resolve("sealed.sgc");
        assertThat(cli("encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString())
                        .exitCode())
                .isZero();
        byte[] wire = Files.readAllBytes(sealed);
        Path trailing = Files.write(dir.resolve("trailing.sgc"), Arrays.copyOf(wire, wire.length + 1));
        Path truncated = Files.write(dir.resolve("truncated.sgc"), Arrays.copyOf(wire, wire.length - 1));

        // when
        Result withTrailing = cli("inspect", trailing.toString());
        Result cut = cli("inspect", truncated.toString());

        // then
        for (Result result : List.of(withTrailing, cut)) {
            assertThat(result.exitCode()).isEqualTo(1);
            assertOneLineMessage(result, INVALID_INPUT);
        }
    }

    // ---------------------------------------------------------------- helpers

    private byte[] decryptWithApi(byte[] wire) throws IOException {
        SegcryptKey apiKey = KeyFiles.read(key);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(apiKey, Options.defaults());
                InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(wire))) {
            return in.readAllBytes();
        } finally {
            apiKey.destroy();
        }
    }

    private static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("segcrypt-uid", ".probe");
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
        } finally {
            Files.delete(probe);
        }
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }

    /** A stream encrypted through the API under a passphrase with a tiny Argon2id cost. */
    private Path passphraseStream() throws IOException {
        SegcryptKey passphraseKey = SegcryptKey.fromPassphrase("secret".toCharArray(), new PassphraseParams(64, 1, 1));
        Path sealed = dir.resolve("passphrase.sgc");
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(passphraseKey, Options.defaults())) {
            Segcrypt.encryptFile(cipher, plain, sealed, done -> {});
        } finally {
            passphraseKey.destroy();
        }
        return sealed;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static byte[] flip(byte[] wire, int offset) {
        byte[] copy = wire.clone();
        copy[offset] ^= 0x10;
        return copy;
    }
}
