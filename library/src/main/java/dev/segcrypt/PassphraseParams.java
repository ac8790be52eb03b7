package dev.segcrypt;

/**
 * Argon2id parameters for deriving a key from a passphrase (RFC 9106). They are stored in the
 * stream header, so decryption reads them from there.
 *
 * @param memoryKiB   memory in KiB, from 8 × parallelism to 4 GiB
 * @param iterations  passes over the memory, from 1 to 64
 * @param parallelism lanes, from 1 to 16
 */
public record PassphraseParams(int memoryKiB, int iterations, int parallelism) {

    /** The default: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option, with 1 lane). */
    public static final PassphraseParams DEFAULT = new PassphraseParams(64 * 1024, 3, 1);

    /** The most memory a header may ask for: 4 GiB, so that a hostile header cannot exhaust memory. */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public PassphraseParams {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2id parallelism " + parallelism + " is out of range [1, 16]");
        }
        if (iterations < 1 || iterations > 64) {
            throw new IllegalArgumentException("Argon2id iterations " + iterations + " is out of range [1, 64]");
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory " + memoryKiB + " KiB is out of range ["
                    + 8 * parallelism + ", " + MAX_MEMORY_KIB + "]");
        }
    }
}
