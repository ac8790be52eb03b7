package dev.segcrypt.spark.example;

import dev.segcrypt.spark.KeyReference;
import dev.segcrypt.spark.SegcryptInputFormat;
import dev.segcrypt.spark.SegcryptOutputFormat;
import dev.segcrypt.spark.SegcryptTextInputFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A Spark job on segcrypt files, run by {@code spark/run-example} on a local Spark or by {@code
 * spark-submit} on a cluster (docs/distributed.md).
 *
 * <pre>
 * lines    KEYFILE INPUT OUTPUT   counts the lines and words of INPUT; writes "word count" lines,
 *                                 encrypted, to the directory OUTPUT
 * segments KEYFILE INPUT          reads and verifies every segment of INPUT: plaintext throughput
 * </pre>
 *
 * Options (before the command): {@code --split-bytes N} caps the bytes of a split (Hadoop's block
 * size otherwise). The master comes from {@code spark-submit}, or {@code local[*]} when run
 * directly; {@code -Dspark.master=local[2]} chooses another.
 */
public final class ExampleJob {

    private ExampleJob() {}

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        long splitBytes = 0;
        if (rest.size() >= 2 && rest.getFirst().equals("--split-bytes")) {
            splitBytes = Long.parseLong(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() < 3
                || !(rest.getFirst().equals("lines") && rest.size() == 4
                        || rest.getFirst().equals("segments") && rest.size() == 3)) {
            System.err.println("usage: ExampleJob [--split-bytes N] lines KEYFILE INPUT OUTPUT\n"
                    + "       ExampleJob [--split-bytes N] segments KEYFILE INPUT");
            System.exit(2);
        }
        SparkConf sparkConf = new SparkConf().setAppName("segcrypt example").setIfMissing("spark.master", "local[*]");
        try (JavaSparkContext spark = new JavaSparkContext(sparkConf)) {
            Configuration conf = new Configuration(spark.hadoopConfiguration());
            conf.set(KeyReference.KEY_FILE, rest.get(1)); // a path only: each task reads the key itself
            if (splitBytes > 0) {
                conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes);
            }
            if (rest.getFirst().equals("lines")) {
                lines(spark, conf, rest.get(2), rest.get(3));
            } else {
                segments(spark, conf, rest.get(2));
            }
        }
    }

    private static void lines(JavaSparkContext spark, Configuration conf, String input, String output) {
        JavaPairRDD<LongWritable, Text> lines =
                spark.newAPIHadoopFile(input, SegcryptTextInputFormat.class, LongWritable.class, Text.class, conf);
        long start = System.nanoTime();
        JavaPairRDD<String, Long> words = lines.flatMap(line -> List.of(
                                line._2().toString().toLowerCase(Locale.ROOT).split("\\W+"))
                        .iterator())
                .filter(word -> !word.isEmpty())
                .mapToPair(word -> new Tuple2<>(word, 1L))
                .reduceByKey(Long::sum)
                .cache();
        long lineCount = lines.count();
        long wordCount = words.values().fold(0L, Long::sum);
        words.sortByKey()
                .mapToPair(w -> new Tuple2<>(NullWritable.get(), new Text(w._1() + " " + w._2())))
                .saveAsNewAPIHadoopFile(output, NullWritable.class, Text.class, SegcryptOutputFormat.class, conf);
        System.out.printf(
                Locale.ROOT,
                "%s: %d lines, %d words (%d distinct) in %d input partitions; counts written encrypted to %s"
                        + " (%.1f s)%n",
                input,
                lineCount,
                wordCount,
                words.count(),
                lines.getNumPartitions(),
                output,
                (System.nanoTime() - start) / 1e9);
    }

    private static void segments(JavaSparkContext spark, Configuration conf, String input) {
        // -Drounds=N: the first round includes the JVM's warm-up (JIT compilation of the cipher)
        for (int round = 0; round < Integer.getInteger("rounds", 1); round++) {
            segmentsRound(spark, conf, input);
        }
    }

    private static void segmentsRound(JavaSparkContext spark, Configuration conf, String input) {
        JavaPairRDD<LongWritable, BytesWritable> segments =
                spark.newAPIHadoopFile(input, SegcryptInputFormat.class, LongWritable.class, BytesWritable.class, conf);
        long start = System.nanoTime();
        Tuple2<Long, Long> countAndBytes = segments.map(s -> new Tuple2<>(1L, (long) s._2().getLength()))
                .reduce((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%s: %d segments, %d plaintext bytes verified in %d splits by %s in %.2f s: %.0f MiB/s%n",
                input,
                countAndBytes._1(),
                countAndBytes._2(),
                segments.getNumPartitions(),
                spark.master(),
                seconds,
                countAndBytes._2() / seconds / (1 << 20));
    }
}
