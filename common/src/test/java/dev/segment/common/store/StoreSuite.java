package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.CustomerRfm;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One suite, run against the real PostgreSQL and the embedded H2 store (subclasses). */
abstract class StoreSuite {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    /** A fresh, migrated-nowhere-yet store for this test class. */
    abstract StoreConfig store();

    /**
     * A statement that the single-statement check lets through (it starts with SELECT or WITH) but
     * that writes: only the read-only session can stop it.
     */
    abstract String writeHiddenInARead();

    private static String console(StoreConfig config, String sql, SqlConsole.Format format) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        SqlConsole.query(config, sql, format, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sqlConsoleRunsOneReadOnlyStatementAndLeavesTheStoreIntact() throws Exception {
        StoreConfig config = store();
        Store.migrate(config);
        RunRegistry runs = new RunRegistry(config, "test");
        String runId = RunRegistry.newRunId("guard");
        runs.start(runId, "rfm", Map.of("definition", "classic"), List.of("/data/x.csv"));
        String count = "SELECT COUNT(*) AS n FROM runs WHERE run_id = '" + runId + "'";
        assertEquals("n\n1\n", console(config, count, SqlConsole.Format.CSV));

        for (String attack :
                List.of(
                        "SELECT 1; DROP TABLE runs",
                        "DROP TABLE runs",
                        "-- a comment first\nDELETE FROM runs",
                        "/* x; */ UPDATE runs SET status = 'x'",
                        "SELECT ';' AS s; DELETE FROM runs",
                        writeHiddenInARead())) {
            assertThrows(
                    ReadOnlyStatement.Refused.class,
                    () -> console(config, attack, SqlConsole.Format.TABLE),
                    attack);
            assertEquals("n\n1\n", console(config, count, SqlConsole.Format.CSV), attack);
        }
        // one statement with a trailing ';' and comments is fine
        assertEquals(
                "s\na;b\n",
                console(config, "-- c\nSELECT 'a;b' AS s; -- done", SqlConsole.Format.CSV));
    }

    static List<CustomerRfm> rows(int n) {
        List<CustomerRfm> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CustomerRfm r = new CustomerRfm();
            // text that CSV must quote (COPY on PostgreSQL): a comma and quotes in some ids
            r.customerId = i % 100 == 7 ? "C" + i + ",\"q\"" : "C" + i;
            r.definition = "classic";
            r.asOfDay = 19_000;
            r.recencyDays = i % 365;
            r.frequency = 1 + i % 7;
            r.monetary = (i * 37 % 100_000) / 100.0;
            r.avgOrderValue = r.monetary / r.frequency;
            r.tenureDays = 400;
            r.firstPurchaseDay = 18_600;
            r.lastPurchaseDay = 19_000 - r.recencyDays;
            r.recencyScore = 1 + i % 5;
            r.frequencyScore = 1 + (i / 5) % 5;
            r.monetaryScore = 1 + (i / 25) % 5;
            r.rfmScore = 100 * r.recencyScore + 10 * r.frequencyScore + r.monetaryScore;
            // a quote, to prove binding rather than string building; a line break; and an empty
            // string, which must not come back as NULL
            r.rfmSegment = i % 11 == 0 ? "" : i % 3 == 2 ? "Seg'\n2" : "Seg'" + (i % 3);
            rows.add(r);
        }
        return rows;
    }

    /**
     * Writes rows as a run does: on PostgreSQL into the run's staging table, published after the
     * job; on the embedded store by upserts.
     */
    private void write(StoreConfig config, String runId, List<CustomerRfm> rows) throws Exception {
        boolean staged = BulkTables.copies(config);
        if (staged) {
            BulkTables.create(config, runId, List.of("customer_rfm"));
        }
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(2);
        env.fromData(rows, TypeInformation.of(CustomerRfm.class))
                .rebalance()
                .sinkTo(CustomerRfmJdbcSink.sink(config, runId))
                .name("store");
        env.execute("store-test");
        if (staged) {
            BulkTables.publish(config, runId, List.of("customer_rfm"));
        }
    }

