package dev.segcrypt.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Reads segcrypt files as their verified segments: one record per segment, keyed by the segment's
 * index in its file, with its plaintext as the value. A task reads exactly the bytes of its split.
 * The key comes from the key file that {@value KeyReference#KEY_FILE} names.
 *
 * {@snippet :
 * Configuration conf = new Configuration(sc.hadoopConfiguration());
 * conf.set(KeyReference.KEY_FILE, "hdfs:///keys/logs.key");
 * JavaPairRDD<LongWritable, BytesWritable> segments = sc.newAPIHadoopFile(
 *         "s3a://bucket/logs/*.segcrypt", SegcryptInputFormat.class, LongWritable.class, BytesWritable.class, conf);
 * }
 *
 * A segment that does not verify (altered, truncated, misplaced, not final at the end, followed by
 * trailing bytes) fails its task with the file and the segment index; no unverified byte reaches
 * the records.
 */
public final class SegcryptInputFormat extends SegcryptFileInputFormat<LongWritable, BytesWritable> {

    @Override
    public RecordReader<LongWritable, BytesWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    /** The segments of one split, from the first that begins in it to the first that begins after it. */
    private static final class Reader extends RecordReader<LongWritable, BytesWritable> {

        private SegmentSequence sequence;
        private long first;
        private long end; // exclusive
        private LongWritable key;
        private BytesWritable value;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            SegmentSplit segmentSplit = (SegmentSplit) split;
            Configuration conf = context.getConfiguration();
            sequence = SegmentSequence.open(segmentSplit, conf);
            first = sequence.nextIndex();
            end = sequence.segments().firstAtOrAfter(segmentSplit.getStart() + segmentSplit.getLength());
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (sequence.nextIndex() >= end) {
                return false;
            }
            // fresh objects, not reused ones: records may be kept (collect, cache) without a copy
            key = new LongWritable(sequence.nextIndex());
            value = new BytesWritable(sequence.next());
            return true;
        }

        @Override
        public LongWritable getCurrentKey() {
            return key;
        }

        @Override
        public BytesWritable getCurrentValue() {
            return value;
        }

        @Override
        public float getProgress() {
            return end == first ? 1f : (float) (sequence.nextIndex() - first) / (end - first);
        }

        @Override
        public void close() throws IOException {
            if (sequence != null) {
                sequence.close();
            }
        }
    }
}
