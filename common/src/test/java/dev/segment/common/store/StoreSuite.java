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

/** One suite, run against the real PostgreSQL and the embedded DuckDB store (subclasses). */
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
    void aWatchedErasureListSeesAForgetMadeWhileItIsInUse() throws Exception {
        StoreConfig config = store();
        Store.migrate(config);
        Erasure.Erased atStart;
        try (Connection c = Store.connect(config)) {
            atStart = Erasure.erased(c);
        }
        LiveErasures watched =
                LiveErasures.watched(config, atStart, java.time.Duration.ofMillis(50));
        int before = watched.current().size();
        String id = "live-erased-" + java.util.UUID.randomUUID();
        assertTrue(!watched.current().test(id));
        String erasureId;
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            erasureId = Erasure.forget(c, id, java.time.Instant.now()).erasureId();
            c.commit();
        }
        // a copy (an operator's, after deserialisation) re-reads on its own schedule too
        LiveErasures copy =
                org.apache.flink.util.InstantiationUtil.clone(watched, getClass().getClassLoader());
        Thread.sleep(120);
        assertTrue(watched.current().test(id), "re-read after the interval");
        assertEquals(before + 1, watched.current().size());
        copy.current();
        Thread.sleep(120);
        assertTrue(copy.current().test(id), "the copy re-reads too");
        assertTrue(!LiveErasures.fixed(atStart).current().test(id), "a fixed list never does");
        try (Connection c = Store.connect(config);
                java.sql.PreparedStatement ps =
                        c.prepareStatement("DELETE FROM erasure_audit WHERE erasure_id = ?")) {
            ps.setString(1, erasureId); // the suite's other tests count the audit's rows
            ps.executeUpdate();
        }
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
     * Writes rows as a run does: staged (PostgreSQL: the run's staging table; DuckDB: its spool
     * folder), published after the job.
     */
    private void write(StoreConfig config, String runId, List<CustomerRfm> rows) throws Exception {
        BulkTables.create(config, runId, List.of("customer_rfm"));
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(2);
        env.fromData(rows, TypeInformation.of(CustomerRfm.class))
                .rebalance()
                .sinkTo(CustomerRfmJdbcSink.sink(config, runId))
                .name("store");
        env.execute("store-test");
        BulkTables.publish(config, runId, List.of("customer_rfm"), false);
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

    /** The database product this suite must be talking to ("PostgreSQL", "DuckDB"). */
    abstract String product();

    @Test
    void migratesWritesThroughFlinkAndReRunsIdempotently() throws Exception {
        StoreConfig config = store();
        try (java.sql.Connection c = Store.connect(config)) {
            assertEquals(
                    product(), c.getMetaData().getDatabaseProductName(), "the store under test");
        }
        // the newest migration in sql/migrations and sql/migrations-postgres on PostgreSQL, in
        // sql/migrations-duckdb (its baseline) on DuckDB, is the store's version
        String newest =
                String.valueOf(
                        newestMigration(
                                config.kind() == StoreConfig.Kind.POSTGRES
                                        ? List.of("../sql/migrations", "../sql/migrations-postgres")
                                        : List.of(
                                                "../sql/migrations", "../sql/migrations-duckdb")));
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

    // ---- current segments, history, changes, consent and erasure --------------------------

    private static void assign(
            Connection c,
            String run,
            String customer,
            Integer cluster,
            String persona,
            String rfmSegment,
            String lifecycle)
            throws Exception {
        try (java.sql.PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO run_assignments (run_id, customer_id, cluster_id, persona,"
                                + " rfm_segment, lifecycle_stage, customer_profile, distance,"
                                + " confidence, explanation) VALUES (?, ?, ?, ?, ?, ?, 'established',"
                                + " 0.5, 0.9, 'why')")) {
            ps.setString(1, run);
            ps.setString(2, customer);
            ps.setObject(3, cluster);
            ps.setString(4, persona);
            ps.setString(5, rfmSegment);
            ps.setString(6, lifecycle);
            ps.executeUpdate();
        }
    }

    private static List<String> rows(StoreConfig config, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Store.connect(config);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void publishesCurrentSegmentsHistoryAndChangesAndHonoursConsentAndErasure() throws Exception {
        StoreConfig config = store();
        Store.migrate(config);
        RunRegistry runs = new RunRegistry(config, "test");
        String a = "ledger-a";
        String b = "ledger-b";
        for (String run : List.of(a, b)) {
            runs.start(run, "run", Map.of(), List.of());
        }
        try (Connection c = Store.connect(config)) {
            for (int i = 1; i <= 5; i++) {
                assign(c, a, "lc" + i, 1, "Loyal", "Champions", "active");
            }
            assign(c, b, "lc1", 1, "Loyal", "Champions", "active"); // unchanged
            assign(c, b, "lc2", 2, "Drifting", "At Risk", "lapsing"); // moved
            assign(c, b, "lc3", 1, "Loyal", "Loyal Customers", "active"); // RFM segment only
            assign(c, b, "lc4", 1, "Loyal", "Champions", "active"); // unchanged
            assign(c, b, "lc6", 3, "Newcomers", "New Customers", "new"); // entered; lc5 exited
        }
        SegmentLedger.Published pa = BulkTables.publish(config, a, List.of(), true);
        assertEquals(5, pa.entered());
        assertEquals(0, pa.moved() + pa.exited());
        SegmentLedger.Published pb = BulkTables.publish(config, b, List.of(), true);
        assertEquals(List.of(1L, 2L, 1L), List.of(pb.entered(), pb.moved(), pb.exited()));

        String current =
                "SELECT customer_id, run_id, persona, rfm_segment FROM segment_assignments"
                        + " ORDER BY customer_id";
        assertEquals(
                List.of(
                        "lc1|ledger-b|Loyal|Champions",
                        "lc2|ledger-b|Drifting|At Risk",
                        "lc3|ledger-b|Loyal|Loyal Customers",
                        "lc4|ledger-b|Loyal|Champions",
                        "lc6|ledger-b|Newcomers|New Customers"),
                rows(config, current));
        // one row per period: 5 opened by a, 3 by b; b closed a's periods of lc2, lc3, lc5
        assertEquals(
                List.of(
                        "lc1|Loyal|ledger-a|null|open",
                        "lc2|Loyal|ledger-a|ledger-b|closed",
                        "lc2|Drifting|ledger-b|null|open",
                        "lc3|Loyal|ledger-a|ledger-b|closed",
                        "lc3|Loyal|ledger-b|null|open",
                        "lc4|Loyal|ledger-a|null|open",
                        "lc5|Loyal|ledger-a|ledger-b|closed",
                        "lc6|Newcomers|ledger-b|null|open"),
                rows(
                        config,
                        "SELECT customer_id, persona, run_id, closed_by_run, CASE WHEN valid_to IS NULL THEN 'open' ELSE 'closed' END"
                                + " FROM segment_history ORDER BY customer_id, valid_from"));
        assertEquals(
                List.of(
                        "lc2|moved|Loyal|Drifting",
                        "lc3|moved|Loyal|Loyal",
                        "lc5|exited|Loyal|null",
                        "lc6|entered|null|Newcomers"),
                rows(
                        config,
                        "SELECT customer_id, reason, from_persona, to_persona FROM segment_changes"
                                + " WHERE run_id = 'ledger-b' ORDER BY customer_id"));
        // the unchanged customer is in the segment since a; the moved one since b
        assertEquals(
                List.of("lc1|since a", "lc2|later"),
                rows(
                        config,
                        "SELECT s.customer_id, CASE WHEN s.valid_from = p.published_at THEN 'since a' ELSE 'later' END FROM"
                                + " segment_assignments s JOIN segment_publications p ON"
                                + " p.run_id = 'ledger-a' WHERE s.customer_id IN ('lc1', 'lc2')"
                                + " ORDER BY s.customer_id"));

        // a re-run of the newest run replaces its publication: lc4 moves too now
        try (Connection c = Store.connect(config);
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "UPDATE run_assignments SET persona = 'Drifting', cluster_id = 2 WHERE"
                            + " run_id = 'ledger-b' AND customer_id = 'lc4'");
        }
        SegmentLedger.Published again = BulkTables.publish(config, b, List.of(), true);
        assertEquals(List.of(1L, 3L, 1L), List.of(again.entered(), again.moved(), again.exited()));
        assertEquals(
                9, Integer.parseInt(rows(config, "SELECT COUNT(*) FROM segment_history").get(0)));
        // ... and one of an older run is refused, leaving everything as it was
        Store.StoreException older =
                assertThrows(
                        Store.StoreException.class,
                        () -> BulkTables.publish(config, a, List.of(), true));
        assertTrue(older.getMessage().contains("new --run-id"), older.getMessage());
        assertEquals(
                9, Integer.parseInt(rows(config, "SELECT COUNT(*) FROM segment_history").get(0)));

        // consent: a withdrawal makes the customer generic at once and keeps them out of the
        // CRM view; a later run keeps them generic
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            ConsentLedger.Applied applied =
                    ConsentLedger.apply(
                            c,
                            List.of(
                                    new ConsentLedger.Change(
                                            "lc1",
                                            false,
                                            java.time.Instant.parse("2026-01-02T00:00:00Z"),
                                            "test"),
                                    new ConsentLedger.Change(
                                            "lc1",
                                            true,
                                            java.time.Instant.parse("2026-01-01T00:00:00Z"),
                                            "test")),
                            java.time.Instant.now());
            c.commit();
            assertEquals(1, applied.withdrawnNow());
        }
        assertEquals(
                List.of("lc1|generic|null"),
                rows(
                        config,
                        "SELECT customer_id, persona, cluster_id FROM segment_assignments"
                                + " WHERE customer_id = 'lc1'"));
        assertEquals(
                List.of("lc2", "lc3", "lc4", "lc6"),
                rows(config, "SELECT customer_id FROM crm_segment_export ORDER BY customer_id"));
        String c3 = "ledger-c";
        runs.start(c3, "run", Map.of(), List.of());
        String erased = "zq-erase-7741";
        try (Connection c = Store.connect(config)) {
            for (String id : List.of("lc1", "lc2", "lc3", "lc4", "lc6", erased)) {
                assign(c, c3, id, 1, "Loyal", "Champions", "active");
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate(
                        "INSERT INTO identity_links VALUES ('v-"
                                + erased
                                + "', '"
                                + erased
                                + "', TIMESTAMP '2026-01-01 00:00:00', 'login')");
                st.executeUpdate(
                        "INSERT INTO late_events (visitor_id, event_ts, event_type, lateness_ms,"
                                + " reason) VALUES ('v-"
                                + erased
                                + "', TIMESTAMP '2026-01-01 00:00:00', 'page_view', 5, 'late')");
                // the anonymous profile the stream keeps for the visitor before the login
                st.executeUpdate(
                        "INSERT INTO customer_live_profile (profile_id, visitors, first_seen,"
                                + " last_seen, visitor_type, sessions, sessions_7d, sessions_30d,"
                                + " events, events_7d, events_30d, purchases, revenue, updated_at)"
                                + " VALUES ('visitor:v-"
                                + erased
                                + "', 1, TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01"
                                + " 00:00:00', 'new', 1, 1, 1, 3, 3, 3, 0, 0, TIMESTAMP"
                                + " '2026-01-01 00:00:00')");
            }
        }
        SegmentLedger.Published pc = BulkTables.publish(config, c3, List.of(), true);
        assertEquals(1, pc.generic());
        assertEquals(
                List.of("lc1|generic"),
                rows(
                        config,
                        "SELECT customer_id, persona FROM segment_assignments WHERE customer_id"
                                + " = 'lc1'"));

        // erasure: the customer is nowhere afterwards, and a later run that still has them in
        // its input does not bring them back
        assertTrue(
                !dev.segment.common.testkit.StoreScan.whereFound(Store.connect(config), erased)
                        .isEmpty());
        Erasure.Forgotten forgotten;
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            forgotten = Erasure.forget(c, erased, java.time.Instant.now());
            c.commit();
        }
        assertTrue(forgotten.total() >= 6, forgotten.rowsDeleted().toString());
        assertEquals(
                List.of(),
                dev.segment.common.testkit.StoreScan.whereFound(Store.connect(config), erased));
        String d = "ledger-d";
        runs.start(d, "run", Map.of(), List.of());
        try (Connection c = Store.connect(config)) {
            assign(c, d, erased, 1, "Loyal", "Champions", "active");
            assign(c, d, "lc2", 2, "Drifting", "At Risk", "lapsing"); // moves in d
        }
        assertEquals(1, BulkTables.publish(config, d, List.of(), true).erased());
        assertEquals(
                List.of(),
                dev.segment.common.testkit.StoreScan.whereFound(Store.connect(config), erased));
        try (Connection c = Store.connect(config)) {
            Erasure.Forgotten twice = Erasure.forget(c, erased, java.time.Instant.now());
            assertTrue(twice.already());
        }
        assertEquals(List.of("1"), rows(config, "SELECT COUNT(*) FROM erasure_audit"));

        // a withdrawal after the newest publication, then that run again: the customer keeps one
        // open period (the generic one), and no periods overlap
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            ConsentLedger.apply(
                    c,
                    List.of(
                            new ConsentLedger.Change(
                                    "lc2",
                                    false,
                                    java.time.Instant.parse("2026-02-01T00:00:00Z"),
                                    "test")),
                    java.time.Instant.now());
            c.commit();
        }
        BulkTables.publish(config, d, List.of(), true);
        assertEquals(
                List.of(),
                rows(
                        config,
                        "SELECT a.customer_id FROM segment_history a JOIN segment_history b"
                                + " ON a.customer_id = b.customer_id AND a.valid_from < b.valid_from"
                                + " WHERE a.valid_to IS NULL OR a.valid_to > b.valid_from"),
                "no customer is in two periods at once");
        assertEquals(
                List.of("lc2|generic|null"),
                rows(config, "SELECT customer_id, persona, rfm_segment FROM segment_assignments"));
    }

    /** The highest V<n> among the migration files of {@code dirs}. */
    static int newestMigration(List<String> dirs) throws Exception {
        int newest = 0;
        for (String dir : dirs) {
            try (java.util.stream.Stream<java.nio.file.Path> files =
                    java.nio.file.Files.list(dev.segment.common.testkit.TestData.file(dir))) {
                newest =
                        Math.max(
                                newest,
                                files.map(f -> f.getFileName().toString())
                                        .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                                        .mapToInt(
                                                n ->
                                                        Integer.parseInt(
                                                                n.substring(1, n.indexOf("__"))))
                                        .max()
                                        .orElse(0));
            }
        }
        return newest;
    }
}
