package dev.segcrypt.spark;

import dev.segcrypt.Options;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegcryptKey;
import dev.segcrypt.SegmentCipher;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where a task finds its key: the Hadoop configuration carries only the path of a key file
 * ({@value #KEY_FILE}), never the key, and each task reads the file itself, on its executor,
 * through Hadoop's file systems (a local path present on every node, HDFS, or an object store).
 * Configuration values and closures are serialized into task descriptions, event logs and the web
 * UI's environment page; a path there reveals nothing (docs/distributed.md).
 *
 * <p>The file is a segcrypt key file (docs/wire-format.md, "Key file"), as {@code segcrypt keygen}
 * writes it.
 */
public final class KeyReference {

    /** The Hadoop configuration entry that names the key file. */
    public static final String KEY_FILE = "segcrypt.key.file";
    /** The Hadoop configuration entry for the plaintext bytes per segment that writers use. */
    public static final String SEGMENT_SIZE = "segcrypt.segment.size";

    private KeyReference() {}

    /**
     * {@return the key the key file named by {@code conf} holds} The caller destroys it.
     *
     * @throws IOException if {@value #KEY_FILE} is not set, or the file cannot be read or is not a
     *     segcrypt key file; the message names the path, never the content
     */
    public static SegcryptKey resolve(Configuration conf) throws IOException {
        String name = keyFile(conf);
        Path path = new Path(name);
        byte[] content;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            content = in.readNBytes(SegcryptKey.MAX_KEY_FILE_SIZE_IN_BYTES + 1);
        } catch (IOException e) {
            throw new IOException("cannot read the key file " + name + ": " + e.getMessage(), e);
        }
        try {
            return parse(content, name);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Parses a key file by the rules of docs/wire-format.md, "Key file". */
    static SegcryptKey parse(byte[] content, String name) throws IOException {
        try {
            return SegcryptKey.fromKeyFile(content);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + " is " + e.getMessage() + " (make one with: segcrypt keygen -o FILE)");
        }
    }

    /**
     * {@return a cipher for one task, with the key of the key file {@code conf} names} One crypto
     * carrier: Spark already runs one task per core. Segments of the size {@value #SEGMENT_SIZE} gives when
     * set (encryption only; readers take the size from the stream), the library's default otherwise.
     */
    static SegmentCipher openCipher(Configuration conf) throws IOException {
        Options options = Options.defaults().withCarriers(1);
        int segmentSize = conf.getInt(SEGMENT_SIZE, 0);
        if (segmentSize > 0) {
            options = options.withSegmentSize(segmentSize);
        }
        SegcryptKey key = resolve(conf);
        try {
            return Segcrypt.newSegmentCipher(key, options);
        } finally {
            key.destroy();
        }
    }

    /**
     * {@return the key file's path as configured}
     *
     * @throws IOException if none is: checked on the driver too, before any task starts
     */
    static String keyFile(Configuration conf) throws IOException {
        String name = conf.get(KEY_FILE);
        if (name == null || name.isBlank()) {
            throw new IOException("no key: set the Hadoop configuration entry " + KEY_FILE
                    + " to the path of a segcrypt key file readable on every executor");
        }
        return name;
    }
}
