package dev.segcrypt.spark;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.util.LineReader;

/**
 * Reads segcrypt files as lines of text: one record per line (without its line terminator, {@code
 * \n}, {@code \r} or {@code \r\n}), keyed by the line's plaintext offset in its file, as Hadoop's
 * {@code TextInputFormat} reads plain files. Lines that cross segment and split boundaries are read
 * by the rule of {@code TextInputFormat}: a split whose plaintext starts at {@code s > 0} skips
 * through its first line terminator, and every split reads the lines that start at or before its
 * plaintext end {@code e}, reading verified segments past its split as far as the last such line
 * goes. So a line starting at {@code p} belongs to the split with {@code s < p <= e} (the first
 * split also to {@code p = 0}), and each line is read exactly once.
 *
 * <p>Like {@link SegcryptInputFormat}, it releases only verified plaintext and fails the task with
 * the file and segment index when a segment does not verify.
 */
public final class SegcryptTextInputFormat extends SegcryptFileInputFormat<LongWritable, Text> {

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    private static final class Reader extends RecordReader<LongWritable, Text> {

        private SegmentSequence sequence;
        private LineReader lines;
        private long start; // plaintext offset of the split's first segment
        private long end; // plaintext offset of the first segment after the split
        private long position; // plaintext offset of the next line
        private LongWritable key;
        private Text value;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            SegmentSplit segmentSplit = (SegmentSplit) split;
            sequence = SegmentSequence.open(segmentSplit, context.getConfiguration());
            long segmentSize = sequence.segments().segmentSizeBytes();
            start = sequence.nextIndex() * segmentSize;
            end = sequence.segments().firstAtOrAfter(segmentSplit.getStart() + segmentSplit.getLength()) * segmentSize;
            lines = new LineReader(new PlaintextStream(sequence), context.getConfiguration());
            position = start;
            if (start != 0) {
                // the line in progress at the start belongs to the split before (which reads past its end)
                position += lines.readLine(new Text(), 0, Integer.MAX_VALUE);
            }
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (position > end) {
                return false;
            }
            Text line = new Text();
            int consumed = lines.readLine(line, Integer.MAX_VALUE, Integer.MAX_VALUE);
            if (consumed == 0) {
                return false; // the end of the file's plaintext
            }
            key = new LongWritable(position);
            value = line;
            position += consumed;
            return true;
        }

        @Override
        public LongWritable getCurrentKey() {
            return key;
        }

        @Override
        public Text getCurrentValue() {
            return value;
        }

        @Override
        public float getProgress() {
            return end == start ? 1f : Math.min(1f, (float) (position - start) / (end - start));
        }

        @Override
        public void close() throws IOException {
            if (sequence != null) {
                sequence.close();
            }
        }
    }

    /**
     * The plaintext of a file's segments from the split's first on, as one stream. The next segment
     * is read and verified only when a read finds the current one used up, so a line reader reads
     * past its split only as far as its last line goes.
     */
    private static final class PlaintextStream extends InputStream {

        private final SegmentSequence sequence;
        private byte[] segment = new byte[0];
        private int offset;

        PlaintextStream(SegmentSequence sequence) {
            this.sequence = sequence;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int from, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (offset == segment.length) {
                byte[] next = sequence.next();
                if (next == null) {
                    return -1;
                }
                segment = next;
                offset = 0;
            }
            int n = Math.min(length, segment.length - offset);
            System.arraycopy(segment, offset, into, from, n);
            offset += n;
            return n;
        }
    }
}
