package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.runtime.FailOnce;
import dev.segment.jobs.testkit.InJvmKafka;
import dev.segment.jobs.testkit.TcpProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.testkit.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job's guarantees, end to end on real Kafka and PostgreSQL: a run with an operator
 * failure (restart from the last checkpoint) and a run through a 30-second PostgreSQL outage end
 * with the same store tables as a failure-free run, and their change topics (read committed) hold
 * one unbroken chain of changes per customer, ending in the same segments: nothing lost, nothing
 * duplicated.
 */
class StreamRecoveryITCase {

    /** Tables the stream writes; columns that record wall-clock or run identity are left out. */
    static final List<String> TABLES =
            List.of(
                    "sessions",
                    "late_events",
                    "customer_live_profile",
                    "identity_links",
                    "segment_assignments_live");

    private static final List<String> VOLATILE_COLUMNS =
            List.of("updated_at", "model_version", "received_at");

    @Test
    void failureAndStoreOutageEndEqualToAFailureFreeRun(@TempDir Path dir) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 6);
        List<String> schemas = List.of("it_rec_ref_" + id, "it_rec_fail_" + id, "it_rec_out_" + id);
        for (String s : schemas) {
            TestData.postgresExecute("CREATE SCHEMA " + s);
        }
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Path clicks = LiveFixture.generate(dir, 1000);
            InJvmKafka.createTopics(bootstrap, 2, "clicks", "ch-ref", "ch-fail", "ch-out");
            LiveFixture.replay(clicks, bootstrap, "clicks");
            for (String s : schemas) {
                LiveFixture.batchRun(dir.resolve(s), dir, TestData.postgresUrlInSchema(s));
            }

            // 1. failure-free
            String ref = stream(bootstrap, TestData.postgresUrlInSchema(schemas.get(0)), "ch-ref");

            // 2. an operator fails once after a checkpoint; the job restarts from it
            int before = FailOnce.INJECTED.get();
            String failed =
                    stream(
                            bootstrap,
                            TestData.postgresUrlInSchema(schemas.get(1)),
                            "ch-fail",
                            "--fail-once-after",
                            "5000");
            assertEquals(before + 1, FailOnce.INJECTED.get(), "one failure was injected");

            // 3. PostgreSQL unreachable for 30 s while the job runs
            String out;
            String outageUrl;
            Matcher hostPort =
                    Pattern.compile("jdbc:postgresql://([^:/]+):([0-9]+)/")
                            .matcher(TestData.postgresUrlInSchema(schemas.get(2)));
            assertTrue(hostPort.find());
            try (TcpProxy proxy =
                    new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)))) {
                outageUrl =
                        hostPort.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/");
                CompletableFuture<String> running =
                        CompletableFuture.supplyAsync(() -> stream(bootstrap, outageUrl, "ch-out"));
                String direct = TestData.postgresUrlInSchema(schemas.get(2));
                waitForRows(direct, "sessions", 60);
                // the outage must hit a running job that holds connections, and the job must
                // write again after it: otherwise this part would pass without an outage
                assertFalse(running.isDone(), "the job still runs when PostgreSQL goes away");
                int dropped = proxy.cut();
                long rowsAtCut = rows(direct, "sessions");
                assertTrue(dropped > 0, "the job's connections were dropped: " + dropped);
                int acceptedAtCut = proxy.accepted();
                Thread.sleep(30_000);
                assertFalse(running.isDone(), "the job waited out the outage");
                proxy.restore();
                out = running.get(5, TimeUnit.MINUTES);
                assertTrue(proxy.accepted() > acceptedAtCut, "the job reconnected");
                assertTrue(
                        rows(direct, "sessions") > rowsAtCut,
                        "sessions written after the outage (" + rowsAtCut + " at the cut)");
            }

            for (String s : schemas.subList(1, 3)) {
                for (String table : TABLES) {
                    assertSameRows(schemas.get(0), s, table);
                }
            }
            Map<String, String> refSegments = chainsOf(bootstrap, "ch-ref", ref);
            assertEquals(refSegments, chainsOf(bootstrap, "ch-fail", failed), "after a failure");
            assertEquals(refSegments, chainsOf(bootstrap, "ch-out", out), "after an outage");
        } finally {
            for (String s : schemas) {
                TestData.postgresExecute("DROP SCHEMA " + s + " CASCADE");
            }
        }
    }

    private static String stream(String bootstrap, String url, String changes, String... more) {
        List<String> args = new ArrayList<>(streamArgs(bootstrap, url, changes));
        args.addAll(List.of(more));
        return CliRun.ok(args.toArray(new String[0]));
    }

    /**
     * A bounded {@code stream} of topic {@code clicks} into {@code url}, segment changes to topic
     * {@code changes}, checkpoints every 500 ms, parallelism 2.
     */
    static List<String> streamArgs(String bootstrap, String url, String changes) {
        return List.of(
                "stream",
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                "clicks",
                "--group-id",
                changes,
                "--bounded",
                "--changes-topic",
                changes,
                "--checkpoint-interval",
                "500ms",
                "--jdbc-url",
                url,
                "--parallelism",
                "2");
    }

    /** The change topic's chains (checked unbroken), with as many records as the job counted. */
    static Map<String, String> chainsOf(String bootstrap, String topic, String out)
            throws Exception {
        Matcher m = Pattern.compile("segment/intent changes ([0-9,]+)").matcher(out);
        assertTrue(m.find(), out);
        List<JsonNode> records = LiveFixture.readCommitted(bootstrap, topic, 2);
        if (topic.equals("ch-ref")) {
            // after a restart the job's counters cover the last attempt only
            assertEquals(
                    Long.parseLong(m.group(1).replace(",", "")),
                    records.size(),
                    topic + ": committed records = the job's count");
        } else {
            assertTrue(records.size() > 100, topic + ": " + records.size());
        }
        return LiveFixture.chains(records);
    }

    static void assertSameRows(String a, String b, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(TestData.postgresUrl());
                Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT column_name FROM information_schema.columns WHERE"
                                    + " table_schema = '"
                                    + a
                                    + "' AND table_name = '"
                                    + table
                                    + "' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    if (!VOLATILE_COLUMNS.contains(rs.getString(1))) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            String cols = String.join(", ", columns);
            long rows = count(s, "SELECT COUNT(*) FROM " + a + "." + table);
            assertEquals(rows, count(s, "SELECT COUNT(*) FROM " + b + "." + table), table);
            long differ = count(s, "SELECT COUNT(*) FROM (" + except(a, b, table, cols) + ") d");
            assertEquals(
                    0,
                    differ,
                    table
                            + ": rows of "
                            + a
                            + " missing from "
                            + b
                            + "\n"
                            + sample(s, a, b, table, cols)
                            + "\ninstead:\n"
                            + sample(s, b, a, table, cols));
            if (!table.equals("late_events")) {
                assertTrue(rows > 0, table + " has rows");
            }
        }
    }

    /** Up to ten rows of {@code a.table} that {@code b.table} lacks, one per line. */
    private static String sample(Statement s, String a, String b, String table, String cols)
            throws Exception {
        StringBuilder rows = new StringBuilder();
        String sql = "SELECT * FROM (" + except(a, b, table, cols) + ") d ORDER BY 1 LIMIT 10";
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    rows.append(i > 1 ? " | " : "  ").append(rs.getString(i));
                }
                rows.append('\n');
            }
        }
        return rows.toString();
    }

    /** The rows of {@code a.table} that {@code b.table} lacks, compared on {@code cols}. */
    private static String except(String a, String b, String table, String cols) {
        return "SELECT "
                + cols
                + " FROM "
                + a
                + "."
                + table
                + " EXCEPT SELECT "
                + cols
                + " FROM "
                + b
                + "."
                + table;
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long rows(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            return count(s, "SELECT COUNT(*) FROM " + table);
        }
    }

    static void waitForRows(String url, String table, int seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            try {
                if (rows(url, table) > 0) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // the table appears when the job's migration ran
            }
            Thread.sleep(200);
        }
        throw new AssertionError(table + " got no rows in " + seconds + " s");
    }
}
