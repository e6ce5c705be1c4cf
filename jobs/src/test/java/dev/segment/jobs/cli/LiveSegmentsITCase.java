package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.testkit.InJvmKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.testkit.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run (batch: model and RFM) -> replay -> stream --bounded --changes-topic into PostgreSQL: every
 * customer without a purchase since the batch run keeps the batch persona and lifecycle live; a
 * purchase after the batch as-of moves live RFM at once; a decline turns the customer generic and
 * leaves no profile; the change topic, read committed, holds one unbroken chain of changes per
 * customer that ends in the table's segment.
 */
class LiveSegmentsITCase {

    @Test
    void liveSegmentsContinueTheBatchRunAndMoveWithNewPurchases(@TempDir Path dir)
            throws Exception {
        String schema = "it_live_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Path clicks = LiveFixture.generate(dir, 300);
            LiveFixture.batchRun(dir, pg);
            InJvmKafka.createTopics(bootstrap, 2, "clicks", "changes");
            LiveFixture.replay(clicks, bootstrap, "clicks");
            String out =
                    CliRun.ok(
                            "stream",
                            "--bootstrap-servers",
                            bootstrap,
                            "--topic",
                            "clicks",
                            "--bounded",
                            // every profile change reaches the live segments: the decliner's
                            // profile is live before the withdrawal, as it is in real time (a
                            // bounded run reads so fast that it would otherwise still be waiting)
                            "--profile-interval",
                            "0",
                            "--changes-topic",
                            "changes",
                            "--checkpoint-interval",
                            "1s",
                            "--jdbc-url",
                            pg,
                            "--parallelism",
                            "2");
            assertTrue(out.contains("live RFM baseline: run "), out);
            Matcher m = Pattern.compile("segment/intent changes ([0-9,]+)").matcher(out);
            assertTrue(m.find(), out);
            long reported = Long.parseLong(m.group(1).replace(",", ""));

            try (Connection c = DriverManager.getConnection(pg);
                    Statement s = c.createStatement()) {
                // customers without a purchase since the batch run: the batch persona, live
                long[] same =
                        longs(
                                s,
                                "SELECT COUNT(*),"
                                        + " SUM(CASE WHEN l.persona = a.persona THEN 1 ELSE 0 END),"
                                        + " SUM(CASE WHEN l.lifecycle = a.lifecycle_stage"
                                        + " THEN 1 ELSE 0 END)"
                                        + " FROM segment_assignments_live l"
                                        + " JOIN latest_segments a ON a.customer_id = l.customer_id"
                                        + " WHERE l.persona NOT IN ('generic', 'prospect')"
                                        + " AND l.customer_id <> '"
                                        + LiveFixture.BUYER
                                        + "'");
                assertTrue(same[0] > 50, "customers with a live segment: " + same[0]);
                assertEquals(same[0], same[1], "live persona = batch persona");
                assertEquals(same[0], same[2], "live lifecycle = batch lifecycle");

                // the buyer: baseline plus the purchase after the as-of day
                long[] batch =
                        longs(
                                s,
                                "SELECT frequency, ROUND(monetary * 100) FROM latest_rfm"
                                        + " WHERE definition = 'classic' AND customer_id = '"
                                        + LiveFixture.BUYER
                                        + "'");
                long[] live =
                        longs(
                                s,
                                "SELECT frequency, ROUND(monetary * 100), recency_days"
                                        + " FROM customer_live_profile WHERE profile_id = '"
                                        + LiveFixture.BUYER
                                        + "'");
                assertEquals(batch[0] + 1, live[0], "frequency: batch + 1");
                assertEquals(batch[1] + 12345, live[1], "monetary: batch + 123.45");
                assertEquals(0, live[2], "bought today");
                assertEquals(
                        LiveFixture.AFTER_DAY,
                        string(
                                s,
                                "SELECT rfm_as_of FROM customer_live_profile WHERE profile_id"
                                        + " = '"
                                        + LiveFixture.BUYER
                                        + "'"));

                // the decliner: generic, no live profile
                assertEquals(
                        "generic|null",
                        string(
                                s,
                                "SELECT persona || '|' || COALESCE(CAST(cluster_id AS VARCHAR),"
                                        + " 'null') FROM segment_assignments_live WHERE"
                                        + " customer_id = '"
                                        + LiveFixture.DECLINER
                                        + "'"));
                assertEquals(
                        0,
                        longs(
                                s,
                                "SELECT COUNT(*) FROM customer_live_profile WHERE profile_id"
                                        + " = '"
                                        + LiveFixture.DECLINER
                                        + "'")[0]);

                // the analysts' view of intents now equals the rows counted here
                assertEquals(
                        intentsNow(s),
                        LiveFixture.stringMap(
                                s,
                                "SELECT intent,"
                                        + " CAST(customers AS VARCHAR) FROM live_intent_now"),
                        "live_intent_now");

                // the change topic: committed, complete, one chain per customer
                List<JsonNode> changes = LiveFixture.readCommitted(bootstrap, "changes", 2);
                assertEquals(reported, changes.size(), "records = the job's count");
                Map<String, String> last = LiveFixture.chains(changes);
                Map<String, String> table =
                        LiveFixture.stringMap(
                                s, "SELECT customer_id, persona FROM segment_assignments_live");
                assertEquals(table, last, "each chain ends in the table's segment");
                assertEquals(
                        "consent_withdrawn",
                        changes.stream()
                                .filter(
                                        j ->
                                                j.get("customer_id")
                                                        .asText()
                                                        .equals(LiveFixture.DECLINER))
                                .reduce((a, b) -> b)
                                .orElseThrow()
                                .get("reason")
                                .asText());
            }
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** Intents of customers active within 30 minutes of the newest live activity, by hand. */
    private static Map<String, String> intentsNow(Statement s) throws Exception {
        List<Object[]> rows = new java.util.ArrayList<>();
        java.time.Instant newest = java.time.Instant.MIN;
        try (ResultSet rs =
                s.executeQuery("SELECT intent, updated_at FROM segment_assignments_live")) {
            while (rs.next()) {
                java.time.Instant at = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                rows.add(new Object[] {rs.getString(1), at});
                newest = at.isAfter(newest) ? at : newest;
            }
        }
        java.time.Instant from = newest.minus(java.time.Duration.ofMinutes(30));
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Object[] r : rows) {
            if (!((java.time.Instant) r[1]).isBefore(from)) {
                counts.merge(r[0] == null ? "none" : (String) r[0], 1L, Long::sum);
            }
        }
        assertTrue(!counts.isEmpty(), "customers active now");
        Map<String, String> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static long[] longs(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            long[] v = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rs.getLong(i + 1);
            }
            return v;
        }
    }

    static String string(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
