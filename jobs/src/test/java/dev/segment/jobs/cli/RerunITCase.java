package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.segment.common.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run of a run id leaves the run's rows as they were when it fails, and replaces them exactly
 * when it succeeds: on the embedded store every table's rows are written under a shadow id until
 * then, on PostgreSQL the staged tables wait in their staging tables and personas and models under
 * the shadow id.
 */
class RerunITCase {

    @Test
    void onTheEmbeddedStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        scenario(
                dir,
                List.of("--store-dir", store.toString()),
                "jdbc:duckdb:" + store.resolve("segment.duckdb"),
                null,
                null);
    }

    @Test
    void onPostgres(@TempDir Path dir) throws Exception {
        String schema = "it_rerun_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            String url = TestData.postgresUrlInSchema(schema);
            scenario(
                    dir,
                    List.of("--jdbc-url", url),
                    url,
                    TestData.postgresUser(),
                    TestData.postgresPassword());
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void scenario(
            Path dir, List<String> storeArgs, String url, String user, String password)
            throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path good = dir.resolve("good.txt");
        Files.write(good, cdnow.subList(0, 3000), StandardCharsets.ISO_8859_1);
        Path bad = dir.resolve("bad.txt");
        List<String> broken = new ArrayList<>(cdnow.subList(0, 3000));
        for (int i = 1; i < broken.size(); i += 2) {
            broken.set(i, broken.get(i).replaceFirst("19\\d\\d", "xx")); // a bad date: rejected
        }
        Files.write(bad, broken, StandardCharsets.ISO_8859_1);
        assertEquals(0, run(good, dir.resolve("a"), storeArgs, "4"));
        String before = snapshot(url, user, password);
        assertEquals(ExitCodes.DATA_QUALITY, run(bad, dir.resolve("b"), storeArgs, "4"));
        assertEquals(
                before,
                snapshot(url, user, password),
                "a failed re-run changes none of the run's rows");

        assertEquals(0, run(good, dir.resolve("c"), storeArgs, "3"));
        String after = snapshot(url, user, password);
        assertNotEquals(before, after, "k 3 instead of 4");
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT (SELECT COUNT(*) FROM run_assignments WHERE run_id LIKE"
                                        + " '%~rerun') + (SELECT COUNT(*) FROM customer_rfm WHERE"
                                        + " run_id LIKE '%~rerun') + (SELECT COUNT(*) FROM models"
                                        + " WHERE run_id LIKE '%~rerun'),"
                                        + " (SELECT COUNT(DISTINCT cluster_id) FROM run_assignments),"
                                        + " (SELECT COUNT(*) FROM models WHERE version = 'nightly')")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "no shadow rows left");
            assertEquals(3, rs.getLong(2), "the re-run's rows replaced the run's");
            assertEquals(1, rs.getLong(3), "one model of the run");
        }
    }

    private static int run(Path input, Path out, List<String> storeArgs, String k) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                input.toString(),
                                "--format",
                                "cdnow",
                                "--as-of",
                                "1998-06-30",
                                "--k",
                                k,
                                "--seed",
                                "7",
                                "--run-id",
                                "nightly",
                                "--out",
                                out.toString(),
                                "--parallelism",
                                "2"));
        args.addAll(storeArgs);
        return SegmentCli.execute(args.toArray(new String[0]));
    }

    /** What an analyst sees of the run: its current segments and detail, as text. */
    private static String snapshot(String url, String user, String password) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            for (String sql :
                    List.of(
                            "SELECT customer_id, persona, distance, explanation FROM"
                                    + " segment_assignments ORDER BY customer_id",
                            "SELECT run_id, customer_id, cluster_id, distance FROM run_assignments"
                                    + " ORDER BY run_id, customer_id",
                            "SELECT run_id, customer_id, r_score FROM customer_rfm ORDER BY"
                                    + " run_id, customer_id",
                            "SELECT version, run_id, params FROM models ORDER BY version",
                            "SELECT run_id, cluster_id, name, size FROM personas ORDER BY run_id, cluster_id")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }
}
