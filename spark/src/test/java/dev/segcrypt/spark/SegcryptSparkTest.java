package dev.segcrypt.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segcrypt.SegcryptKey;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * The input and output formats on an embedded Spark ({@code local[2]}): files made by the library
 * are read in several splits, each segment exactly once and each task reading only its split;
 * damage fails the job naming the file and the segment; parts written by Spark decrypt with the
 * library. Files are made and decrypted with the library calls that {@code ./segcrypt encrypt} and
 * {@code decrypt} make, not by the command line itself, which this module does not depend on;
 * {@code spark/run-example} runs the command line (docs/distributed.md, "Running it").
 *
 * <p>Files have segments of {@value #S} bytes in frames of {@value #F} bytes, so a full segment is
 * {@value #FULL_WIRE} bytes on the wire (docs/wire-format.md).
 */
class SegcryptSparkTest {

    private static final int S = 64 * 1024;
    private static final int F = S / 4;
    private static final int HEADER = 96;
    /** Segment header, 4 data frames with their tags, digest frame, terminator frame. */
    private static final int FULL_WIRE = 108 + S + 4 * 16 + 48 + 32;
    /** The final segment of {@value #LAST} bytes: one data frame. */
    private static final int LAST = 1000;

    private static final int LAST_WIRE = 108 + LAST + 16 + 48 + 32;
    /** Ten full segments and a short final one. */
    private static final int SEGMENTS = 11;

    private static final int FILE_LENGTH = HEADER + 10 * FULL_WIRE + LAST_WIRE;

    private static final SegcryptKey KEY = SegcryptKey.generate();
    private static final byte[] PLAINTEXT = random(10 * S + LAST);

    @TempDir
    static Path dir;

    private static JavaSparkContext spark;
    private static Path keyFile;

    @BeforeAll
    static void startSpark() throws IOException {
        spark = SparkTestSupport.localSpark();
        keyFile = SparkTestSupport.writeKeyFile(KEY, dir.resolve("test.key"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        KEY.destroy();
    }

    @Test
    void read_severalSplits_everySegmentOnceAndEachTaskReadsItsSplit() throws Exception {
        // given
        Path file = SparkTestSupport.encrypt(KEY, PLAINTEXT, S, dir.resolve("eleven.segcrypt"));
        assertThat(Files.size(file)).isEqualTo(FILE_LENGTH);
        Configuration conf = conf(3 * FULL_WIRE);
        List<Long> splitLengths = splitLengths(file, conf);
        TaskBytes taskBytes = new TaskBytes();
        spark.sc().addSparkListener(taskBytes);

        // when
        List<Tuple2<Long, byte[]>> segments;
        try {
            segments = segments(file, conf).collect();
            spark.sc().listenerBus().waitUntilEmpty();
        } finally {
            spark.sc().removeSparkListener(taskBytes);
        }

        // then: each segment once, in order, with its plaintext
        assertThat(segments).extracting(Tuple2::_1).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(concat(segments)).isEqualTo(PLAINTEXT);
        // then: whole segments per split, the splits tile the file after its header
        assertThat(splitLengths).hasSizeGreaterThan(2);
        assertThat(splitLengths.stream().mapToLong(Long::longValue).sum()).isEqualTo(FILE_LENGTH - HEADER);
        assertThat(splitLengths.subList(0, splitLengths.size() - 1)).allMatch(length -> length % FULL_WIRE == 0);
        assertThat(splitLengths.getLast() % FULL_WIRE).isEqualTo(LAST_WIRE);
        // then: a task reads its split and the key file, nothing else
        long keyFileBytes = Files.size(keyFile);
        assertThat(taskBytes.sorted())
                .isEqualTo(splitLengths.stream()
                        .map(length -> length + keyFileBytes)
                        .sorted()
                        .toList());
    }

    @Test
    void read_flippedByte_failsOnlyItsSegmentByIndex() throws Exception {
        // given: one byte of segment 7 flipped
        Path file = SparkTestSupport.encrypt(KEY, PLAINTEXT, S, dir.resolve("flipped.segcrypt"));
        flip(file, HEADER + 7L * FULL_WIRE + 5000);
        Configuration conf = conf(2 * FULL_WIRE);

        // when: each partition reports what it read, and how it failed
        List<String> outcomes = new ArrayList<>(segments(file, conf)
                .mapPartitions(records -> {
                    List<String> out = new ArrayList<>();
                    try {
                        records.forEachRemaining(r -> out.add("segment " + r._1()));
                    } catch (Exception e) { // the reader's IOException, passed through Scala's iterator
                        out.add("failed: " + e.getMessage());
                    }
                    return out.iterator();
                })
                .collect());

        // then: the split of segments 6 and 7 delivers 6 and fails at 7; every other segment is read
        assertThat(outcomes).hasSize(SEGMENTS);
        assertThat(outcomes.get(7))
                .startsWith("failed: file:" + file + ": segment 7, data frame 0")
                .contains("authentication failed");
        outcomes.remove(7);
        assertThat(outcomes)
                .containsExactly(
                        "segment 0",
                        "segment 1",
                        "segment 2",
                        "segment 3",
                        "segment 4",
                        "segment 5",
                        "segment 6",
                        "segment 8",
                        "segment 9",
                        "segment 10");
        assertThatThrownBy(() -> segments(file, conf).count()).hasMessageContaining(file + ": segment 7,");
    }

    @Test
    void read_truncatedInsideTheLastSegment_failsTheJobWithFileAndSegment() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, PLAINTEXT, S, dir.resolve("truncated.segcrypt"));
        truncate(file, FILE_LENGTH - 10);

        assertThatThrownBy(() -> segments(file, conf(3 * FULL_WIRE)).count())
                .hasMessageContaining(file + ": segment 10: the stream ends after " + (LAST_WIRE - 10) + " of its "
                        + LAST_WIRE + " bytes (truncated)");
    }

    @Test
    void read_finalSegmentMissing_failsTheJobWithFileAndSegment() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, PLAINTEXT, S, dir.resolve("unfinished.segcrypt"));
        truncate(file, HEADER + 10 * FULL_WIRE);

        assertThatThrownBy(() -> segments(file, conf(3 * FULL_WIRE)).count())
                .hasMessageContaining(file + ": the stream ends after segment 9 without a final segment (truncated)");
    }

    @Test
    void read_trailingBytes_failsTheJobWithFileAndSegment() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, PLAINTEXT, S, dir.resolve("trailing.segcrypt"));
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> segments(file, conf(3 * FULL_WIRE)).count())
                .hasMessageContaining(file + ": unexpected bytes after the final segment 10");
    }

    @Test
    void read_emptyPlaintext_givesOneEmptySegmentAndNoLine() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, new byte[0], S, dir.resolve("empty.segcrypt"));

        List<Tuple2<Long, byte[]>> segments =
                segments(file, conf(3 * FULL_WIRE)).collect();

        assertThat(segments).hasSize(1);
        assertThat(segments.getFirst()._2()).isEmpty();
        assertThat(lines(file, conf(3 * FULL_WIRE)).collect()).isEmpty();
    }

    @Test
    void read_oneSegment_givesIt() throws Exception {
        byte[] plaintext = Arrays.copyOf(PLAINTEXT, LAST);
        Path file = SparkTestSupport.encrypt(KEY, plaintext, S, dir.resolve("one.segcrypt"));

        List<Tuple2<Long, byte[]>> segments =
                segments(file, conf(3 * FULL_WIRE)).collect();

        assertThat(segments).hasSize(1);
        assertThat(segments.getFirst()._2()).isEqualTo(plaintext);
    }

    @Test
    void readLines_linesAcrossSegmentsAndSplits_eachLineOnceWithItsOffset() throws Exception {
        // given: lines of 0 to 3 segments' length, some ending right at a segment boundary
        StringBuilder text = new StringBuilder();
        SplittableRandom random = new SplittableRandom(7);
        while (text.length() < 12 * S) {
            int length = random.nextInt(10) == 0 ? random.nextInt(3 * S) : random.nextInt(200);
            if (random.nextInt(5) == 0) {
                length = S - 1 - text.length() % S; // the line feed is the segment's last byte
            }
            text.append("x".repeat(Math.max(0, length))).append('\n');
        }
        text.append("no line feed at the end");
        byte[] plaintext = text.toString().getBytes(StandardCharsets.US_ASCII);
        Path file = SparkTestSupport.encrypt(KEY, plaintext, S, dir.resolve("lines.segcrypt"));

        // when: one split per segment
        List<Tuple2<Long, String>> lines = lines(file, conf(FULL_WIRE)).collect();

        // then
        List<Tuple2<Long, String>> expected = new ArrayList<>();
        long offset = 0;
        for (String line : text.toString().split("\n", -1)) {
            expected.add(new Tuple2<>(offset, line));
            offset += line.length() + 1;
        }
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void write_partsDecryptWithTheLibraryAndReadBackAsLines() throws Exception {
        // given: 3 partitions, the last one empty
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            lines.add("line " + i + " " + "y".repeat(i % 50));
        }
        Configuration conf = conf(4 * 1024);
        conf.setInt(KeyReference.SEGMENT_SIZE, 4 * 1024);
        Path out = dir.resolve("written");
        JavaRDD<String> rdd = spark.parallelize(lines, 2).repartition(2).union(spark.parallelize(List.<String>of(), 1));

        // when
        rdd.mapToPair(line -> new Tuple2<>(NullWritable.get(), new Text(line)))
                .saveAsNewAPIHadoopFile(
                        out.toString(), NullWritable.class, Text.class, SegcryptOutputFormat.class, conf);

        // then: each part is a stream of its partition's lines
        List<Path> parts;
        try (Stream<Path> files = Files.list(out)) {
            parts = files.filter(p -> p.toString().endsWith(".segcrypt"))
                    .sorted()
                    .toList();
        }
        assertThat(parts).hasSize(3);
        List<String> partitions = rdd.glom()
                .map(p -> String.join("", p.stream().map(l -> l + "\n").toList()))
                .collect();
        for (int i = 0; i < parts.size(); i++) {
            assertThat(new String(SparkTestSupport.decrypt(KEY, parts.get(i)), StandardCharsets.UTF_8))
                    .as("part %d", i)
                    .isEqualTo(partitions.get(i));
        }
        assertThat(Files.size(parts.get(0))).isGreaterThan(4L * FULL_WIRE / 16); // several segments
        // then: read back in small splits, every line once
        List<String> readBack =
                lines(out.resolve("*.segcrypt"), conf).map(Tuple2::_2).collect();
        List<String> sortedLines = new ArrayList<>(lines);
        Collections.sort(sortedLines);
        assertThat(readBack.stream().sorted().toList()).isEqualTo(sortedLines);
    }

    @Test
    void read_noKeyFileConfigured_failsOnTheDriverNamingTheSetting() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, Arrays.copyOf(PLAINTEXT, 10), S, dir.resolve("nokey.segcrypt"));
        Configuration conf = new Configuration(spark.hadoopConfiguration());

        assertThatThrownBy(() -> segments(file, conf).count())
                .hasMessageContaining("no key: set the Hadoop configuration entry segcrypt.key.file");
    }

    @Test
    void read_wrongKey_failsTheTaskNamingTheFile() throws Exception {
        Path file = SparkTestSupport.encrypt(KEY, Arrays.copyOf(PLAINTEXT, 10), S, dir.resolve("otherkey.segcrypt"));
        SegcryptKey other = SegcryptKey.generate();
        Configuration conf = conf(3 * FULL_WIRE);
        conf.set(
                KeyReference.KEY_FILE,
                SparkTestSupport.writeKeyFile(other, dir.resolve("other.key")).toString());
        other.destroy();

        assertThatThrownBy(() -> segments(file, conf).count())
                .hasMessageContaining(file + ": the stream header does not match the key");
    }

    // ---------------------------------------------------------------- helpers

    /** A Hadoop configuration with the key file and byte-range splits of at most {@code maxSplitBytes}. */
    private static Configuration conf(long maxSplitBytes) {
        Configuration conf = new Configuration(spark.hadoopConfiguration());
        conf.set(KeyReference.KEY_FILE, keyFile.toString());
        conf.setLong(FileInputFormat.SPLIT_MAXSIZE, maxSplitBytes);
        return conf;
    }

    /** The segments of {@code file} as (index, plaintext): Writables are not serializable. */
    private static JavaRDD<Tuple2<Long, byte[]>> segments(Path file, Configuration conf) {
        JavaPairRDD<LongWritable, BytesWritable> rdd = spark.newAPIHadoopFile(
                file.toString(), SegcryptInputFormat.class, LongWritable.class, BytesWritable.class, conf);
        return rdd.map(r -> new Tuple2<>(r._1().get(), r._2().copyBytes()));
    }

    private static JavaRDD<Tuple2<Long, String>> lines(Path file, Configuration conf) {
        JavaPairRDD<LongWritable, Text> rdd = spark.newAPIHadoopFile(
                file.toString(), SegcryptTextInputFormat.class, LongWritable.class, Text.class, conf);
        return rdd.map(r -> new Tuple2<>(r._1().get(), r._2().toString()));
    }

    /** {@return the lengths of the splits the input format makes of {@code file}, in file order} */
    private static List<Long> splitLengths(Path file, Configuration conf) throws IOException, InterruptedException {
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(file.toString()));
        List<Long> lengths = new ArrayList<>();
        for (InputSplit split : new SegcryptInputFormat().getSplits(job)) {
            lengths.add(split.getLength());
        }
        return lengths;
    }

    /** Records every finished task's input bytes. */
    private static final class TaskBytes extends SparkListener {
        private final List<Long> bytes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            bytes.add(taskEnd.taskMetrics().inputMetrics().bytesRead());
        }

        List<Long> sorted() {
            return bytes.stream().sorted().toList();
        }
    }

    private static byte[] concat(List<Tuple2<Long, byte[]>> segments) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        segments.forEach(s -> out.writeBytes(s._2()));
        return out.toByteArray();
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 1);
        }
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(2026).nextBytes(bytes);
        return bytes;
    }
}
