package dev.segcrypt.spark;

import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegmentCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Writes each output part as its own segcrypt stream, {@code part-r-NNNNN.segcrypt}, which the
 * command line and the library decrypt as any other (docs/adr/0008-spark-output-format.md). Keys
 * are ignored; a {@link BytesWritable} value is written as its bytes, any other value as its text
 * followed by a line feed (so {@link Text} values make a file of lines). The key comes from the key
 * file that {@value KeyReference#KEY_FILE} names; segments are {@value KeyReference#SEGMENT_SIZE}
 * bytes when set.
 *
 * {@snippet :
 * lines.mapToPair(line -> new Tuple2<>(NullWritable.get(), new Text(line)))
 *         .saveAsNewAPIHadoopFile(dir, NullWritable.class, Text.class, SegcryptOutputFormat.class, conf);
 * }
 *
 * <p>Hadoop's output committer publishes the parts of successful tasks only, so a part that a
 * failed task left incomplete never appears in the output directory.
 *
 * @param <K> the record key (ignored)
 * @param <V> the record value
 */
public final class SegcryptOutputFormat<K, V> extends FileOutputFormat<K, V> {

    /** The extension of every part. */
    public static final String EXTENSION = ".segcrypt";

    @Override
    public void checkOutputSpecs(JobContext job) throws IOException {
        KeyReference.keyFile(job.getConfiguration()); // fail on the driver rather than in every task
        super.checkOutputSpecs(job);
    }

    @Override
    public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path file = getDefaultWorkFile(context, EXTENSION);
        SegmentCipher cipher = KeyReference.openCipher(context.getConfiguration());
        try {
            OutputStream out = file.getFileSystem(context.getConfiguration()).create(file, false);
            try {
                return new Writer<>(cipher, Segcrypt.newEncryptingStream(cipher, out));
            } catch (RuntimeException e) {
                try {
                    out.close(); // no writer owns it yet
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            cipher.close();
            throw e;
        }
    }

    private static final class Writer<K, V> extends RecordWriter<K, V> {

        private final SegmentCipher cipher;
        private final OutputStream stream;

        Writer(SegmentCipher cipher, OutputStream stream) {
            this.cipher = cipher;
            this.stream = stream;
        }

        @Override
        public void write(K key, V value) throws IOException {
            if (value instanceof BytesWritable bytes) {
                stream.write(bytes.getBytes(), 0, bytes.getLength());
            } else if (value instanceof Text text) {
                stream.write(text.getBytes(), 0, text.getLength());
                stream.write('\n');
            } else {
                stream.write(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                stream.write('\n');
            }
        }

        @Override
        public void close(TaskAttemptContext context) throws IOException {
            try {
                stream.close(); // writes the final segment
            } finally {
                cipher.close();
            }
        }
    }
}
