package dev.segcrypt;

import dev.segcrypt.internal.wire.StreamHeader;
import java.util.Optional;

/**
 * What a stream header says, read without a key: see {@link Segcrypt#readStreamInfo} and {@link
 * Segcrypt#inspect}. Nothing in it is authenticated until a key is applied.
 *
 * @param formatVersion     the stream format version (docs/wire-format.md)
 * @param suite             the AEAD of every segment
 * @param frameSizeBytes    plaintext bytes per data frame
 * @param segmentSizeBytes  plaintext bytes per segment (all but the last are full)
 * @param streamIdHex       the stream's random id, in hex
 * @param passphrase        the Argon2id parameters when the key comes from a passphrase
 * @param passphraseSaltHex the Argon2id salt, in hex, when the key comes from a passphrase (not secret)
 */
public record StreamInfo(
        int formatVersion,
        Suite suite,
        int frameSizeBytes,
        int segmentSizeBytes,
        String streamIdHex,
        Optional<PassphraseParams> passphrase,
        Optional<String> passphraseSaltHex) {

    /** The stream header's length in bytes. */
    public static final int HEADER_SIZE_IN_BYTES = StreamHeader.SIZE_IN_BYTES;
}
