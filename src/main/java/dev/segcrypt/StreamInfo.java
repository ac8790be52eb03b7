package dev.segcrypt;

import java.util.Optional;

/**
 * What a stream header says, read without a key: see {@link Segcrypt#inspect}.
 *
 * @param suite            the AEAD of every segment
 * @param frameSizeBytes   plaintext bytes per data frame
 * @param segmentSizeBytes plaintext bytes per segment (all but the last are full)
 * @param streamIdHex      the stream's random id, in hex
 * @param passphrase       the Argon2id parameters when the key comes from a passphrase
 */
public record StreamInfo(
        Suite suite,
        int frameSizeBytes,
        int segmentSizeBytes,
        String streamIdHex,
        Optional<PassphraseParams> passphrase) {

    /** The stream header's length in bytes. */
    public static final int HEADER_SIZE_IN_BYTES = 96;
}
