package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.io.TransactionSource;
import dev.segment.common.io.TransactionStreams;
import dev.segment.common.model.CustomerRfm;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.jobs.testkit.FieldsEqual;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFM job reads CSV files from their bytes into its per-task aggregation; the result must be
 * the one of parsing every line as text first ({@link dev.segment.common.io.ParseTransactions}):
 * the same rows, the same dead letters with file, line and reason, the same counts. The file has
 * rows of every kind (plain, quoted with a line break inside, non-ASCII, CRLF, invalid, returns,
 * repeated) and is cut into many small splits, so readers start in the middle of it, at parallelism
 * 3.
 */
class CsvBytesITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(3);

    @TempDir Path tmp;

    private static List<String> lines(long seed) {
        Random random = new Random(seed);
        List<String> csv = new ArrayList<>();
        csv.add("customer_id,order_id,timestamp,amount,quantity,channel,category,consent");
        for (int i = 0; i < 6_000; i++) {
            String customer = "c" + random.nextInt(700);
            String order = "o" + (i / 2);
            String day = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(120)).toString();
            String amount = String.format(Locale.ROOT, "%.2f", random.nextInt(20_000) / 100.0);
            String line =
                    switch (random.nextInt(40)) {
                        case 0 -> customer + "," + order + "," + day + ",abc,1,online,books,";
                        case 1 -> "," + order + "," + day + "," + amount + ",1,online,books,";
                        case 2 -> customer + "," + order + ",2024-02-30," + amount + ",1,,,";
                        case 3 ->
                                customer
                                        + ",\"o,"
                                        + i
                                        + "\","
                                        + day
                                        + ","
                                        + amount
                                        + ",1,store,\"two\nlines\",true";
                        case 4 -> "Zoë" + random.nextInt(5) + "," + order + "," + day + ",5,1,,,";
                        case 5 -> customer + ",C" + i + "," + day + "," + amount + ",1,,,false";
                        case 6 -> customer + "," + order + "," + day + ",-" + amount + ",1,,,";
                        case 7 -> customer + "," + order + "," + day + "T10:00:00Z,1e2,2,web,,";
                        case 8 -> customer + "," + order + "," + day + "," + amount + ",1,mail,,";
                        case 9 -> customer + ",," + day + "," + amount + ",1,,,";
                        default ->
                                customer
                                        + ","
                                        + order
                                        + ","
                                        + day
                                        + ","
                                        + amount
                                        + ","
                                        + (1 + random.nextInt(3))
                                        + ",online,books,"
                                        + (random.nextInt(30) == 0 ? "yes" : "");
                    };
            csv.add(line);
            if (random.nextInt(25) == 0) {
                csv.add(line); // an identical row: kept and counted as a duplicate
            }
        }
        return csv;
    }

    private record Outcome(
            Map<String, CustomerRfm> rows, List<String> deadLetters, InputCounters.Counts counts) {}

    private Outcome run(TransactionSource source, RfmConfig config) throws Exception {
        StreamExecutionEnvironment env = MiniClusters.batch(3);
        CollectingSink<CustomerRfm> rows = new CollectingSink<>();
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        new RfmJob(source, config).withSink(rows).withDeadLetterSink(dead).build(env);
        JobExecutionResult result = env.execute("csv-bytes");
        Map<String, CustomerRfm> byId = new TreeMap<>();
        for (CustomerRfm r : rows.results()) {
            byId.put(r.customerId, r);
        }
        List<String> letters = new ArrayList<>();
        for (DeadLetter d : dead.results()) {
            letters.add(d.source + ":" + d.position + " " + d.field + " " + d.reason);
        }
        letters.sort(null);
        return new Outcome(byId, letters, InputCounters.Counts.of(result));
    }

    // names only the letters that differ: the whole lists are thousands of lines
    private static void assertSameLetters(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertTrue(
                missing.isEmpty() && extra.isEmpty() && expected.size() == actual.size(),
                "dead letters differ: "
                        + expected.size()
                        + " expected, "
                        + actual.size()
                        + " read in place; missing "
                        + missing.subList(0, Math.min(5, missing.size()))
                        + ", unexpected "
                        + extra.subList(0, Math.min(5, extra.size())));
    }

    @Test
    void bytesReadInPlaceGiveWhatTextParsingGives() throws Exception {
        List<String> csv = lines(5);
        Path file = tmp.resolve("tx.csv");
        // CRLF line ends throughout, as files from Windows tools have them
        Files.writeString(file, String.join("\r\n", csv) + "\r\n", StandardCharsets.UTF_8);
        RfmConfig config =
                new RfmConfig(RfmDefinition.CLASSIC, LocalDate.of(2024, 4, 1), "D", "days", null);

        TransactionFiles files =
                TransactionFiles.of(file, CsvLayout.canonical()).withMinSplitBytes(4096);
        Outcome bytes = run(files, config);
        // the same files through the text path: a source that is not TransactionFiles
        TransactionSource asText =
                new TransactionSource() {
                    @Override
                    public TransactionStreams read(StreamExecutionEnvironment env) {
                        return files.read(env);
                    }

                    @Override
                    public String describe() {
                        return files.describe();
                    }
                };
        Outcome text = run(asText, config);

        assertTrue(Files.size(file) > 20 * 4096, "the file is cut into many splits");
        assertEquals(text.counts(), bytes.counts(), "counts");
        assertTrue(bytes.counts().rejected() > 100, "rejected rows: " + bytes.counts());
        assertTrue(bytes.counts().duplicates() > 50, "duplicates: " + bytes.counts());
        assertTrue(bytes.counts().ignored() > 50, "rows after the as-of date: " + bytes.counts());
        assertSameLetters(text.deadLetters(), bytes.deadLetters());
        assertEquals(text.rows().keySet(), bytes.rows().keySet(), "customers");
        for (String id : text.rows().keySet()) {
            FieldsEqual.assertFieldsEqual(
                    "customer " + id, text.rows().get(id), bytes.rows().get(id));
        }
    }
}
