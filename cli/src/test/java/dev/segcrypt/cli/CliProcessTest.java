package dev.segcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.Options;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.StreamInfo;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a child JVM, for what {@link Main#run} cannot show in-process: standard
 * input and output, the passphrase variable, and bounded memory on a stream much larger than the
 * heap.
 *
 * <p>The child runs the module from the module path Surefire gave this JVM ({@code
 * jdk.module.path}: the main classes and their dependencies). In the Surefire run for the
 * portable engine the child runs without {@code --enable-preview}, so it uses the portable
 * engine too; in the other run it gets {@code --enable-preview} like the {@code segcrypt}
 * launcher, and so the StructuredTaskScope engine.
 */
class CliProcessTest {

    private static final String PASSPHRASE_VARIABLE = KeyOptions.PASSPHRASE_VARIABLE;
    private static final long MIB = 1 << 20;
    /** Each child waits at most this long; only a hang reaches it. */
    private static final long CHILD_LIMIT_MINUTES = 5;

    @TempDir
    Path dir;

    private Path key;

    @BeforeEach
    void makeKey() throws IOException {
        key = dir.resolve("test.key");
        SegcryptKey generated = SegcryptKey.generate();
        try {
            KeyFiles.write(key, generated);
        } finally {
            generated.destroy();
        }
    }

    // ---------------------------------------------------------------- standard streams

    @Test
    void pipe_stdinToStdout_roundTrips() throws Exception {
        // given: two segments of the default 4 MiB
        byte[] plaintext = random(5 * MIB + 17, 1);

        // when
        Child encrypt = run(plaintext, Map.of(), "encrypt", "-k", key.toString());
        Child decrypt = run(encrypt.out(), Map.of(), "decrypt", "-k", key.toString());

        // then
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        assertThat(encrypt.err()).isEmpty();
        assertThat(encrypt.out()).startsWith("SEGCRYPT".getBytes(StandardCharsets.US_ASCII));
        assertThat(decrypt.exitCode()).as(decrypt.err()).isZero();
        assertThat(decrypt.err()).isEmpty();
        assertThat(decrypt.out()).isEqualTo(plaintext);
        SegcryptKey apiKey = KeyFiles.read(key);
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(apiKey, Options.defaults());
                InputStream in = Segcrypt.newDecryptingStream(cipher, new ByteArrayInputStream(encrypt.out()))) {
            assertThat(in.readAllBytes())
                    .as("the piped stream decrypted through the API")
                    .isEqualTo(plaintext);
        } finally {
            apiKey.destroy();
        }
    }

    @Test
    void pipe_stdinToFileAndFileToStdout_roundTrip() throws Exception {
        // given
        byte[] plaintext = random(MIB + 5, 6);
        Path sealed = dir.resolve("from-stdin.sgc");
        Path opened = dir.resolve("opened.bin");

        // when
        Child encrypt = run(plaintext, Map.of(), "encrypt", "-k", key.toString(), "-o", sealed.toString());
        Child toStdout = run(new byte[0], Map.of(), "decrypt", "-k", key.toString(), sealed.toString());
        Child fromStdin =
                run(Files.readAllBytes(sealed), Map.of(), "decrypt", "-k", key.toString(), "-o", opened.toString());

        // then
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        assertThat(encrypt.out()).isEmpty();
        assertThat(toStdout.exitCode()).as(toStdout.err()).isZero();
        assertThat(toStdout.out()).isEqualTo(plaintext);
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).isEmpty();
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
    }

    @Test
    void pipe_outputDevStdoutAppendedToAFile_keepsWhatTheFileHeld() throws Exception {
        // given: "-o /dev/stdout >> log", where /dev/stdout is the child's, that is this test's file
        byte[] plaintext = random(1000, 9);
        byte[] earlier = "earlier lines\n".getBytes(StandardCharsets.US_ASCII);
        Path log = Files.write(dir.resolve("log"), earlier);
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        Object inode = Files.getAttribute(log, "unix:ino");
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path errFile = dir.resolve("stderr.txt");
        // a private stand-in for /dev/stdout: a link, in the test's directory, to the child's own fd 1
        Path stdout = Files.createSymbolicLink(dir.resolve("stdout"), Path.of("/proc/self/fd/1"));

        // when
        Process encrypt = builder(Map.of(), "encrypt", "-k", key.toString(), "-o", stdout.toString(), plain.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(errFile.toFile())
                .start();
        encrypt.getOutputStream().close();

        // then
        assertThat(waitFor(encrypt)).as(Files.readString(errFile)).isZero();
        assertThat(Files.getAttribute(log, "unix:ino")).as("the same file").isEqualTo(inode);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-r--r--");
        byte[] written = Files.readAllBytes(log);
        assertThat(Arrays.copyOf(written, earlier.length)).isEqualTo(earlier);
        byte[] ciphertext = Arrays.copyOfRange(written, earlier.length, written.length);
        Child decrypt = run(ciphertext, Map.of(), "decrypt", "-k", key.toString());
        assertThat(decrypt.exitCode()).as(decrypt.err()).isZero();
        assertThat(decrypt.out()).isEqualTo(plaintext);
    }

    @Test
    void pipe_truncatedStreamOnStdin_exitsOneAfterWritingOnlyVerifiedSegments() throws Exception {
        // given: a stream of two segments cut inside the second
        byte[] plaintext = random(5 * MIB, 2);
        Child encrypt = run(plaintext, Map.of(), "encrypt", "-k", key.toString());
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        byte[] truncated = Arrays.copyOf(encrypt.out(), encrypt.out().length - 1000);

        // when
        Child decrypt = run(truncated, Map.of(), "decrypt", "-k", key.toString());

        // then
        assertThat(decrypt.exitCode()).isEqualTo(1);
        assertThat(decrypt.err().lines().toList())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("segcrypt: the input is not an intact segcrypt stream for this key: ");
        assertThat(decrypt.out())
                .as("the first, verified segment only")
                .isEqualTo(Arrays.copyOf(plaintext, Options.DEFAULT_SEGMENT_SIZE_IN_BYTES));
    }

    @Test
    void pipe_dashForInputAndOutput_roundTrips() throws Exception {
        // given
        byte[] plaintext = random(MIB + 9, 7);

        // when
        Child encrypt = run(plaintext, Map.of(), "encrypt", "-k", key.toString(), "-o", "-", "-");
        Child decrypt = run(encrypt.out(), Map.of(), "decrypt", "-k", key.toString(), "-o", "-", "-");

        // then
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        assertThat(decrypt.exitCode()).as(decrypt.err()).isZero();
        assertThat(decrypt.out()).isEqualTo(plaintext);
        assertThat(dir.resolve("-")).doesNotExist();
    }

    // ---------------------------------------------------------------- in a terminal (under script(1))

    @Test
    void terminal_encryptToTerminal_exitsTwoWithoutWritingCiphertext() throws Exception {
        // given
        Path plain = Files.write(dir.resolve("plain.bin"), random(1000, 8));

        // when
        Child encrypt = inTerminal(new byte[0], null, "encrypt", "-k", key.toString(), plain.toString());

        // then
        String screen = new String(encrypt.out(), StandardCharsets.ISO_8859_1);
        assertThat(encrypt.exitCode()).as(screen).isEqualTo(2);
        assertThat(screen)
                .contains("segcrypt: standard output is a terminal: write the ciphertext to a file with -o OUT or"
                        + " redirect it")
                .doesNotContain("SEGCRYPT");
    }

    @Test
    void terminal_encryptWithOutputLeadingToTheTerminal_exitsTwoWithoutWritingCiphertext() throws Exception {
        // given: -o a link to the child's fd 1 (a private stand-in for /dev/stdout), which in the child is
        // the terminal that script(1) made for it
        Path plain = Files.write(dir.resolve("plain.bin"), random(1000, 8));
        Path stdout = Files.createSymbolicLink(dir.resolve("stdout"), Path.of("/proc/self/fd/1"));

        // when
        Child encrypt = inTerminal(
                new byte[0], null, "encrypt", "-k", key.toString(), "-o", stdout.toString(), plain.toString());

        // then
        String screen = new String(encrypt.out(), StandardCharsets.ISO_8859_1);
        assertThat(encrypt.exitCode()).as(screen).isEqualTo(2);
        assertThat(screen)
                .contains("segcrypt: " + stdout + " is a terminal: write the ciphertext to a file")
                .doesNotContain("SEGCRYPT");
    }

    @Test
    void terminal_decryptProgress_endsAtOneHundredPercent() throws Exception {
        // given: a stream of several segments, whose wire size exceeds the plaintext's
        Path plain = Files.write(dir.resolve("plain.bin"), random(5 * MIB + 3, 9));
        Path sealed = dir.resolve("plain.sgc");
        Path opened = dir.resolve("opened.bin");
        assertThat(Main.run(
                        new String[] {"encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(new StringWriter(), true)))
                .isZero();

        // when
        Child decrypt = inTerminal(
                new byte[0], null, "decrypt", "-k", key.toString(), "-o", opened.toString(), sealed.toString());

        // then
        String screen = new String(decrypt.out(), StandardCharsets.ISO_8859_1);
        assertThat(decrypt.exitCode()).as(screen).isZero();
        String[] draws = screen.split("\r");
        assertThat(Arrays.stream(draws).filter(d -> d.startsWith("[")).reduce((a, b) -> b))
                .as("the last drawing of the bar in %s", screen)
                .hasValueSatisfying(last -> assertThat(last).startsWith("[" + "#".repeat(30) + "] 100%"));
        assertThat(opened).hasSameBinaryContentAs(plain);
    }

    @Test
    void terminal_nonAsciiPassphrase_refusedUnderCLocaleAndUtf8UnderUtf8Locale() throws Exception {
        // given: "p\u00e4ss" typed twice, as UTF-8
        byte[] typed = HexFormat.of().parseHex("70c3a47373" + "0a" + "70c3a47373" + "0a");
        byte[] plaintext = random(1000, 15);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path underC = dir.resolve("c.sgc");
        Path underUtf8 = dir.resolve("utf8.sgc");

        // when
        Child c = inTerminal(typed, "C", "encrypt", "-p", "-o", underC.toString(), plain.toString());
        Child utf8 = inTerminal(typed, "C.UTF-8", "encrypt", "-p", "-o", underUtf8.toString(), plain.toString());

        // then
        String cScreen = new String(c.out(), StandardCharsets.ISO_8859_1);
        assertThat(c.exitCode()).as(cScreen).isEqualTo(2);
        assertThat(cScreen)
                .contains("segcrypt: the terminal's character set (US-ASCII) cannot read this passphrase exactly:"
                        + " use a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
        assertThat(underC).doesNotExist();
        assertThat(utf8.exitCode())
                .as(new String(utf8.out(), StandardCharsets.ISO_8859_1))
                .isZero();
        try (InputStream in = Files.newInputStream(underUtf8)) {
            StreamInfo info = Segcrypt.readStreamInfo(in);
            SegcryptKey apiKey = SegcryptKey.fromPassphrase("p\u00e4ss".toCharArray(), info);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(apiKey, Options.defaults());
                    InputStream plainIn = Segcrypt.newDecryptingStream(cipher, Files.newInputStream(underUtf8))) {
                assertThat(plainIn.readAllBytes()).as("opened through the API").isEqualTo(plaintext);
            } finally {
                apiKey.destroy();
            }
        }
    }

    // ---------------------------------------------------------------- passphrase

    @Test
    void passphrase_fromVariable_roundTripsAndWrongPassphraseExitsOne() throws Exception {
        // given
        byte[] plaintext = random(MIB + 3, 3);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path sealed = dir.resolve("plain.sgc");
        Path opened = dir.resolve("opened.bin");
        Path notOpened = dir.resolve("not-opened.bin");
        Map<String, String> right = Map.of(PASSPHRASE_VARIABLE, "correct horse battery staple");
        Map<String, String> wrong = Map.of(PASSPHRASE_VARIABLE, "correct horse battery stapler");

        // when
        Child encrypt = run(new byte[0], right, "encrypt", "-p", "-o", sealed.toString(), plain.toString());
        Child decrypt = run(new byte[0], right, "decrypt", "--passphrase", "-o", opened.toString(), sealed.toString());
        Child wrongDecrypt = run(new byte[0], wrong, "decrypt", "-p", "-o", notOpened.toString(), sealed.toString());

        // then
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        assertThat(decrypt.exitCode()).as(decrypt.err()).isZero();
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
        assertThat(wrongDecrypt.exitCode()).isEqualTo(1);
        assertThat(wrongDecrypt.err())
                .startsWith("segcrypt: the input is not an intact segcrypt stream for this key: ")
                .contains("wrong key or passphrase");
        assertThat(notOpened).doesNotExist();
        StringWriter inspectOut = new StringWriter();
        assertThat(Main.run(
                        new String[] {"inspect", sealed.toString()},
                        new PrintWriter(inspectOut, true),
                        new PrintWriter(new StringWriter(), true)))
                .isZero();
        assertThat(inspectOut.toString()).contains("key:           passphrase (Argon2id, 64 MiB, 3 passes, 1 lane)");
    }

    @Test
    void passphrase_emptyVariable_exitsTwo() throws Exception {
        // given
        Path plain = Files.write(dir.resolve("plain.bin"), random(10, 4));
        Path sealed = dir.resolve("plain.sgc");

        // when
        Child encrypt = run(
                new byte[0],
                Map.of(PASSPHRASE_VARIABLE, ""),
                "encrypt",
                "-p",
                "-o",
                sealed.toString(),
                plain.toString());

        // then
        assertThat(encrypt.exitCode()).isEqualTo(2);
        assertThat(encrypt.err()).isEqualTo("segcrypt: the variable SEGCRYPT_PASSPHRASE is empty\n");
        assertThat(sealed).doesNotExist();
    }

    /**
     * The passphrase variable is UTF-8 whatever the locale: under {@code LC_ALL=C} the JVM decodes
     * the environment as ASCII and would turn every non-ASCII byte into U+FFFD.
     */
    @Test
    void passphrase_nonAsciiUnderCLocale_opensUnderUtf8LocaleAndThroughTheApi() throws Exception {
        // given: "p\u00e4ssw\u00f6rd \ud83d\udd11" as UTF-8, and one that differs only in its
        // non-ASCII letters (p\u00fcssw\u00e4rd), which the C locale would have made equal
        byte[] passphrase = HexFormat.of().parseHex("70c3a4737377c3b67264" + "20f09f9491");
        byte[] other = HexFormat.of().parseHex("70c3bc737377c3a47264" + "20f09f9491");
        byte[] plaintext = random(MIB + 11, 10);
        Path plain = Files.write(dir.resolve("plain.bin"), plaintext);
        Path sealed = dir.resolve("plain.sgc");
        Path opened = dir.resolve("opened.bin");
        Path notOpened = dir.resolve("not-opened.bin");

        // when
        Child encrypt = runWithPassphrase(passphrase, "C", "encrypt", "-p", "-o", sealed.toString(), plain.toString());
        Child decrypt =
                runWithPassphrase(passphrase, "C.UTF-8", "decrypt", "-p", "-o", opened.toString(), sealed.toString());
        Child wrong = runWithPassphrase(other, "C", "decrypt", "-p", "-o", notOpened.toString(), sealed.toString());

        // then
        assertThat(encrypt.exitCode()).as(encrypt.err()).isZero();
        assertThat(decrypt.exitCode()).as(decrypt.err()).isZero();
        assertThat(opened).hasBinaryContent(plaintext);
        assertThat(wrong.exitCode())
                .as("another non-ASCII passphrase of the same length")
                .isEqualTo(1);
        assertThat(notOpened).doesNotExist();
        char[] text = "p\u00e4ssw\u00f6rd \ud83d\udd11".toCharArray();
        try (InputStream in = Files.newInputStream(sealed)) {
            StreamInfo info = Segcrypt.readStreamInfo(in);
            SegcryptKey apiKey = SegcryptKey.fromPassphrase(text, info);
            try (SegmentCipher cipher = Segcrypt.newSegmentCipher(apiKey, Options.defaults());
                    InputStream plainIn = Segcrypt.newDecryptingStream(cipher, Files.newInputStream(sealed))) {
                assertThat(plainIn.readAllBytes()).as("opened through the API").isEqualTo(plaintext);
            } finally {
                apiKey.destroy();
            }
        }
    }

    @Test
    void passphrase_variableNotUtf8_exitsTwo() throws Exception {
        // given
        Path plain = Files.write(dir.resolve("plain.bin"), random(10, 11));
        Path sealed = dir.resolve("plain.sgc");

        // when
        Child encrypt = runWithPassphrase(
                new byte[] {'a', (byte) 0xff, 'b'},
                "C.UTF-8",
                "encrypt",
                "-p",
                "-o",
                sealed.toString(),
                plain.toString());

        // then
        assertThat(encrypt.exitCode()).isEqualTo(2);
        assertThat(encrypt.err()).isEqualTo("segcrypt: the variable SEGCRYPT_PASSPHRASE is not valid UTF-8\n");
        assertThat(sealed).doesNotExist();
    }

    // ---------------------------------------------------------------- killed mid-run

    /**
     * SIGKILL while writing {@code -o}: no target, a temporary file named for the killed process,
     * removed by the next write to that target. The input is a named pipe fed by this test, so the
     * child is surely mid-run: it has read most of what was written, and it creates its temporary
     * file before it reads.
     */
    @Test
    void kill_midEncrypt_leavesNoTargetAndNextRunRemovesTheTemporaryFile() throws Exception {
        byte[] plaintext = random(6 * MIB, 12);
        assertKillLeavesNoTarget("encrypt", plaintext);
    }

    @Test
    void kill_midDecrypt_leavesNoTargetAndNextRunRemovesTheTemporaryFile() throws Exception {
        // given: the first 6 MiB of a stream of three segments
        Path plain = Files.write(dir.resolve("plain.bin"), random(10 * MIB, 13));
        Path sealed = dir.resolve("plain.sgc");
        assertThat(Main.run(
                        new String[] {"encrypt", "-k", key.toString(), "-o", sealed.toString(), plain.toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(new StringWriter(), true)))
                .isZero();
        Files.delete(plain);
        assertKillLeavesNoTarget("decrypt", Arrays.copyOf(Files.readAllBytes(sealed), (int) (6 * MIB)));
    }

    private void assertKillLeavesNoTarget(String command, byte[] fed) throws Exception {
        // given
        Path fifo = dir.resolve("input.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path target = dir.resolve("out.bin");
        Process child = builder(Map.of(), command, "-k", key.toString(), "-o", target.toString(), fifo.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();

        // when: the child has read all but a pipe's buffer of what was fed, then is killed
        // a thread of its own: opening the pipe blocks until the child opens it
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(
                () -> {
                    try (OutputStream in = Files.newOutputStream(fifo)) {
                        in.write(fed);
                        child.destroyForcibly();
                        child.waitFor();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                task -> Thread.ofPlatform().daemon().start(task));
        feeding.get(CHILD_LIMIT_MINUTES, TimeUnit.MINUTES);
        waitFor(child);

        // then
        assertThat(target).doesNotExist();
        List<String> left = names();
        assertThat(left)
                .as("what the killed child left (its log: %s)", Files.readString(dir.resolve("child.log")))
                .filteredOn(n -> n.endsWith(".segcrypt-tmp"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("\\.out\\.bin\\." + child.pid() + "-[0-9a-f]{16}\\.segcrypt-tmp");

        // when: the next run writes the same target
        Path next = Files.write(dir.resolve("next.bin"), random(100, 14));
        assertThat(Main.run(
                        new String[] {"encrypt", "-k", key.toString(), "-o", target.toString(), next.toString()},
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(new StringWriter(), true)))
                .isZero();

        // then
        assertThat(names()).noneMatch(n -> n.endsWith(".segcrypt-tmp")).contains("out.bin");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void passphrase_costAboveTheDefaultLimit_exitsOneUnlessTrusted() throws Exception {
        // given: a passphrase stream made with 9 passes, one more than the default limit allows
        byte[] plaintext = random(100, 5);
        Path sealed = dir.resolve("costly.sgc");
        Path refused = dir.resolve("refused.bin");
        Path opened = dir.resolve("opened.bin");
        String passphrase = "correct horse battery staple";
        SegcryptKey costly = SegcryptKey.fromPassphrase(passphrase.toCharArray(), new PassphraseParams(64, 9, 1));
        try (SegmentCipher cipher = Segcrypt.newSegmentCipher(costly, Options.defaults())) {
            Segcrypt.encryptToFile(cipher, new ByteArrayInputStream(plaintext), sealed, done -> {});
        } finally {
            costly.destroy();
        }
        Map<String, String> environment = Map.of(PASSPHRASE_VARIABLE, passphrase);

        // when
        Child untrusted = run(new byte[0], environment, "decrypt", "-p", "-o", refused.toString(), sealed.toString());
        Child trusted = run(
                new byte[0],
                environment,
                "decrypt",
                "-p",
                "--trust-kdf-cost",
                "-o",
                opened.toString(),
                sealed.toString());

        // then
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.err())
                .contains("asks for Argon2id with 64 KiB, 9 passes, 1 lane, more than the limit of 256 MiB, 8 passes")
                .contains("add --trust-kdf-cost");
        assertThat(refused).doesNotExist();
        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
        assertThat(Files.readAllBytes(opened)).isEqualTo(plaintext);
    }

    // ---------------------------------------------------------------- bounded memory

    /**
     * 2 GiB through {@code encrypt | decrypt}, each child with a 256 MiB heap and the default sizes
     * (4 MiB segments). Measured on the 2-core build machine: 14.6 s. It runs only in the
     * Surefire run whose children get {@code --enable-preview} (the launcher's configuration), so
     * the suite pays for it once.
     */
    @Test
    void pipeline_twoGibibytesThrough256MibHeaps_decryptsToTheSameBytes() throws Exception {
        // given
        assumeTrue(childUsesPreview(), "the 2 GiB pipeline runs once, in the Surefire run with --enable-preview");
        long chunks = 2048; // of 1 MiB
        byte[] base = random(MIB, 5);
        Path encryptErr = dir.resolve("encrypt.err");
        Path decryptErr = dir.resolve("decrypt.err");
        ProcessBuilder encrypt =
                builder(Map.of(), "encrypt", "-k", key.toString()).redirectError(encryptErr.toFile());
        ProcessBuilder decrypt =
                builder(Map.of(), "decrypt", "-k", key.toString()).redirectError(decryptErr.toFile());

        // when
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(encrypt, decrypt));
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        Thread feeder = Thread.ofPlatform().name("segcrypt-test-feeder").start(() -> {
            try (OutputStream in = pipeline.get(0).getOutputStream()) {
                byte[] chunk = new byte[(int) MIB];
                for (long i = 0; i < chunks; i++) {
                    pattern(base, i, chunk);
                    in.write(chunk);
                }
            } catch (Throwable t) {
                feedFailure.set(t);
            }
        });
        long received = 0;
        long firstDifference = -1;
        try (InputStream out = pipeline.get(1).getInputStream()) {
            byte[] got = new byte[(int) MIB];
            byte[] expected = new byte[(int) MIB];
            for (long i = 0; ; i++) {
                int n = out.readNBytes(got, 0, got.length);
                if (n == 0) {
                    break;
                }
                pattern(base, i, expected);
                int mismatch = Arrays.mismatch(got, 0, n, expected, 0, n);
                if (mismatch >= 0 && firstDifference < 0) {
                    firstDifference = received + mismatch;
                }
                received += n;
            }
        } finally {
            feeder.join(TimeUnit.MINUTES.toMillis(CHILD_LIMIT_MINUTES));
        }
        int[] exitCodes = new int[2];
        for (int k = 0; k < 2; k++) {
            exitCodes[k] = waitFor(pipeline.get(k));
        }

        // then
        assertThat(feedFailure.get()).as("feeding the encrypting child").isNull();
        assertThat(exitCodes)
                .as("encrypt: %s%ndecrypt: %s", Files.readString(encryptErr), Files.readString(decryptErr))
                .containsExactly(0, 0);
        assertThat(received).isEqualTo(chunks * MIB);
        assertThat(firstDifference).as("offset of the first differing byte").isEqualTo(-1);
        assertThat(Files.readString(encryptErr)).isEmpty();
        assertThat(Files.readString(decryptErr)).isEmpty();
    }

    /** Chunk {@code i} of the generated stream: a fixed random MiB, stamped with (i, k) every 4 KiB. */
    private static void pattern(byte[] base, long i, byte[] chunk) {
        System.arraycopy(base, 0, chunk, 0, chunk.length);
        ByteBuffer stamps = ByteBuffer.wrap(chunk);
        for (int k = 0; k < chunk.length / 4096; k++) {
            stamps.putLong(k * 4096, i << 20 | k);
        }
    }

    // ---------------------------------------------------------------- the child JVM

    /** What one child did. */
    private record Child(int exitCode, byte[] out, String err) {}

    private Child run(byte[] stdin, Map<String, String> environment, String... args) throws Exception {
        Path errFile = Files.createTempFile(dir, "stderr-", ".txt");
        Process process =
                builder(environment, args).redirectError(errFile.toFile()).start();
        Thread feeder = Thread.ofPlatform().name("segcrypt-test-stdin").start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the child stopped reading (it failed, which the exit code shows)
            }
        });
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        int exitCode = waitFor(process);
        feeder.join();
        return new Child(exitCode, out, Files.readString(errFile));
    }

    /**
     * Runs the CLI with {@code LC_ALL=locale} and the passphrase variable set to exactly {@code
     * passphrase}: a shell reads it from a file, because this JVM would encode a {@code String}
     * with its own locale.
     */
    private Child runWithPassphrase(byte[] passphrase, String locale, String... args) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "passphrase-", ".bin"), passphrase);
        List<String> command =
                new ArrayList<>(List.of("sh", "-c", "SEGCRYPT_PASSPHRASE=$(cat \"$0\") exec \"$@\"", file.toString()));
        command.addAll(command(args));
        Path errFile = Files.createTempFile(dir, "stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errFile.toFile());
        builder.environment().remove(PASSPHRASE_VARIABLE);
        builder.environment().remove("LANG");
        builder.environment().put("LC_ALL", locale);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        return new Child(waitFor(process), out, Files.readString(errFile));
    }

    /**
     * Runs the CLI on a pseudo-terminal with script(1), {@code typed} at the keyboard, and {@code
     * LC_ALL=locale} (when not null); {@link Child#out} is what the terminal showed.
     */
    private Child inTerminal(byte[] typed, String locale, String... args) throws Exception {
        assumeTrue(onPath("script"), "script(1) from util-linux is needed to run the CLI in a terminal");
        String commandLine = command(args).stream()
                .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Path typescript = dir.resolve("typescript");
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", commandLine, typescript.toString());
        builder.environment().remove(PASSPHRASE_VARIABLE);
        if (locale != null) {
            builder.environment().remove("LANG");
            builder.environment().put("LC_ALL", locale);
        }
        Process process = builder.redirectErrorStream(true).start();
        try (OutputStream keyboard = process.getOutputStream()) {
            keyboard.write(typed); // held by the terminal until the child reads it
        }
        byte[] out;
        try (InputStream in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        return new Child(waitFor(process), out, "");
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isBlank() && Files.isExecutable(Path.of(d, program)));
    }

    private static int waitFor(Process process) throws InterruptedException {
        if (!process.waitFor(CHILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the child " + process.info().commandLine().orElse("") + " did not finish");
        }
        return process.exitValue();
    }

    private static ProcessBuilder builder(Map<String, String> environment, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().remove(PASSPHRASE_VARIABLE);
        builder.environment().putAll(environment);
        return builder;
    }

    private static boolean childUsesPreview() {
        return !"portable".equals(System.getProperty("segcrypt.expectedEngine"));
    }

    private static List<String> command(String... args) {
        String modulePath = System.getProperty("jdk.module.path", "");
        List<String> entries = Arrays.stream(modulePath.split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .toList();
        boolean hasMain = entries.stream()
                .anyMatch(p -> Files.isRegularFile(Path.of(p, "dev", "segcrypt", "cli", "Main.class"))
                        || Path.of(p).getFileName().toString().startsWith("segcrypt") && p.endsWith(".jar"));
        assumeTrue(
                hasMain,
                "no module path with the dev.segcrypt classes in jdk.module.path ('" + modulePath
                        + "'): the CLI cannot be started as a child JVM");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (childUsesPreview()) {
            command.add("--enable-preview");
        }
        command.addAll(List.of("-Xmx256m", "--enable-native-access=org.conscrypt", "--module-path", modulePath));
        // the library requires Conscrypt only statically: the launcher adds it, and so does this
        boolean withConscrypt = entries.stream()
                .anyMatch(p -> Path.of(p).getFileName().toString().contains("conscrypt"));
        if (withConscrypt) {
            command.addAll(List.of("--add-modules", "org.conscrypt"));
        }
        command.addAll(List.of("-m", "dev.segcrypt.cli/dev.segcrypt.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static byte[] random(long size, long seed) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
