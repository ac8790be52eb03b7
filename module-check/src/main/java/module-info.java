/** An application as a library user writes one: it needs nothing but {@code dev.segcrypt}. */
module dev.segcrypt.check {
    requires dev.segcrypt;
}
