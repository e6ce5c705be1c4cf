package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segment.common.testkit.MiniClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range-partitioned rows come out as one file sorted by (id, line), also when every writer spills
 * many sorted runs to disk and merges them, and with an empty range.
 */
class SortedCsvSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(4);

    @Test
    void spilledRunsMergeIntoOneSortedFile(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // ids 100..899 (three digits sort as numbers), repeated ids with different lines
            rows.add((100 + random.nextInt(800)) + ",v" + random.nextInt(50));
        }
        Collections.shuffle(rows, random);
        StreamExecutionEnvironment env = MiniClusters.batch(4);
        Path file = dir.resolve("out.csv");
        env.fromData(rows)
                .rebalance()
                // ranges by id: 100-299, 300-599, nothing, 600-899
                .partitionCustom(
                        (Partitioner<Integer>) (id, n) -> id < 300 ? 0 : id < 600 ? 1 : 3,
                        line -> Integer.parseInt(line.substring(0, 3)))
                .sinkTo(
                        new SortedCsvSink<String>(
                                file, "id,value", line -> line.substring(0, 3), line -> line, 7))
                .setParallelism(4);
        env.execute("sorted-csv-sink");
        List<String> expected = new ArrayList<>(rows);
        expected.sort(null); // equal ids: by the whole line, as the sink orders them
        expected.add(0, "id,value");
        assertEquals(expected, Files.readAllLines(file));
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> !p.equals(file)), "parts, runs and markers are removed");
        }
    }
}
