package dev.segcrypt.internal.crypto;

import dev.segcrypt.PassphraseParams;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.KeySchedule.SegmentKeys;
import dev.segcrypt.internal.wire.StreamHeader;
import java.util.Arrays;
import java.util.Optional;

/**
 * A segment cipher's own copy of the master key and everything derived from it: segment keys and
 * stream header tags. Where the key came from a passphrase it also knows the Argon2id salt and cost
 * that a new stream header records (not secret).
 *
 * <p>Thread-safe for any number of concurrent derivations. {@link #destroy()} zeroes the copy; the
 * owner calls it only once no derivation is running (the segment cipher's close waits for that).
 */
public final class MasterKey {

    private final byte[] bytes; // read by every derivation; zeroed by destroy()
    private final byte[] kdfSalt; // all zero unless the key came from a passphrase; not secret
    private final PassphraseParams passphraseParams; // null unless the key came from a passphrase

    private MasterKey(byte[] bytes, byte[] kdfSalt, PassphraseParams passphraseParams) {
        this.bytes = bytes;
        this.kdfSalt = kdfSalt;
        this.passphraseParams = passphraseParams;
    }

    /** {@return a copy of {@code key}, which the caller may destroy afterwards} */
    public static MasterKey copyOf(SegcryptKey key) {
        PassphraseParams params = key.passphraseParams().orElse(null);
        byte[] salt = params == null ? new byte[StreamHeader.KDF_SALT_SIZE_IN_BYTES] : key.passphraseSalt();
        return new MasterKey(key.copyBytes(), salt, params);
    }

    /** {@return the key and commitment of segment {@code segmentIndex} of stream {@code streamId}, with header {@code flags}} */
    public SegmentKeys deriveSegmentKeys(byte[] salt, Suite suite, int flags, byte[] streamId, long segmentIndex) {
        return KeySchedule.deriveSegmentKeys(bytes, salt, suite, flags, streamId, segmentIndex);
    }

    /** {@return the header of a new stream under this key, with the passphrase fields it needs} */
    public StreamHeader newStreamHeader(Suite suite, int frameSizeBytes, int segmentSizeBytes, byte[] streamId) {
        return StreamHeader.create(suite, frameSizeBytes, segmentSizeBytes, streamId, kdfSalt, passphraseParams);
    }

    /** {@return the tag of {@code header} under this key} */
    public byte[] streamHeaderTag(StreamHeader header) {
        return KeySchedule.streamHeaderTag(bytes, header.streamId(), header.taggedPrefix());
    }

    /** {@return the Argon2id cost if this key came from a passphrase} */
    public Optional<PassphraseParams> passphraseParams() {
        return Optional.ofNullable(passphraseParams);
    }

    /** Zeroes the key bytes. */
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "MasterKey[value hidden]";
    }
}
