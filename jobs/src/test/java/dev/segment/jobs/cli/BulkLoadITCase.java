package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's results reach PostgreSQL by COPY into staging tables published when the run succeeds: the
 * rows equal those the embedded store's upserts write for the same run, a re-run of a run id
 * replaces its rows exactly, a failed run leaves nothing visible and no staging table behind, and
 * prune drops the staging tables a killed run left.
 */
class BulkLoadITCase {

    @Test
    void copiedRowsEqualUpsertedOnesAndOnlySucceededRunsPublish(@TempDir Path dir)
            throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path big = dir.resolve("big.txt");
        Files.write(big, cdnow.subList(0, 9000), StandardCharsets.ISO_8859_1);
        Path small = dir.resolve("small.txt");
        Files.write(small, cdnow.subList(0, 3000), StandardCharsets.ISO_8859_1);
        Path bad = dir.resolve("bad.txt");
        List<String> broken = new ArrayList<>(cdnow.subList(0, 3000));
        for (int i = 0; i < 1000; i++) {
            broken.add(" 99999 19970x01  1   10.00");
        }
        Files.write(bad, broken, StandardCharsets.ISO_8859_1);

        String schema = "it_bulk_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        String duck = "jdbc:duckdb:" + dir.resolve("duck/segment.duckdb");
        try (Connection p =
                        DriverManager.getConnection(
                                pg, TestData.postgresUser(), TestData.postgresPassword());
                Statement ps = p.createStatement()) {
            run(dir, big, pg, "r1", ExitCodes.OK);
            run(dir, big, duck, "r1", ExitCodes.OK);
            try (Connection h = DriverManager.getConnection(duck);
                    Statement hs = h.createStatement()) {
                for (String table :
                        List.of("customer_rfm", "run_assignments", "customer_features")) {
                    List<String> copied = rows(ps, table, "r1");
                    assertTrue(copied.size() > 1000, table + ": " + copied.size());
                    assertEquals(
                            rows(hs, table, "r1"),
                            copied,
                            table + ": PostgreSQL COPY = DuckDB load");
                }
            }
            // the features clustered on are the customers' RFM values, each under its own name
            try (ResultSet rs =
                    ps.executeQuery(
                            "SELECT COUNT(*), SUM(CASE WHEN (f.features::json->>'frequency')::numeric"
                                    + " = r.frequency AND ROUND((f.features::json->>'monetary')"
                                    + "::numeric, 2) = r.monetary AND (f.features::json->>"
                                    + "'recency_days')::numeric = r.recency_days THEN 1 ELSE 0 END)"
                                    + " FROM customer_features f JOIN customer_rfm r ON r.run_id ="
                                    + " f.run_id AND r.customer_id = f.customer_id AND r.definition"
                                    + " = 'classic' WHERE f.run_id = 'r1'")) {
                rs.next();
                assertTrue(rs.getLong(1) > 1000, "features joined: " + rs.getLong(1));
                assertEquals(rs.getLong(1), rs.getLong(2), "features equal to the RFM values");
            }
            assertEquals(0, stagingTables(ps, schema), "published: no staging table left");

            // the same run id again on fewer customers: its rows are replaced exactly
            long before = count(ps, "run_assignments", "r1");
            run(dir, small, pg, "r1", ExitCodes.OK);
            long after = count(ps, "run_assignments", "r1");
            assertTrue(after < before, before + " -> " + after);
            assertEquals(
                    after,
                    count(ps, "customer_rfm", "r1"),
                    "one RFM row per assigned customer, none left over");

            // a run that fails its quality gate publishes nothing and leaves no staging table
            run(dir, bad, pg, "r2", ExitCodes.DATA_QUALITY);
            assertEquals(0, count(ps, "customer_rfm", "r2"));
            assertEquals(0, count(ps, "run_assignments", "r2"));
            assertEquals(0, stagingTables(ps, schema));
            assertEquals(after, count(ps, "run_assignments", "r1"), "r1 untouched");

            // a killed run's staging tables (its run row never finished): prune drops them
            dev.segment.common.store.StoreConfig config =
                    dev.segment.common.store.StoreConfig.fromEnvironment()
                            .withUrl(pg)
                            .withCredentials(TestData.postgresUser(), TestData.postgresPassword());
            dev.segment.common.store.BulkTables.create(
                    config, "killed", dev.segment.common.store.BulkTables.STAGED);
            assertEquals(3, stagingTables(ps, schema));
            String dry = CliRun.ok("prune", "--keep-runs", "5", "--dry-run", "--jdbc-url", pg);
            assertTrue(dry.contains("would be dropped"), dry);
            assertEquals(3, stagingTables(ps, schema), "a dry run drops nothing");
            String pruned = CliRun.ok("prune", "--keep-runs", "5", "--jdbc-url", pg);
            assertTrue(pruned.contains("dropped"), pruned);
            assertEquals(0, stagingTables(ps, schema), "left-behind staging tables dropped");
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void run(Path dir, Path input, String url, String runId, int expected) {
        assertEquals(
                expected,
                SegmentCli.execute(
                        "run",
                        "--store-features",
                        "--transactions",
                        input.toString(),
                        "--format",
                        "cdnow",
                        "--as-of",
                        "1998-07-01",
                        "--k",
                        "4",
                        "--max-rejected-share",
                        "0.1",
                        "--out",
                        dir.resolve("out-" + runId + "-" + Math.abs(url.hashCode())).toString(),
                        "--jdbc-url",
                        url,
                        "--run-id",
                        runId,
                        "--parallelism",
                        "2"),
                runId + " on " + url);
    }

    /** Every row of a run, every column as text (numbers as the driver reads them). */
    private static List<String> rows(Statement s, String table, String runId) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT * FROM "
                                + table
                                + " WHERE run_id = '"
                                + runId
                                + "' ORDER BY customer_id"
                                + (table.equals("customer_rfm") ? ", definition" : ""))) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.math.BigDecimal d) {
                        v = d.stripTrailingZeros().toPlainString();
                    } else if (v instanceof Number n) {
                        v = n.doubleValue();
                    }
                    row.append(md.getColumnName(i).toLowerCase()).append('=').append(v).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static long count(Statement s, String table, String runId) throws Exception {
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT COUNT(*) FROM " + table + " WHERE run_id = '" + runId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long stagingTables(Statement s, String schema) throws Exception {
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                                + schema
                                + "' AND table_name LIKE 'stage%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
