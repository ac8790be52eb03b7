package dev.segcrypt.internal.engine;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.SegmentStats;
import dev.segcrypt.Suite;
import dev.segcrypt.TruncatedCiphertextException;
import dev.segcrypt.internal.crypto.MasterKey;
import dev.segcrypt.internal.crypto.Providers;
import dev.segcrypt.internal.telemetry.SegmentTelemetry;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import dev.segcrypt.internal.wire.WireLimits;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The {@link SegmentCipher}: owns the carriers, the in-flight bound and the master key, and guards
 * every operation so that {@link #close()} waits for the calls in progress before it stops the
 * carriers and zeroes the key. A cipher that becomes unreachable without {@code close()} has the
 * same done by the {@link Cleanup} cleaner.
 */
public final class DefaultSegmentCipher implements SegmentCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SegmentOptions options;
    private final MasterKey masterKey; // zeroed by close() once no call is active
    private final Engine engine;
    private final Map<Suite, Provider> providers = new EnumMap<>(Suite.class); // filled once, then read-only
    private final InFlightLimit limit;
    private final SegmentAssembler assembler;
    private final SegmentTelemetry telemetry;
    private final AtomicInteger activeCalls = new AtomicInteger(); // calls between enter() and exit()
    private volatile boolean closed; // set once by close()
    private volatile Thread closer; // the thread in close(), unparked by the last exit()
    private final Cleaner.Cleanable release; // stops the carriers and zeroes the key, once: close() or the GC

    private DefaultSegmentCipher(
            SegcryptKey key,
            SegmentOptions options,
            Engine engine,
            FrameHook hook,
            Function<Suite, Provider> provider) {
        this.options = options;
        for (Suite suite : Suite.values()) {
            providers.put(suite, provider.apply(suite));
        }
        this.masterKey = MasterKey.copyOf(key);
        this.engine = engine;
        this.limit = new InFlightLimit(options.maxFramesInFlight());
        CryptoCarriers carriers = new CryptoCarriers(options.carriers(), providers);
        this.assembler = new SegmentAssembler(masterKey, new FrameRunner(engine, carriers, limit, hook));
        this.telemetry = new SegmentTelemetry(engine.name(), options.statsListener());
        this.release = Cleanup.register(this, new Release(carriers, masterKey));
    }

    /**
     * What a cipher holds outside the heap or beyond its own life: carrier threads and the key copy.
     * It must not refer to the cipher, or the cipher would never become unreachable.
     */
    private static final class Release implements Runnable {
        private final CryptoCarriers carriers;
        private final MasterKey masterKey;

        Release(CryptoCarriers carriers, MasterKey masterKey) {
            this.carriers = carriers;
            this.masterKey = masterKey;
        }

        @Override
        public void run() {
            carriers.close();
            masterKey.destroy();
        }
    }

    /** Creates the cipher behind {@link dev.segcrypt.Segcrypt#newSegmentCipher}. */
    public static DefaultSegmentCipher create(SegcryptKey key, Options options) {
        return create(key, options, Engines.best(), FrameHook.NONE);
    }

    /** A cipher with a given engine and a hook before every frame: the fault-injection seam of tests. */
    static DefaultSegmentCipher testOnlyCreate(SegcryptKey key, Options options, Engine engine, FrameHook hook) {
        return create(key, options, engine, hook);
    }

    private static DefaultSegmentCipher create(SegcryptKey key, Options options, Engine engine, FrameHook hook) {
        SegmentOptions segmentOptions = (SegmentOptions) options;
        return new DefaultSegmentCipher(
                key, segmentOptions, engine, hook, suite -> Providers.resolve(segmentOptions.provider(), suite));
    }

    /** A cipher whose every suite runs on {@code provider}: the seam of tests that fake a provider. */
    static DefaultSegmentCipher testOnlyCreate(SegcryptKey key, Options options, Engine engine, Provider provider) {
        return new DefaultSegmentCipher(key, (SegmentOptions) options, engine, FrameHook.NONE, suite -> provider);
    }

    /** {@return the options this cipher was made with} */
    public Options options() {
        return options;
    }

    @Override
    public byte[] encrypt(byte[] plaintext) throws InterruptedException {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] wire = new byte[wireLength(plaintext.length)];
        encrypt(plaintext, wire);
        return wire;
    }

    @Override
    public int encrypt(byte[] plaintext, byte[] wire) throws InterruptedException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(wire, "wire");
        byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
        RANDOM.nextBytes(streamId);
        return encryptSegment(SegmentPosition.lone(streamId), plaintext, 0, plaintext.length, wire);
    }

    /**
     * Encrypts {@code plaintext[offset, offset + length)} as the segment at {@code position}, with a
     * fresh random salt, into {@code wire}; returns the wire length.
     */
    public int encryptSegment(SegmentPosition position, byte[] plaintext, int offset, int length, byte[] wire)
            throws InterruptedException {
        byte[] salt = new byte[SegmentHeader.SALT_SIZE_IN_BYTES];
        RANDOM.nextBytes(salt);
        return encryptSegment(position, salt, plaintext, offset, length, wire);
    }

    /**
     * Encrypts with a chosen salt into a new array: the known-answer tests' seam. A salt must
     * never repeat under one key and position, so nothing but a test may call this.
     */
    byte[] testOnlyEncrypt(SegmentPosition position, byte[] salt, byte[] plaintext, int offset, int length)
            throws InterruptedException {
        byte[] wire = new byte[wireLength(length)];
        encryptSegment(position, salt, plaintext, offset, length, wire);
        return wire;
    }

    private int encryptSegment(
            SegmentPosition position, byte[] salt, byte[] plaintext, int offset, int length, byte[] wire)
            throws InterruptedException {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        int wireLength = wireLength(length);
        Objects.checkFromIndexSize(0, wireLength, wire.length);
        Suite suite = options.suite();
        SegmentTelemetry.Measurement measurement = telemetry.start(SegmentStats.Operation.ENCRYPT);
        enter();
        try {
            assembler.encrypt(suite, options.frameSizeBytes(), position, salt, plaintext, offset, length, wire);
            measurement.finish(
                    position.segmentIndex(),
                    length,
                    wireLength,
                    new SegmentLayout(options.frameSizeBytes(), length).dataFrames(),
                    provider(suite).getName());
        } finally {
            exit();
        }
        measurement.report();
        return wireLength;
    }

    @Override
    public int wireLength(int plaintextLength) {
        if (plaintextLength < 0 || plaintextLength > WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a segment holds 0 to " + WireLimits.MAX_SEGMENT_PLAINTEXT_BYTES
                    + " bytes of plaintext, got " + plaintextLength);
        }
        return SegmentLayout.wireLength(options.frameSizeBytes(), plaintextLength);
    }

    @Override
    public byte[] decrypt(byte[] wire) throws InvalidCiphertextException, InterruptedException {
        Objects.requireNonNull(wire, "wire");
        return decryptSegment(loneSegmentHeader(wire), SegmentOrigin.LONE, wire, 0, null);
    }

    @Override
    public int decrypt(byte[] wire, byte[] plaintext) throws InvalidCiphertextException, InterruptedException {
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(plaintext, "plaintext");
        SegmentHeader header = loneSegmentHeader(wire);
        Objects.checkFromIndexSize(0, header.plaintextLength(), plaintext.length);
        decryptSegment(header, SegmentOrigin.LONE, wire, 0, plaintext);
        return header.plaintextLength();
    }

    /** {@return the header of the lone segment {@code wire}, checked to be one and to fill {@code wire} exactly} */
    private static SegmentHeader loneSegmentHeader(byte[] wire) throws InvalidCiphertextException {
        SegmentHeader header = SegmentHeader.decode(ByteBuffer.wrap(wire), "segment");
        if (header.isInStream() || !header.isFinal() || header.segmentIndex() != 0) {
            throw new MalformedCiphertextException("segment " + header.segmentIndex()
                    + ": this segment belongs to a stream (cut out of it?); decrypt the stream instead");
        }
        long wireLength = SegmentLayout.of(header).wireLength();
        if (wire.length < wireLength) {
            throw new TruncatedCiphertextException("segment 0: the input ends after " + wire.length
                    + " bytes, inside frame data; the header announces " + wireLength
                    + " bytes (truncated or tampered)");
        }
        if (wire.length > wireLength) {
            throw new MalformedCiphertextException("segment 0: " + (wire.length - wireLength)
                    + " unexpected bytes after the terminator frame at offset " + wireLength);
        }
        return header;
    }

    /**
     * Decrypts a segment of a stream whose header verified under this key: {@code header} was read
     * from {@code wire[offset]} and checked for its place in the stream, and {@code wire} holds the
     * whole segment from there. The plaintext goes into {@code out} when it is large enough (a new
     * array otherwise, or when null); {@return the array holding it}
     */
    public byte[] decryptStreamSegment(SegmentHeader header, byte[] wire, int offset, byte[] out)
            throws InvalidCiphertextException, InterruptedException {
        Objects.checkFromIndexSize(offset, SegmentLayout.of(header).wireLength(), wire.length);
        return decryptSegment(header, SegmentOrigin.STREAM, wire, offset, out);
    }

    private byte[] decryptSegment(SegmentHeader header, SegmentOrigin origin, byte[] wire, int offset, byte[] out)
            throws InvalidCiphertextException, InterruptedException {
        SegmentTelemetry.Measurement measurement = telemetry.start(SegmentStats.Operation.DECRYPT);
        byte[] plaintext;
        enter();
        try {
            plaintext = assembler.decrypt(header, origin, wire, offset, out);
            SegmentLayout layout = SegmentLayout.of(header);
            measurement.finish(
                    header.segmentIndex(),
                    layout.plaintextLength(),
                    layout.wireLength(),
                    layout.dataFrames(),
                    provider(header.suite()).getName());
        } finally {
            exit();
        }
        measurement.report();
        return plaintext;
    }

    /**
     * {@return what {@code use} computes from the master key} The key stays intact while it runs:
     * the stream layer's door to the stream header services of {@link MasterKey}.
     *
     * @throws EngineClosedException if this cipher is closed
     */
    public <T> T withMasterKey(Function<MasterKey, T> use) {
        enter();
        try {
            return use.apply(masterKey);
        } finally {
            exit();
        }
    }

    @Override
    public String engineName() {
        return engine.name();
    }

    @Override
    public Provider provider(Suite suite) {
        return providers.get(Objects.requireNonNull(suite, "suite"));
    }

    /** {@return the in-flight bound, for tests that measure its peak} */
    InFlightLimit inFlightLimit() {
        return limit;
    }

    private void enter() {
        activeCalls.incrementAndGet();
        if (closed) {
            exit();
            throw new EngineClosedException("this SegmentCipher is closed");
        }
    }

    private void exit() {
        if (activeCalls.decrementAndGet() == 0 && closed) {
            Thread waiting = closer;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    @Override
    public synchronized void close() { // synchronized: a second closer waits until the first is done
        if (closed) {
            return;
        }
        closer = Thread.currentThread();
        closed = true;
        boolean interrupted = Thread.interrupted(); // park() would not wait while interrupted
        while (activeCalls.get() > 0) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        release.clean();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SegmentCipher[engine=" + engine.name() + ", suite="
                + options.suite().displayName() + ", frameSize="
                + options.frameSizeBytes() + ", provider=" + options.provider().displayName() + ", carriers="
                + options.carriers() + ", closed=" + closed + "]";
    }
}
