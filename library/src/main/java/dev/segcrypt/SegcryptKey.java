package dev.segcrypt;

import dev.segcrypt.internal.crypto.KeySchedule;
import dev.segcrypt.internal.crypto.PassphraseKdf;
import dev.segcrypt.internal.wire.KeyFileFormat;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * A 256-bit master key. It prints no key bytes, compares by identity, and can be destroyed.
 *
 * <p><b>Thread safety:</b> instances are safe for concurrent use; {@link #destroy()} while another
 * thread is using the key makes that use fail with {@link IllegalStateException}.
 */
public final class SegcryptKey implements Destroyable {

    /** The key length: 32 bytes. */
    public static final int SIZE_IN_BYTES = KeySchedule.MASTER_KEY_SIZE_IN_BYTES;

    /** The most bytes a key file can hold: one line, with room for line ends. */
    public static final int MAX_KEY_FILE_SIZE_IN_BYTES = KeyFileFormat.MAX_SIZE_IN_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int PASSPHRASE_SALT_SIZE_IN_BYTES = 16;

    private final byte[] keyBytes; // zeroed by destroy()
    private final byte[] passphraseSalt; // null unless derived from a passphrase; not secret
    private final PassphraseParams passphraseParams; // null unless derived from a passphrase
    private volatile boolean destroyed;

    private SegcryptKey(byte[] keyBytes, byte[] passphraseSalt, PassphraseParams passphraseParams) {
        this.keyBytes = keyBytes;
        this.passphraseSalt = passphraseSalt;
        this.passphraseParams = passphraseParams;
    }

    private SegcryptKey(byte[] keyBytes) {
        this(keyBytes, null, null);
    }

    /**
     * {@return a key derived from {@code passphrase} with Argon2id and a new random salt} Streams
     * encrypted with it record the salt and {@code params} in their header.
     *
     * @param passphrase the passphrase; the caller should zero it afterwards
     * @param params     the Argon2id cost
     */
    public static SegcryptKey fromPassphrase(char[] passphrase, PassphraseParams params) {
        byte[] salt = new byte[PASSPHRASE_SALT_SIZE_IN_BYTES];
        RANDOM.nextBytes(salt);
        return fromPassphrase(passphrase, params, salt);
    }

    /**
     * {@return the key of a passphrase-protected stream, from the salt and cost in its header} The
     * cost may not exceed {@link PassphraseParams#DEFAULT_LIMIT}.
     *
     * @param passphrase the passphrase; the caller should zero it afterwards
     * @param stream     the stream's header, from {@link Segcrypt#readStreamInfo}
     * @throws IllegalArgumentException if the stream was not encrypted with a passphrase
     * @throws PassphraseCostException if the header asks for more than {@link
     *     PassphraseParams#DEFAULT_LIMIT} in memory, passes or lanes; nothing was derived
     */
    public static SegcryptKey fromPassphrase(char[] passphrase, StreamInfo stream) throws PassphraseCostException {
        return fromPassphrase(passphrase, stream, PassphraseParams.DEFAULT_LIMIT);
    }

    /**
     * {@return the key of a passphrase-protected stream, from the salt and cost in its header, if
     * that cost is within {@code limit}} The header is not authenticated before the key is derived,
     * so its cost is checked first: a file from an untrusted source must not make the caller spend
     * gigabytes of memory or minutes of work.
     *
     * @apiNote Raise the limit only for files whose origin you trust, for example streams you
     *     encrypted yourself with a cost above {@link PassphraseParams#DEFAULT_LIMIT}. {@link
     *     PassphraseParams#MAXIMUM} accepts every header the format allows.
     *
     * @param passphrase the passphrase; the caller should zero it afterwards
     * @param stream     the stream's header, from {@link Segcrypt#readStreamInfo}
     * @param limit      the most memory, passes and lanes to spend, each checked on its own
     * @throws IllegalArgumentException if the stream was not encrypted with a passphrase
     * @throws PassphraseCostException if the header asks for more than {@code limit} in memory,
     *     passes or lanes; nothing was derived
     */
    public static SegcryptKey fromPassphrase(char[] passphrase, StreamInfo stream, PassphraseParams limit)
            throws PassphraseCostException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(limit, "limit");
        PassphraseParams params = stream.passphrase()
                .orElseThrow(() ->
                        new IllegalArgumentException("this stream was encrypted with a key file, not a passphrase"));
        if (!params.isWithin(limit)) {
            throw new PassphraseCostException("the stream header asks for Argon2id with " + params.describe()
                    + ", more than the limit of " + limit.describe()
                    + "; refused before deriving the key (raise the limit only for a file you trust)");
        }
        byte[] salt = HexFormat.of().parseHex(stream.passphraseSaltHex().orElseThrow());
        return fromPassphrase(passphrase, params, salt);
    }

    private static SegcryptKey fromPassphrase(char[] passphrase, PassphraseParams params, byte[] salt) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(params, "params");
        return new SegcryptKey(PassphraseKdf.derive(passphrase, salt, params), salt.clone(), params);
    }

    /** {@return the Argon2id cost if this key comes from a passphrase} */
    public Optional<PassphraseParams> passphraseParams() {
        return Optional.ofNullable(passphraseParams);
    }

    /**
     * {@return the Argon2id salt of a passphrase key} Not secret.
     *
     * @throws IllegalStateException if this key does not come from a passphrase
     */
    public byte[] passphraseSalt() {
        if (passphraseSalt == null) {
            throw new IllegalStateException("this key does not come from a passphrase");
        }
        return passphraseSalt.clone();
    }

    /** {@return a new key from a {@link SecureRandom}} */
    public static SegcryptKey generate() {
        byte[] bytes = new byte[SIZE_IN_BYTES];
        RANDOM.nextBytes(bytes);
        return new SegcryptKey(bytes);
    }

    /**
     * {@return a key holding a copy of {@code bytes}} The caller should zero its array afterwards.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static SegcryptKey fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SIZE_IN_BYTES) {
            throw new IllegalArgumentException(
                    "a segcrypt key is 32 bytes, got " + bytes.length + " (128- and 192-bit keys are not accepted)");
        }
        return new SegcryptKey(bytes.clone());
    }

    /**
     * {@return the key a key file holds} A key file is one line, {@code segcrypt-key-v1:} and 64
     * hexadecimal digits (docs/wire-format.md, "Key file"), as {@code segcrypt keygen} writes it.
     * The caller should zero {@code content} afterwards.
     *
     * @param content the file's bytes; a key file is at most {@value #MAX_KEY_FILE_SIZE_IN_BYTES}
     *     bytes, so read no more than that
     * @throws IllegalArgumentException if {@code content} is not a key file; the message never
     *     contains any of it
     */
    public static SegcryptKey fromKeyFile(byte[] content) {
        byte[] bytes = KeyFileFormat.decode(Objects.requireNonNull(content, "content"));
        return new SegcryptKey(bytes);
    }

    /**
     * {@return this key as the content of a key file}: lower-case digits and one line feed. Whoever
     * calls this owns a secret and should zero it after writing it (readable by its owner only, and
     * never over an existing file).
     *
     * @throws IllegalStateException if the key was destroyed
     */
    public byte[] toKeyFile() {
        byte[] bytes = copyBytes();
        try {
            return KeyFileFormat.encode(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * {@return a copy of the key bytes} Whoever calls this owns a secret and should zero it.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    public byte[] copyBytes() {
        byte[] copy = keyBytes.clone();
        if (destroyed) {
            Arrays.fill(copy, (byte) 0);
            throw new IllegalStateException("the key was destroyed");
        }
        return copy;
    }

    /** Zeroes the key bytes; later uses of this key fail. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(keyBytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return destroyed ? "SegcryptKey[destroyed]" : "SegcryptKey[256 bits, value hidden]";
    }
}
