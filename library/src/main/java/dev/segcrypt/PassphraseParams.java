package dev.segcrypt;

/**
 * Argon2id parameters for deriving a key from a passphrase (RFC 9106). They are stored in the
 * stream header, so decryption reads them from there. The same type also states a decoder's limit
 * on what a header may ask for ({@link #DEFAULT_LIMIT}): the header is not authenticated before the
 * key is derived, so anyone can write a header that asks for the most the format allows.
 *
 * @param memoryKiB   memory in KiB, from 8 × parallelism to 4 GiB
 * @param iterations  passes over the memory, from 1 to 64
 * @param parallelism lanes, from 1 to 16
 */
public record PassphraseParams(int memoryKiB, int iterations, int parallelism) {

    /** The default: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option, with 1 lane). */
    public static final PassphraseParams DEFAULT = new PassphraseParams(64 * 1024, 3, 1);

    /** The most memory a header may ask for: 4 GiB, the format's bound (docs/wire-format.md). */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    /**
     * The most a stream header may ask for: 4 GiB, 64 passes, 16 lanes. As a limit for {@link
     * SegcryptKey#fromPassphrase(char[], StreamInfo, PassphraseParams)} it accepts every header the
     * format allows: up to minutes of work and 4 GiB of heap for one hostile file.
     */
    public static final PassphraseParams MAXIMUM = new PassphraseParams(MAX_MEMORY_KIB, 64, 16);

    /**
     * The cost a decoder accepts from a stream header unless told otherwise: 256 MiB, 8 passes, 4
     * lanes. That is four times the memory and more than twice the passes of {@link #DEFAULT}, and
     * covers RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes); a header asking for
     * more is refused before Argon2id runs.
     */
    public static final PassphraseParams DEFAULT_LIMIT = new PassphraseParams(256 * 1024, 8, 4);

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

    /** {@return whether no parameter is above the same parameter of {@code limit}} */
    public boolean isWithin(PassphraseParams limit) {
        return memoryKiB <= limit.memoryKiB && iterations <= limit.iterations && parallelism <= limit.parallelism;
    }

    /** {@return the cost in words, such as "64 MiB, 3 passes, 1 lane"} */
    String describe() {
        String memory = memoryKiB % 1024 == 0 ? memoryKiB / 1024 + " MiB" : memoryKiB + " KiB";
        return memory + ", " + iterations + (iterations == 1 ? " pass, " : " passes, ") + parallelism
                + (parallelism == 1 ? " lane" : " lanes");
    }
}
