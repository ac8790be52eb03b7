package dev.segcrypt.spark;

import dev.segcrypt.StreamInfo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A byte range of a segcrypt file that begins and ends at segment boundaries, with the file's
 * stream header and length as the driver read them: a task reads exactly its range and no other
 * byte of the file. The header is not secret (anyone can read it without a key) and the task
 * authenticates it with the key before trusting it.
 */
public final class SegmentSplit extends FileSplit {

    private byte[] streamHeader; // written once: by the constructor, or by readFields before use
    private long streamLength;

    /** For Hadoop's deserialization only. */
    public SegmentSplit() {}

    SegmentSplit(Path file, long start, long length, String[] hosts, byte[] streamHeader, long streamLength) {
        super(file, start, length, hosts);
        this.streamHeader = streamHeader.clone();
        this.streamLength = streamLength;
    }

    /** {@return the file's first {@value StreamInfo#HEADER_SIZE_IN_BYTES} bytes} */
    byte[] streamHeader() {
        return streamHeader.clone();
    }

    /** {@return the file's length when the job was planned} */
    long streamLength() {
        return streamLength;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        super.write(out);
        out.write(streamHeader);
        out.writeLong(streamLength);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        super.readFields(in);
        streamHeader = new byte[StreamInfo.HEADER_SIZE_IN_BYTES];
        in.readFully(streamHeader);
        streamLength = in.readLong();
    }

    @Override
    public String toString() {
        return super.toString() + " of a " + streamLength + "-byte segcrypt stream";
    }
}