    private static List<String> readBack(StoreConfig config, String runId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Store.connect(config);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT customer_id, recency_days, frequency, monetary, avg_order_value, last_purchase,"
                                        + " rfm_score, rfm_segment, lt_t FROM customer_rfm WHERE run_id = '"
                                        + runId
                                        + "' ORDER BY customer_id")) {
            while (rs.next()) {
                out.add(
                        rs.getString(1)
                                + "|"
                                + rs.getInt(2)
                                + "|"
                                + rs.getInt(3)
                                + "|"
                                + rs.getBigDecimal(4)
                                + "|"
                                + rs.getBigDecimal(5)
                                + "|"
                                + rs.getDate(6)
                                + "|"
                                + rs.getInt(7)
                                + "|"
                                + rs.getString(8)
                                + "|"
                                + rs.getObject(9));
            }
        }
        // sorted here: the database's collation may order punctuation otherwise than Java
        java.util.Collections.sort(out);
        return out;
    }

    private static List<String> expected(List<CustomerRfm> rows) {
        return rows.stream()
                .sorted((a, b) -> a.customerId.compareTo(b.customerId))
                .map(
                        r ->
                                r.customerId
                                        + "|"
                                        + r.recencyDays
                                        + "|"
                                        + r.frequency
                                        + "|"
                                        + java.math.BigDecimal.valueOf(r.monetary)
                                                .setScale(2, java.math.RoundingMode.HALF_UP)
                                        + "|"
                                        + java.math.BigDecimal.valueOf(r.avgOrderValue)
                                                .setScale(2, java.math.RoundingMode.HALF_UP)
                                        + "|"
                                        + java.time.LocalDate.ofEpochDay(r.lastPurchaseDay)
                                        + "|"
                                        + r.rfmScore
                                        + "|"
                                        + r.rfmSegment
                                        + "|null")
                .sorted()
                .toList();
    }

    /** The database product this suite must be talking to ("PostgreSQL", "H2"). */
    abstract String product();

    @Test
    void migratesWritesThroughFlinkAndReRunsIdempotently() throws Exception {
        StoreConfig config = store();
        try (java.sql.Connection c = Store.connect(config)) {
            assertEquals(
                    product(), c.getMetaData().getDatabaseProductName(), "the store under test");
        }
        // the newest migration in sql/migrations is the store's version
        String newest;
        try (java.util.stream.Stream<java.nio.file.Path> files =
                java.nio.file.Files.list(
                        dev.segment.common.testkit.TestData.file("../sql/migrations"))) {
            newest =
                    String.valueOf(
                            files.map(f -> f.getFileName().toString())
                                    .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                                    .mapToInt(
                                            n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                                    .max()
                                    .orElseThrow());
        }
        assertEquals(newest, Store.migrate(config));
        assertEquals(newest, Store.migrate(config), "migrating twice is a no-op");

        RunRegistry runs = new RunRegistry(config, "test");
        String runId = RunRegistry.newRunId("rfm");
        runs.start(runId, "rfm", Map.of("definition", "classic"), List.of("/data/x.csv"));
        List<CustomerRfm> rows = rows(1_234);
        write(config, runId, rows);
        assertEquals(expected(rows), readBack(config, runId));

        // same run id again (a retried job) with changed values: every row is updated (by the
        // upsert, or by publishing the staged rows; an insert that ignores conflicts would keep
        // the old values and fail here)
        runs.start(runId, "rfm", Map.of("definition", "classic"), List.of("/data/x.csv"));
        List<CustomerRfm> changed = rows(1_234);
        for (CustomerRfm r : changed) {
            r.monetary = r.monetary + 1.25;
            r.rfmSegment = "Changed " + r.rfmSegment;
        }
        write(config, runId, changed);
        assertEquals(expected(changed), readBack(config, runId));

        // and a re-run of the same id with fewer customers leaves none of the old ones behind
        runs.clearResults(runId, "customer_rfm");
        List<CustomerRfm> fewer = changed.subList(0, 1_000);
        write(config, runId, fewer);
        assertEquals(expected(fewer), readBack(config, runId));
        write(config, runId, rows);
        assertEquals(expected(rows), readBack(config, runId));
        runs.finish(runId, RunRegistry.Outcome.succeeded(1300, 1234, 66, 1234, "ok"));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        SqlConsole.query(
                config,
                "SELECT run_id, status, rows_read, customers FROM runs",
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("succeeded")
                        && printed.contains("1300")
                        && printed.contains("(1 row)"),
                printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("run_id ")), printed);

        // every recipe's documented rows on the demo data: RecipesITCase (jobs), both stores;
        // here: the recipe sees this store's rows through the latest_rfm view (4 segments: the
        // three "Seg'" ones and the empty one)
        ByteArrayOutputStream sizes = new ByteArrayOutputStream();
        SqlConsole.query(
                config,
                Files.readString(TestData.file("../sql/recipes/01_segment_sizes.sql")),
                new PrintStream(sizes, true, StandardCharsets.UTF_8));
        assertTrue(
                sizes.toString(StandardCharsets.UTF_8).contains("(4 rows)"),
                sizes.toString(StandardCharsets.UTF_8));
    }
}
