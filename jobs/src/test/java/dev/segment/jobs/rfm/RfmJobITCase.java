package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.model.CustomerRfm;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The RFM job on real CDNOW data, on a mini cluster with two slots. */
class RfmJobITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static final LocalDate LAST_CDNOW_DAY = LocalDate.of(1998, 6, 30);

    @TempDir static Path tmp;
    private static Path sampleCsv;

    /**
     * CDNOW_sample.txt (master_id sample_id yyyyMMdd cds value, whitespace) rewritten as canonical
     * CSV keyed by the sample id, which is the ID of the lifetimes/BTYD summaries.
     */
    @BeforeAll
    static void convertSample() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("customer_id,timestamp,amount,quantity");
        DateTimeFormatter compact = DateTimeFormatter.BASIC_ISO_DATE;
        for (String line : Files.readAllLines(TestData.file("cdnow/CDNOW_sample.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 5) {
                lines.add(
                        Integer.parseInt(f[1])
                                + ","
                                + LocalDate.parse(f[2], compact)
                                + ","
                                + f[4]
                                + ","
                                + f[3]);
            }
        }
        sampleCsv = tmp.resolve("cdnow_sample.csv");
        Files.write(sampleCsv, lines);
    }

    private static List<CustomerRfm> run(TransactionFiles files, RfmConfig config, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(parallelism);
        CollectingSink<CustomerRfm> sink = new CollectingSink<>();
        new RfmJob(files, config).withSink(sink).build(env);
        env.execute("rfm-test");
        return sink.results();
    }

    private static Map<String, String[]> readCsv(String relative) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(TestData.file(relative));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.replace("\"", "").split(",");
            rows.put(f[0], f);
        }
        return rows;
    }

    @Test
    void lifetimesWeeklyCalibrationReproducesTheCdnowSummaryExactly() throws Exception {
        RfmConfig config =
                new RfmConfig(
                        RfmDefinition.LIFETIMES, LAST_CDNOW_DAY, "D", "weeks", CALIBRATION_END);
        Map<String, CustomerRfm> ours =
                run(TransactionFiles.of(sampleCsv, CsvLayout.canonical()), config, 2).stream()
                        .collect(Collectors.toMap(r -> r.customerId, Function.identity()));
        // Oracle 1: cdnow_customers_summary_with_transactions.csv (lifetimes' bundled dataset;
        // ID,x,t_x,T,zbar): all 2,357 rows, values to the cent / hundredth of a week.
        Map<String, String[]> summary =
                readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
        assertEquals(2_357, summary.size());
        assertEquals(summary.keySet(), ours.keySet());
        int mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, String[]> e : summary.entrySet()) {
            CustomerRfm r = ours.get(e.getKey());
            String[] f = e.getValue();
            boolean same =
                    r.ltFrequency == Double.parseDouble(f[1])
                            && r.ltRecency == Double.parseDouble(f[2])
                            && r.ltT == Double.parseDouble(f[3])
                            && r.ltMonetaryValue == Double.parseDouble(f[4]);
            if (!same) {
                mismatches++;
                if (examples.size() < 5) {
                    examples.add(
                            String.join(",", f)
                                    + " vs "
                                    + r.ltFrequency
                                    + ","
                                    + r.ltRecency
                                    + ","
                                    + r.ltT
                                    + ","
                                    + r.ltMonetaryValue);
                }
            }
        }
        assertEquals(0, mismatches, "mismatching rows, e.g. " + examples);

        // Oracle 2: cdnow_customers_summary.csv (ID,frequency,recency,T) from the same source.
        Map<String, String[]> plain = readCsv("cdnow/cdnow_customers_summary.csv");
        for (Map.Entry<String, String[]> e : plain.entrySet()) {
            CustomerRfm r = ours.get(e.getKey());
            assertEquals(Double.parseDouble(e.getValue()[1]), r.ltFrequency, e.getKey());
            assertEquals(Double.parseDouble(e.getValue()[2]), r.ltRecency, e.getKey());
            assertEquals(Double.parseDouble(e.getValue()[3]), r.ltT, e.getKey());
        }

        // Oracle 3: BTYD's cdnowSummary cbs (R package BTYD 2.4.3): x.star = repeat purchase days
        // in the holdout 1997-10-01..1998-06-30; 39 weeks of holdout = 273 days / 7.
        Map<String, String[]> cbs = readCsv("cdnow/btyd_cdnowSummary_cbs_converted.csv");
        long holdoutTotal = 0;
        for (Map.Entry<String, String[]> e : cbs.entrySet()) {
            CustomerRfm r = ours.get(e.getKey());
            assertEquals(
                    Double.parseDouble(e.getValue()[4]),
                    r.ltFrequencyHoldout,
                    "x.star of " + e.getKey());
            assertEquals(39.0, r.ltDurationHoldout);
            holdoutTotal += r.ltFrequencyHoldout.longValue();
        }
        assertEquals(1_882, holdoutTotal, "SOURCE.txt: sum x.star = 1,882");
    }

    @Test
    void classicOnCdnowMasterKeepsEveryCustomerAndEveryCent() throws Exception {
        TransactionFiles files =
                TransactionFiles.of(TestData.file("cdnow/CDNOW_master.txt"), CsvLayout.cdnow());
        List<CustomerRfm> rows = run(files, RfmConfig.classic(LAST_CDNOW_DAY.plusDays(1)), 2);
        // Oracle: data/cdnow/SOURCE.txt totals (69,659 rows = orders, 23,570 customers,
        // $2,500,315.63)
        assertEquals(23_570, rows.size());
        assertEquals(69_659, rows.stream().mapToLong(r -> r.frequency).sum());
        BigDecimal total =
                rows.stream()
                        .map(r -> BigDecimal.valueOf(r.monetary))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, new BigDecimal("2500315.63").compareTo(total), total.toString());
        // NTILE(5): every score holds n/5 customers (23,570 / 5 = 4,714 exactly)
        for (Function<CustomerRfm, Integer> score :
                List.<Function<CustomerRfm, Integer>>of(
                        r -> r.recencyScore, r -> r.frequencyScore, r -> r.monetaryScore)) {
            Map<Integer, Long> counts =
                    rows.stream().collect(Collectors.groupingBy(score, Collectors.counting()));
            assertEquals(Map.of(1, 4714L, 2, 4714L, 3, 4714L, 4, 4714L, 5, 4714L), counts);
        }
        // direction of every score, level by level: 5 = most recent / most frequent / most
        // valuable fifth. Each level's values lie entirely at or beyond the level below it.
        assertOrdered(rows, r -> r.recencyScore, r -> -r.recencyDays, "recency");
        assertOrdered(rows, r -> r.frequencyScore, r -> r.frequency, "frequency");
        assertOrdered(rows, r -> r.monetaryScore, r -> r.monetary, "monetary");
        for (CustomerRfm r : rows) {
            assertEquals(
                    SegmentTable.DEFAULT.segment(r.recencyScore, r.frequencyScore, r.monetaryScore),
                    r.rfmSegment);
            assertEquals(
                    100 * r.recencyScore + 10 * r.frequencyScore + r.monetaryScore, r.rfmScore);
        }
    }

    /**
     * Oracle: what the R rfm package itself publishes for its example data rfm_data_orders
     * (data/rfm_rpkg/EXPECTED.md: the bins on that data and its test suite's Champions figure).
     */
    @Test
    void rfmPackageReproducesThePackageOnItsExampleData() throws Exception {
        TransactionFiles files =
                TransactionFiles.of(
                        TestData.file("rfm_rpkg/rfm_data_orders_converted.csv"),
                        CsvLayout.canonical().withColumns("timestamp=order_date,amount=revenue"));
        RfmConfig config =
                new RfmConfig(
                        RfmDefinition.RFM_PACKAGE, LocalDate.of(2006, 12, 31), "D", "days", null);
        List<CustomerRfm> rows = run(files, config, 2);
        assertEquals(995, rows.size());
        assertEquals(4_906, rows.stream().mapToInt(r -> r.frequency).sum());

        // bins() of the package on this data (lower | upper), EXPECTED.md
        double[] recency = rows.stream().mapToDouble(r -> r.recencyDays).toArray();
        double[] count = rows.stream().mapToDouble(r -> r.frequency).toArray();
        double[] amount = rows.stream().mapToDouble(r -> r.monetary).toArray();
        RPackageBins rb = RPackageBins.fit(recency, 5);
        RPackageBins fb = RPackageBins.fit(count, 5);
        RPackageBins mb = RPackageBins.fit(amount, 5);
        assertArrayEquals(new double[] {1, 115, 181, 297.4, 482}, rb.lower(), 1e-9);
        assertArrayEquals(new double[] {115, 181, 297.4, 482, 977}, rb.upper(), 1e-9);
        assertArrayEquals(new double[] {1, 4, 5, 6, 8}, fb.lower(), 1e-9);
        assertArrayEquals(new double[] {4, 5, 6, 8, 15}, fb.upper(), 1e-9);
        assertArrayEquals(new double[] {12, 255.8, 382, 506.4, 666}, mb.lower(), 1e-9);
        assertArrayEquals(new double[] {255.8, 382, 506.4, 666, 1489}, mb.upper(), 1e-9);

        // every customer's scores follow those published bins
        for (CustomerRfm r : rows) {
            assertEquals(
                    scoreIn(new double[] {115, 181, 297.4, 482}, r.recencyDays, true),
                    r.recencyScore,
                    r.customerId);
            assertEquals(
                    scoreIn(new double[] {4, 5, 6, 8}, r.frequency, false),
                    r.frequencyScore,
                    r.customerId);
            assertEquals(
                    scoreIn(new double[] {255.8, 382, 506.4, 666}, r.monetary, false),
                    r.monetaryScore,
                    r.customerId);
        }
        // the example: 3 orders is below the first break 4, so F = 1
        CustomerRfm senger =
                rows.stream().filter(r -> r.customerId.equals("Add Senger")).findFirst().get();
        assertEquals(3, senger.frequency);
        assertEquals(412, senger.rfmScore);
    }

    /** Score 1-5 of {@code x} by the interior breaks (reversed for recency). */
    private static int scoreIn(double[] breaks, double x, boolean reverse) {
        int s = 1;
        while (s <= breaks.length && x >= breaks[s - 1]) {
            s++;
        }
        return reverse ? 6 - s : s;
    }

    /** The package's test-rfm-segment.R figure, with its rule table given as a file. */
    @Test
    void rfmPackageChampionsUnderThePackageTestsRuleTable() throws Exception {
        TransactionFiles files =
                TransactionFiles.of(
                        TestData.file("rfm_rpkg/rfm_data_orders_converted.csv"),
                        CsvLayout.canonical().withColumns("timestamp=order_date,amount=revenue"));
        RfmConfig config =
                new RfmConfig(
                                RfmDefinition.RFM_PACKAGE,
                                LocalDate.of(2006, 12, 31),
                                "D",
                                "days",
                                null)
                        .withSegments(
                                SegmentTable.load(
                                        TestData.file("rfm_rpkg/test_rfm_segment_rules.csv")));
        List<CustomerRfm> champions =
                run(files, config, 2).stream()
                        .filter(r -> r.rfmSegment.equals("Champions"))
                        .collect(Collectors.toList());
        assertEquals(158, champions.size());
        assertEquals(1_234, champions.stream().mapToInt(r -> r.frequency).sum());
        assertEquals(120_178.0, champions.stream().mapToDouble(r -> r.monetary).sum(), 1e-6);
    }

    @Test
    void resultDoesNotDependOnParallelism() throws Exception {
        TransactionFiles files =
                TransactionFiles.of(TestData.file("cdnow/CDNOW_master.txt"), CsvLayout.cdnow());
        RfmConfig config = RfmConfig.classic(LocalDate.of(1998, 1, 1));
        Map<String, String> p1 = fingerprint(run(files, config, 1));
        Map<String, String> p2 = fingerprint(run(files, config, 2));
        assertEquals(p1, p2);
        // purchases after the as-of date are ignored, those on it count: nobody has negative
        // recency
        assertTrue(p2.values().stream().noneMatch(v -> v.startsWith("-")));
    }

    private static Map<String, String> fingerprint(List<CustomerRfm> rows) {
        return rows.stream()
                .collect(
                        Collectors.toMap(
                                r -> r.customerId,
                                r ->
                                        r.recencyDays
                                                + "/"
                                                + r.frequency
                                                + "/"
                                                + r.monetary
                                                + "/"
                                                + r.rfmScore
                                                + "/"
                                                + r.rfmSegment));
    }

    /** For every score s: max(value in s) <= min(value in s + 1). */
    private static void assertOrdered(
            List<CustomerRfm> rows,
            Function<CustomerRfm, Integer> score,
            java.util.function.ToDoubleFunction<CustomerRfm> value,
            String what) {
        for (int s = 1; s < 5; s++) {
            final int level = s;
            double maxLow =
                    rows.stream()
                            .filter(r -> score.apply(r) == level)
                            .mapToDouble(value)
                            .max()
                            .orElseThrow();
            double minHigh =
                    rows.stream()
                            .filter(r -> score.apply(r) == level + 1)
                            .mapToDouble(value)
                            .min()
                            .orElseThrow();
            assertTrue(
                    maxLow <= minHigh,
                    what
                            + " score "
                            + level
                            + " reaches "
                            + maxLow
                            + ", above "
                            + minHigh
                            + " in score "
                            + (level + 1));
        }
    }
}
