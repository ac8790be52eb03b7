package dev.segcrypt.internal.engine;

/**
 * Chooses the engine: {@code StructuredEngine} when this JVM can load it (JDK 25 with {@code
 * --enable-preview}), {@link PortableEngine} otherwise. The system property {@code
 * segcrypt.engine=portable} forces the portable one.
 */
public final class Engines {

    private static final String STRUCTURED_ENGINE = "dev.segcrypt.internal.engine.StructuredEngine";

    private Engines() {}

    /** {@return the best engine this JVM can run} */
    public static Engine best() {
        if (!"portable".equals(System.getProperty("segcrypt.engine"))) {
            try {
                return (Engine) Class.forName(STRUCTURED_ENGINE)
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // UnsupportedClassVersionError on JDK 21-24, on JDK 25 without --enable-preview and on
                // JDK 26+ (preview class files load only there); ClassNotFoundException without the class
            }
        }
        return new PortableEngine();
    }
}
