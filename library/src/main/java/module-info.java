/**
 * Parallel, authenticated encryption of large data as segments of fixed-size frames.
 * See {@link dev.segcrypt.Segcrypt} to start.
 */
@SuppressWarnings("requires-automatic") // org.conscrypt is an automatic module; see docs/adr/0002
module dev.segcrypt {
    exports dev.segcrypt;

    requires jdk.jfr;
    requires org.bouncycastle.provider;
    requires static org.conscrypt;
}
