package dev.segcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.segcrypt.Options;
import dev.segcrypt.PassphraseParams;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
