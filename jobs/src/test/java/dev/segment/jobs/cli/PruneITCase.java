package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment prune} on both stores: the newest succeeded runs of a command keep their rows,
 * older ones and failed ones lose them (RFM scores of {@code rfm} runs; assignments and personas of
 * {@code cluster} runs), the current segments stay, every runs row stays (pruned_at set), a dry run
 * changes nothing, and a second prune finds nothing to do.
 */
class PruneITCase {

    @Test
    void pruneKeepsTheNewestRunsOnTheEmbeddedStore(@TempDir Path dir) throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("store/segment.duckdb");
        check(dir, url, null, null);
    }

    @Test
    void pruneKeepsTheNewestRunsOnPostgres(@TempDir Path dir) throws Exception {
        String schema = "it_prune_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            check(
                    dir,
                    TestData.postgresUrlInSchema(schema),
                    TestData.postgresUser(),
                    TestData.postgresPassword());
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void check(Path dir, String url, String user, String password) throws Exception {
        Path good = dir.resolve("good.csv");
        Files.write(
                good,
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,10",
                        "C1,O2,2024-01-02,5",
                        "C2,O3,2024-01-03,4",
                        "C3,O4,2024-01-05,7"));
        Path bad = dir.resolve("bad.csv");
        Files.write(
                bad,
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,ten",
                        "C2,O3,2024-01-03,4"));
        for (String run : List.of("r1", "r2", "r3")) {
            rfm(dir, good, url, run, ExitCodes.OK);
        }
        rfm(dir, bad, url, "f1", ExitCodes.DATA_QUALITY);
        // cluster runs fill the other detail tables (assignments, personas); the newest of them
        // publishes the current segments
        Path features = dir.resolve("features.csv");
        Files.write(
                features,
                List.of("customer_id,a,b", "C1,1,1", "C2,1,2", "C3,9,9", "C4,9,8", "C5,5,5"));
        for (String run : List.of("c1", "c2", "c3")) {
            assertEquals(
                    ExitCodes.OK,
                    SegmentCli.execute(
                            "cluster",
                            "--features",
                            features.toString(),
                            "--k",
                            "2",
                            "--out",
                            dir.resolve("out-" + run).toString(),
                            "--jdbc-url",
                            url,
                            "--run-id",
                            run),
                    run);
        }

        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            Map<String, Long> before = rowsPerRun(s);
            assertEquals(Map.of("r1", 3L, "r2", 3L, "r3", 3L), without(before, "f1"));

            String dry = CliRun.ok("prune", "--keep-runs", "2", "--dry-run", "--jdbc-url", url);
            assertTrue(dry.contains("dry run: 3 run(s)"), dry);
            assertTrue(dry.contains("r1 ") && dry.contains("f1 ") && dry.contains("c1 "), dry);
            assertFalse(
                    dry.contains("r2 ")
                            || dry.contains("r3 ")
                            || dry.contains("c2 ")
                            || dry.contains("c3 "),
                    dry);
            assertEquals(before, rowsPerRun(s), "a dry run changes nothing");

            assertEquals(Map.of("c1", 5L, "c2", 5L, "c3", 5L), rowsPerRun(s, "run_assignments"));
            assertEquals(Map.of("c1", 2L, "c2", 2L, "c3", 2L), rowsPerRun(s, "personas"));

            String pruned = CliRun.ok("prune", "--keep-runs", "2", "--jdbc-url", url);
            assertTrue(pruned.contains("pruned 3 run(s)"), pruned);
            assertEquals(Map.of("r2", 3L, "r3", 3L), rowsPerRun(s));
            // the oldest cluster run loses its rows in the detail tables it wrote; the current
            // run counts among the newest two (it was kept as a third before)
            assertEquals(Map.of("c2", 5L, "c3", 5L), rowsPerRun(s, "run_assignments"));
            assertEquals(Map.of("c2", 2L, "c3", 2L), rowsPerRun(s, "personas"));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM segment_assignments")) {
                assertTrue(rs.next());
                assertEquals(5, rs.getLong(1), "the current segments are untouched");
            }
            Map<String, Boolean> prunedAt = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT run_id, pruned_at IS NOT NULL FROM runs")) {
                while (rs.next()) {
                    prunedAt.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            assertEquals(
                    Map.of(
                            "r1", true, "r2", false, "r3", false, "f1", true, "c1", true, "c2",
                            false, "c3", false),
                    prunedAt,
                    "every runs row stays; the pruned ones say so");
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT run_id FROM latest_rfm")) {
                assertTrue(rs.next());
                assertEquals("r3", rs.getString(1), "the latest run keeps its rows");
            }
            String again = CliRun.ok("prune", "--keep-runs", "2", "--jdbc-url", url);
            assertTrue(again.contains("nothing to prune"), again);
        }
    }

    private static void rfm(Path dir, Path input, String url, String runId, int expected) {
        assertEquals(
                expected,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        input.toString(),
                        "--out",
                        dir.resolve("out-" + runId + ".csv").toString(),
                        "--as-of",
                        "2024-01-10",
                        "--max-rejected-share",
                        "0.2",
                        "--jdbc-url",
                        url,
                        "--run-id",
                        runId),
                runId);
    }

    private static Map<String, Long> rowsPerRun(Statement s) throws Exception {
        return rowsPerRun(s, "customer_rfm");
    }

    private static Map<String, Long> rowsPerRun(Statement s, String table) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        try (ResultSet rs =
                s.executeQuery("SELECT run_id, COUNT(*) FROM " + table + " GROUP BY run_id")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static Map<String, Long> without(Map<String, Long> m, String key) {
        Map<String, Long> out = new TreeMap<>(m);
        out.remove(key);
        return out;
    }
}
