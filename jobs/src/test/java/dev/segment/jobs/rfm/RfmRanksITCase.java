package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.model.CustomerRfm;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.jobs.testkit.FieldsEqual;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's scores, found by parallel ranking, equal {@link RfmCalculator}'s on the whole
 * population in one list (the computation the R package's and lifetimes' published figures check),
 * row for row, at parallelism 1 to 3, for every definition, with heavy ties in every score.
 */
class RfmRanksITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(3);

    @TempDir Path tmp;

    /** Random purchases: few distinct days and amounts, so every order has long runs of ties. */
    private static Partials purchases(int customers, long seed, List<String> csv) {
        Random random = new Random(seed);
        Partials partials = new Partials();
        csv.add("customer_id,order_id,timestamp,amount");
        double[] amounts = {5, 10, 10, 20, 35.5, 99.99};
        int order = 0;
        for (int c = 0; c < customers; c++) {
            String id = "c" + Integer.toString(random.nextInt(1 << 20), 36) + "_" + c;
            int orders = 1 + random.nextInt(random.nextBoolean() ? 1 : 4);
            for (int o = 0; o < orders; o++) {
                String day = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(90)).toString();
                double amount = amounts[random.nextInt(amounts.length)];
                String orderId = "o" + (order++);
                partials.add(id, orderId, day, amount);
                csv.add(String.format(Locale.ROOT, "%s,%s,%s,%.2f", id, orderId, day, amount));
                if (random.nextInt(5) == 0) { // a second line of the same order
                    partials.add(id, orderId, day, 10);
                    csv.add(id + "," + orderId + "," + day + ",10.00");
                }
            }
        }
        return partials;
    }

    private void assertSameAsOneList(int customers, RfmConfig config, int... parallelisms)
            throws Exception {
        List<String> csv = new ArrayList<>();
        List<CustomerPartial> all = purchases(customers, customers, csv).build();
        Path file = tmp.resolve("tx-" + customers + ".csv");
        Files.write(file, csv);
        Map<String, CustomerRfm> expected = new TreeMap<>();
        for (CustomerRfm row : new RfmCalculator(config).compute(all)) {
            expected.put(row.customerId, row);
        }
        for (int p : parallelisms) {
            StreamExecutionEnvironment env = MiniClusters.batch(p);
            CollectingSink<CustomerRfm> sink = new CollectingSink<>();
            new RfmJob(TransactionFiles.of(file, CsvLayout.canonical()), config)
                    .withSink(sink)
                    .build(env);
            env.execute("rfm-ranks");
            Map<String, CustomerRfm> ours = new TreeMap<>();
            for (CustomerRfm row : sink.results()) {
                ours.put(row.customerId, row);
            }
            String where = config.definition() + ", " + customers + " customers, parallelism " + p;
            assertEquals(expected.keySet(), ours.keySet(), where);
            for (String id : expected.keySet()) {
                FieldsEqual.assertFieldsEqual(
                        where + ", customer " + id, expected.get(id), ours.get(id));
            }
        }
    }

    private static RfmConfig config(RfmDefinition definition) {
        return new RfmConfig(definition, null, "D", "days", null);
    }

    @Test
    void classicEqualsTheWholePopulationComputation() throws Exception {
        assertSameAsOneList(3_000, config(RfmDefinition.CLASSIC), 1, 2, 3);
    }

    @Test
    void rfmPackageEqualsTheWholePopulationComputation() throws Exception {
        assertSameAsOneList(3_000, config(RfmDefinition.RFM_PACKAGE), 1, 3);
    }

    @Test
    void lifetimesWithACalibrationPeriodEqualsTheWholePopulationComputation() throws Exception {
        assertSameAsOneList(
                2_000,
                new RfmConfig(
                        RfmDefinition.LIFETIMES,
                        LocalDate.of(2024, 3, 30),
                        "W",
                        "days",
                        LocalDate.of(2024, 2, 29)),
                2,
                3);
    }

    @Test
    void populationsSmallerThanTheBucketsAndTheTasks() throws Exception {
        for (int n : new int[] {1, 2, 4, 6}) {
            assertSameAsOneList(n, config(RfmDefinition.CLASSIC), 3);
            assertSameAsOneList(n, config(RfmDefinition.RFM_PACKAGE), 3);
        }
    }
}
