package dev.segcrypt.internal.engine;

import dev.segcrypt.EngineClosedException;
import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.MalformedCiphertextException;
import dev.segcrypt.Options;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import dev.segcrypt.SegmentStats;
import dev.segcrypt.Suite;
import dev.segcrypt.internal.crypto.Providers;
import dev.segcrypt.internal.telemetry.SegmentEvent;
import dev.segcrypt.internal.wire.SegmentHeader;
import dev.segcrypt.internal.wire.SegmentLayout;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link SegmentCipher}: owns the carriers, the in-flight bound and a copy of the key, and
 * wraps every segment operation with the closed check, statistics and a JFR event.
 */
public final class DefaultSegmentCipher implements SegmentCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SegmentOptions options;
    private final byte[] masterKey; // read by every call; zeroed by close() once no call is active
    private final Engine engine;
    private final CryptoCarriers carriers;
    private final InFlightLimit limit;
    private final Map<Suite, Provider> providers = new EnumMap<>(Suite.class); // filled once, then read-only
    private final SegmentCodec codec;
    private final byte[] passphraseSalt; // null unless the key came from a passphrase; not secret
    private final dev.segcrypt.PassphraseParams passphraseParams;
    private final AtomicInteger activeCalls = new AtomicInteger(); // calls between enter() and exit()
    private volatile boolean closed; // set once by close()
    private volatile Thread closer; // the thread in close(), unparked by the last exit()

    private DefaultSegmentCipher(SegcryptKey key, SegmentOptions options, Engine engine, FrameHook hook) {
        this.options = options;
        for (Suite suite : Suite.values()) {
            providers.put(suite, Providers.resolve(options.provider(), suite));
        }
        this.masterKey = key.copyBytes();
        this.passphraseParams = key.passphraseParams().orElse(null);
        this.passphraseSalt = passphraseParams == null ? null : key.passphraseSalt();
        this.engine = engine;
        this.limit = new InFlightLimit(options.maxFramesInFlight());
        this.carriers = new CryptoCarriers(options.carriers());
        this.codec = new SegmentCodec(masterKey, engine, carriers, limit, providers::get, hook);
    }

    /** Creates the cipher behind {@link dev.segcrypt.Segcrypt#newSegmentCipher}. */
    public static DefaultSegmentCipher create(SegcryptKey key, Options options) {
        return new DefaultSegmentCipher(key, (SegmentOptions) options, Engines.best(), FrameHook.NONE);
    }

    /** A cipher with a given engine and a hook before every frame: the fault-injection seam of tests. */
    static DefaultSegmentCipher testOnlyCreate(SegcryptKey key, Options options, Engine engine, FrameHook hook) {
        return new DefaultSegmentCipher(key, (SegmentOptions) options, engine, hook);
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
        return encryptInto(loneSegment(), plaintext, 0, plaintext.length, wire);
    }

    private static SegmentPosition loneSegment() {
        byte[] streamId = new byte[SegmentHeader.STREAM_ID_SIZE_IN_BYTES];
        RANDOM.nextBytes(streamId);
        return new SegmentPosition(streamId, 0, true);
    }

    /**
     * Encrypts with a chosen salt into a new array: the known-answer tests' seam. A salt must
     * never repeat under one key and position, so nothing but a test may call this.
     */
    byte[] testOnlyEncrypt(SegmentPosition position, byte[] salt, byte[] plaintext, int offset, int length)
            throws InterruptedException {
        byte[] wire = new byte[wireLength(length)];
        encryptInto(position, salt, plaintext, offset, length, wire);
        return wire;
    }

    /** Encrypts one segment at {@code position} with a fresh random salt into {@code wire}; returns the wire length. */
    public int encryptInto(SegmentPosition position, byte[] plaintext, int offset, int length, byte[] wire)
            throws InterruptedException {
        byte[] salt = new byte[SegmentHeader.SALT_SIZE_IN_BYTES];
        RANDOM.nextBytes(salt);
        return encryptInto(position, salt, plaintext, offset, length, wire);
    }

    @Override
    public int wireLength(int plaintextLength) {
        if (plaintextLength < 0 || plaintextLength > MAX_SEGMENT_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a segment holds 0 to " + MAX_SEGMENT_PLAINTEXT_BYTES
                    + " bytes of plaintext, got " + plaintextLength);
        }
        return SegmentCodec.wireLength(options.frameSizeBytes(), plaintextLength);
    }

    private int encryptInto(
            SegmentPosition position, byte[] salt, byte[] plaintext, int offset, int length, byte[] wire)
            throws InterruptedException {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        int wireLength = wireLength(length);
        Objects.checkFromIndexSize(0, wireLength, wire.length);
        SegmentStats stats;
        enter();
        try {
            long start = System.nanoTime();
            SegmentEvent event = new SegmentEvent();
            event.begin();
            codec.encrypt(options.suite(), options.frameSizeBytes(), position, salt, plaintext, offset, length, wire);
            stats = report(
                    event,
                    start,
                    SegmentStats.Operation.ENCRYPT,
                    position.segmentIndex(),
                    new SegmentLayout(options.frameSizeBytes(), length),
                    wireLength,
                    options.suite());
        } finally {
            exit();
        }
        options.statsListener().accept(stats); // after exit(): a listener may even close this cipher
        return wireLength;
    }

    @Override
    public byte[] decrypt(byte[] wire) throws InvalidCiphertextException, InterruptedException {
        Objects.requireNonNull(wire, "wire");
        return decrypt(
                        wire,
                        0,
                        wire.length,
                        header -> {
                            if (!header.isFinal() || header.segmentIndex() != 0) {
                                throw new MalformedCiphertextException("segment " + header.segmentIndex()
                                        + ": this segment belongs to a stream; decrypt it through the stream API");
                            }
                        },
                        null)
                .plaintext();
    }

    /**
     * Decrypts the segment in {@code wire[offset, offset + length)} after {@code expected} accepts
     * its header, into {@code out} when it is large enough (a new array otherwise, or when null).
     */
    public SegmentCodec.Decrypted decrypt(
            byte[] wire, int offset, int length, SegmentCodec.HeaderCheck expected, byte[] out)
            throws InvalidCiphertextException, InterruptedException {
        Objects.checkFromIndexSize(offset, length, wire.length);
        SegmentCodec.Decrypted segment;
        SegmentStats stats;
        enter();
        try {
            long start = System.nanoTime();
            SegmentEvent event = new SegmentEvent();
            event.begin();
            segment = codec.decrypt(wire, offset, length, expected, out);
            SegmentHeader header = segment.header();
            stats = report(
                    event,
                    start,
                    SegmentStats.Operation.DECRYPT,
                    header.segmentIndex(),
                    header.layout(),
                    length,
                    header.suite());
        } finally {
            exit();
        }
        options.statsListener().accept(stats);
        return segment;
    }

    /** Commits the JFR event and {@return the statistics of one finished segment operation} */
    private SegmentStats report(
            SegmentEvent event,
            long start,
            SegmentStats.Operation operation,
            long segmentIndex,
            SegmentLayout layout,
            long wireBytes,
            Suite suite) {
        int frames = layout.dataFrames();
        long plaintextBytes = layout.plaintextLength();
        event.end();
        if (event.shouldCommit()) {
            event.operation = operation.name();
            event.segmentIndex = segmentIndex;
            event.plaintextBytes = plaintextBytes;
            event.wireBytes = wireBytes;
            event.dataFrames = frames;
            event.engine = engine.name();
            event.provider = providerName(suite);
            event.commit();
        }
        return new SegmentStats(
                operation,
                segmentIndex,
                plaintextBytes,
                wireBytes,
                frames,
                Duration.ofNanos(System.nanoTime() - start),
                engine.name(),
                providerName(suite));
    }

    @Override
    public String engineName() {
        return engine.name();
    }

    @Override
    public String providerName(Suite suite) {
        return providers.get(suite).getName();
    }

    /** {@return the Argon2id salt of the key, or null when the key did not come from a passphrase} */
    public byte[] passphraseSalt() {
        return passphraseSalt == null ? null : passphraseSalt.clone();
    }

    /** {@return the Argon2id cost of the key, or null when the key did not come from a passphrase} */
    public dev.segcrypt.PassphraseParams passphraseParams() {
        return passphraseParams;
    }

    /** {@return the stream header tag of {@code taggedPrefix} under this cipher's key} */
    public byte[] streamHeaderTag(byte[] streamId, byte[] taggedPrefix) {
        enter();
        try {
            return dev.segcrypt.internal.crypto.KeySchedule.streamHeaderTag(masterKey, streamId, taggedPrefix);
        } finally {
            exit();
        }
    }

    /** {@return the options this cipher was made with} */
    public Options options() {
        return options;
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
        carriers.close();
        Arrays.fill(masterKey, (byte) 0);
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
