package dev.segcrypt.bench;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.segcrypt.CryptoProvider;
import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * One message through an encrypting and a decrypting stream, in memory, for segcrypt and the
 * single-threaded streaming AEADs it is measured against. Every implementation gets the same
 * plaintext in one {@code write} ({@code encrypt}) or in 16 KiB writes ({@code
 * encryptIn16KiBWrites}, what {@code InputStream.transferTo} hands over) and is read back in 1 MiB
 * {@code read}s; ciphertext goes to a sink that drops it (encryption) or comes from a byte array
 * (decryption). Score: messages per
 * second; multiply by {@code size} for bytes per second ({@code bench/plot.py} does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-preview", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class StreamBenchmark {

    /** The implementations under comparison. */
    public enum Implementation {
        /** segcrypt streams with default options (AUTO provider, all cores). */
        SEGCRYPT,
        /** segcrypt streams on the JDK's provider. */
        SEGCRYPT_JDK,
        /** Tink's AesGcmHkdfStreaming, key template AES256_GCM_HKDF_1MB. */
        TINK,
        /** The AWS Encryption SDK, raw AES keyring, committing suite, 64 KiB frames. */
        AWS_ENCRYPTION_SDK
    }

    /** One streaming AEAD's two directions. */
    private interface Streams extends AutoCloseable {
        OutputStream encrypting(OutputStream sink) throws IOException, GeneralSecurityException;

        InputStream decrypting(InputStream source) throws IOException, GeneralSecurityException;

        @Override
        default void close() {}
    }

    private static final int SMALL_WRITE = 16 * 1024;

    @Param({"536870912"})
    int size;

    @Param
    Implementation implementation;

    private Streams streams;
    private byte[] plaintext;
    private byte[] ciphertext;
    private final byte[] readBuffer = new byte[1 << 20];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        streams = open(implementation);
        plaintext = new byte[size];
        new SplittableRandom(1).nextBytes(plaintext);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(size + size / 16);
        try (OutputStream out = streams.encrypting(sealed)) {
            out.write(plaintext);
        }
        ciphertext = sealed.toByteArray();
        byte[] back;
        try (InputStream in = streams.decrypting(new ByteArrayInputStream(ciphertext))) {
            back = in.readAllBytes();
        }
        if (!Arrays.equals(back, plaintext)) {
            throw new IllegalStateException(implementation + " did not give the plaintext back");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        streams.close();
    }

    @Benchmark
    public void encrypt() throws Exception {
        try (OutputStream out = streams.encrypting(OutputStream.nullOutputStream())) {
            out.write(plaintext);
        }
    }

    @Benchmark
    public void encryptIn16KiBWrites() throws Exception {
        try (OutputStream out = streams.encrypting(OutputStream.nullOutputStream())) {
            for (int at = 0; at < size; at += SMALL_WRITE) {
                out.write(plaintext, at, Math.min(SMALL_WRITE, size - at));
            }
        }
    }

    @Benchmark
    public long decrypt() throws Exception {
        long total = 0;
        try (InputStream in = streams.decrypting(new ByteArrayInputStream(ciphertext))) {
            for (int n; (n = in.read(readBuffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    private static Streams open(Implementation implementation) throws GeneralSecurityException {
        return switch (implementation) {
            case SEGCRYPT -> segcrypt(Options.defaults());
            case SEGCRYPT_JDK -> segcrypt(Options.defaults().withProvider(CryptoProvider.JDK));
            case TINK -> tink();
            case AWS_ENCRYPTION_SDK -> awsEncryptionSdk();
        };
    }

    private static Streams segcrypt(Options options) {
        SegcryptKey key = SegcryptKey.generate();
        SegmentCipher cipher = Segcrypt.newSegmentCipher(key, options);
        key.destroy();
        return new Streams() {
            @Override
            public OutputStream encrypting(OutputStream sink) {
                return Segcrypt.newEncryptingStream(cipher, sink);
            }

            @Override
            public InputStream decrypting(InputStream source) {
                return Segcrypt.newDecryptingStream(cipher, source);
            }

            @Override
            public void close() {
                cipher.close();
            }
        };
    }

    private static Streams tink() throws GeneralSecurityException {
        StreamingAeadConfig.register();
        StreamingAead aead = KeysetHandle.generateNew(KeyTemplates.get("AES256_GCM_HKDF_1MB"))
                .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        byte[] associatedData = new byte[0];
        return new Streams() {
            @Override
            public OutputStream encrypting(OutputStream sink) throws IOException, GeneralSecurityException {
                return aead.newEncryptingStream(sink, associatedData);
            }

            @Override
            public InputStream decrypting(InputStream source) throws IOException, GeneralSecurityException {
                return aead.newDecryptingStream(source, associatedData);
            }
        };
    }

    private static Streams awsEncryptionSdk() {
        byte[] wrappingKey = new byte[32];
        new SecureRandom().nextBytes(wrappingKey);
        MaterialProviders materialProviders = MaterialProviders.builder()
                .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        IKeyring keyring = materialProviders.CreateRawAesKeyring(CreateRawAesKeyringInput.builder()
                .keyNamespace("segcrypt-bench")
                .keyName("aes-256")
                .wrappingKey(ByteBuffer.wrap(wrappingKey))
                .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                .build());
        AwsCrypto crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionFrameSize(64 * 1024)
                .build();
        return new Streams() {
            @Override
            public OutputStream encrypting(OutputStream sink) {
                return crypto.createEncryptingStream(keyring, sink);
            }

            @Override
            public InputStream decrypting(InputStream source) {
                return crypto.createDecryptingStream(keyring, source);
            }
        };
    }
}
