/** The {@code segcrypt} command line: a client of the public API of {@code dev.segcrypt} only. */
module dev.segcrypt.cli {
    requires dev.segcrypt;
    requires info.picocli;

    opens dev.segcrypt.cli to
            info.picocli; // picocli reflects on @Command and @Option fields
}
