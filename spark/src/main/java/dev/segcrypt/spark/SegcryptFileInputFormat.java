package dev.segcrypt.spark;

import dev.segcrypt.InvalidCiphertextException;
import dev.segcrypt.Segcrypt;
import dev.segcrypt.StreamInfo;
import dev.segcrypt.StreamSegments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Splits segcrypt files at segment boundaries: Hadoop's byte-range splits (block size, or {@code
 * mapreduce.input.fileinputformat.split.maxsize}), each moved to the first segment that begins at
 * or after its start, so that every segment falls in exactly one split. The driver reads each
 * file's 96-byte stream header (no key needed) and its length; the splits carry them to the tasks,
 * which read exactly their splits' bytes.
 *
 * <p>A file shorter than a stream header, or without any segment after it, fails the job here,
 * naming the file; every other check (the key, each segment, truncation, the final segment,
 * trailing bytes) happens in the tasks, segment by segment.
 *
 * @param <K> the record key
 * @param <V> the record value
 */
public abstract class SegcryptFileInputFormat<K, V> extends FileInputFormat<K, V> {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return true;
    }

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
        Configuration conf = job.getConfiguration();
        KeyReference.keyFile(conf); // fail on the driver rather than in every task
        Map<Path, PlannedStream> streams = new HashMap<>();
        List<InputSplit> aligned = new ArrayList<>();
        for (InputSplit split : super.getSplits(job)) {
            FileSplit bytes = (FileSplit) split;
            PlannedStream stream = streams.get(bytes.getPath());
            if (stream == null) {
                stream = PlannedStream.read(bytes.getPath(), conf);
                streams.put(bytes.getPath(), stream);
            }
            StreamSegments segments = stream.segments();
            long first = segments.firstAtOrAfter(bytes.getStart());
            long end = segments.firstAtOrAfter(bytes.getStart() + bytes.getLength());
            if (first < end) {
                long start = segments.offset(first);
                long stop = end < segments.count() ? segments.offset(end) : segments.streamLength();
                aligned.add(new SegmentSplit(
                        bytes.getPath(),
                        start,
                        stop - start,
                        bytes.getLocations(),
                        stream.header(),
                        segments.streamLength()));
            }
        }
        return aligned;
    }

    /** A file's stream header and layout, as the driver reads them without a key. */
    private record PlannedStream(byte[] header, StreamSegments segments) {

        static PlannedStream read(Path file, Configuration conf) throws IOException {
            FileSystem fs = file.getFileSystem(conf);
            long length = fs.getFileStatus(file).getLen();
            byte[] header;
            try (InputStream in = fs.open(file)) {
                header = in.readNBytes(StreamInfo.HEADER_SIZE_IN_BYTES);
            }
            StreamInfo info;
            try {
                info = Segcrypt.readStreamInfo(new ByteArrayInputStream(header));
            } catch (InvalidCiphertextException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            StreamSegments segments = StreamSegments.of(info, length);
            if (segments.count() == 0) {
                throw new IOException(file + ": the stream ends after its header without any segment (truncated)");
            }
            return new PlannedStream(header, segments);
        }
    }
}
