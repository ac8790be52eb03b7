/** The {@code segcrypt} command line: a client of the public API of {@code dev.segcrypt} only. */
module dev.segcrypt.cli {
    requires dev.segcrypt;
}
