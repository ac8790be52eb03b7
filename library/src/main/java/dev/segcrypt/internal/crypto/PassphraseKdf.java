package dev.segcrypt.internal.crypto;

import dev.segcrypt.PassphraseParams;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through Bouncy Castle: passphrase to 32-byte master key. */
public final class PassphraseKdf {

    private PassphraseKdf() {}

    /** {@return the 32-byte key for {@code passphrase}} */
    public static byte[] derive(char[] passphrase, byte[] salt, PassphraseParams params) {
        return derive(passphrase, salt, params, zeroedUtf8 -> {});
    }

    /** {@link #derive(char[], byte[], PassphraseParams)}, handing the zeroed UTF-8 copy to {@code afterUse} (for tests). */
    static byte[] derive(char[] passphrase, byte[] salt, PassphraseParams params, Consumer<byte[]> afterUse) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[KeySchedule.MASTER_KEY_SIZE_IN_BYTES];
        byte[] utf8 = utf8(passphrase);
        try {
            generator.generateBytes(utf8, key);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            afterUse.accept(utf8);
        }
        return key;
    }

    /**
     * {@return the UTF-8 bytes of {@code passphrase}} Encoded here rather than by Bouncy Castle's
     * char[] variant, which leaves copies of them in buffers nobody zeroes.
     *
     * @throws IllegalArgumentException if the passphrase holds an unpaired surrogate
     */
    private static byte[] utf8(char[] passphrase) {
        ByteBuffer encoded = ByteBuffer.allocate(3 * passphrase.length); // at most 3 bytes per UTF-16 unit
        try {
            CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder(); // reports malformed input
            CoderResult result = encoder.encode(CharBuffer.wrap(passphrase), encoded, true);
            if (!result.isError()) {
                result = encoder.flush(encoded);
            }
            if (result.isError()) {
                throw new IllegalArgumentException("the passphrase is not valid text: it holds an unpaired surrogate");
            }
            return Arrays.copyOf(encoded.array(), encoded.position());
        } finally {
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }
}
