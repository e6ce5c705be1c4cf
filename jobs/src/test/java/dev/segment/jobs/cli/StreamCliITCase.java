package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import dev.segment.jobs.profiles.ProfileScenarios;
import dev.segment.jobs.testkit.InJvmKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import kafka.testkit.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay -> Kafka -> stream --bounded -> store, through the CLI: the REES46 sample's 330 sessions
 * land in the sessions table of the embedded store and of PostgreSQL, and a second run of the
 * stream leaves the same rows (upserts). The stitching and consent cases reach the live profile
 * tables: a stitched customer's golden record and identity link, and a withdrawal that deletes a
 * profile row an earlier run stored.
 */
class StreamCliITCase {

    @Test
    void replayThenStreamFillsTheSessionsTableOnBothStores(@TempDir Path dir) throws Exception {
        String schema = "it_stream_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            InJvmKafka.createTopics(bootstrap, 2, "rees", "scenarios");
            String out =
                    CliRun.ok(
                            "replay",
                            "--clicks",
                            TestData.file("rees46/2019-Oct-sample.csv").toString(),
                            "--format",
                            "rees46",
                            "--bootstrap-servers",
                            bootstrap,
                            "--topic",
                            "rees");
            assertTrue(out.contains("replayed 1,000 events to rees"), out);
            for (String url : List.of("jdbc:duckdb:" + dir.resolve("duck/segment.duckdb"), pg)) {
                for (int round = 0; round < 2; round++) {
                    out = streamRees46(bootstrap, "it-" + round + url.hashCode(), url);
                    assertTrue(
                            out.contains(
                                    "events read 1,000 | accepted 1,000 | rejected 0 | late 0 |"
                                            + " sessions 330"),
                            out);
                    // checkpoints on disk, never in the JobManager's 5 MB; the directory goes
                    java.util.regex.Matcher cp =
                            java.util.regex.Pattern.compile(
                                            "checkpoints every 30s in (\\S+) \\(temporary\\)")
                                    .matcher(out);
                    assertTrue(cp.find(), out);
                    assertTrue(
                            !java.nio.file.Files.exists(java.nio.file.Path.of(cp.group(1))),
                            "temporary checkpoints deleted: " + cp.group(1));
                }
                out =
                        CliRun.ok(
                                "sql",
                                "SELECT COUNT(*) AS n, SUM(events) AS e, SUM(purchases) AS p,"
                                        + " SUM(product_views) AS v FROM sessions",
                                "--format",
                                "csv",
                                "--jdbc-url",
                                url);
                assertTrue(out.strip().endsWith("330,1000,10,987"), url + ": " + out);
                out = sql(url, "SELECT COUNT(*) FROM customer_live_profile");
                assertTrue(
                        Long.parseLong(out.strip().substring(out.strip().lastIndexOf('\n') + 1))
                                > 100,
                        "REES46 visitors have live profiles (the format has no consent field):"
                                + out);
            }

            // stream takes the same --intent-rules as sessions and run --clicks: a table whose
            // first rule matches every session names all 330 so (the default table gives several
            // intents on this sample)
            Path rules = dir.resolve("rules.json");
            Files.writeString(
                    rules,
                    "{\"default\": \"browse\", \"rules\": [{\"intent\": \"support\","
                            + " \"min\": {\"events\": 1}}]}");
            String ruled = "it_stream_rules_" + UUID.randomUUID().toString().substring(0, 8);
            TestData.postgresExecute("CREATE SCHEMA " + ruled);
            try {
                streamRees46(
                        bootstrap,
                        "it-rules",
                        TestData.postgresUrlInSchema(ruled),
                        "--intent-rules",
                        rules.toString());
                assertEquals(
                        "support,330",
                        sql(
                                        TestData.postgresUrlInSchema(ruled),
                                        "SELECT intent, COUNT(*) FROM sessions GROUP BY intent")
                                .strip()
                                .lines()
                                .skip(1)
                                .reduce((a, b) -> a + "|" + b)
                                .orElse(""));
            } finally {
                TestData.postgresExecute("DROP SCHEMA " + ruled + " CASCADE");
            }

            // stitching and consent into both stores; the withdrawal arrives in a second run
            List<String> scenario = ProfileScenarios.lines();
            Path before = dir.resolve("before-withdrawal.jsonl");
            Path after = dir.resolve("withdrawal.jsonl");
            List<String> first =
                    new java.util.ArrayList<>(
                            scenario.stream().filter(l -> !isWithdrawal(l)).toList());
            // a customer whose clicks never state consent (the canonical default is denied)
            first.add(
                    "{\"event_id\":\"n1\",\"ts\":\"2024-03-05T09:00:00Z\",\"event_type\":"
                            + "\"page_view\",\"visitor_id\":\"Vnoconsent\",\"customer_id\":"
                            + "\"Cnoconsent\"}");
            Files.write(before, first);
            Files.write(after, scenario.stream().filter(StreamCliITCase::isWithdrawal).toList());
            String duck = "jdbc:duckdb:" + dir.resolve("duck/segment.duckdb");
            LiveFixture.replay(before, bootstrap, "scenarios");
            for (String url : List.of(duck, pg)) {
                streamScenarios(bootstrap, url, "first");
                assertEquals(
                        "Cstitch,2,3,6|Cwithdraw,1,1,2|visitor:Vanon,1,1,3",
                        profiles(url),
                        "before the withdrawal: " + url);
            }
            LiveFixture.replay(after, bootstrap, "scenarios");
            for (String url : List.of(duck, pg)) {
                // the events without consent are only counted: w4 after the withdrawal, Vdecline's
                // two, Vsilent's one and Cnoconsent's one (the canonical default is denied)
                String second = streamScenarios(bootstrap, url, "second");
                assertTrue(
                        second.contains(
                                "profiles: events profiled "
                                        + ProfileScenarios.PROFILED_EVENTS
                                        + " | not profiled (no consent) 5 | consent withdrawals 4"),
                        second);
                // neither is greeted from a profile: the live segment is generic
                assertEquals(
                        "Cnoconsent,generic,\"no consent to use their data stated: generic"
                                + " segment, no profile\"\nCwithdraw,generic,\"declined or withdrew"
                                + " the use of their data: generic segment, no profile\"",
                        sql(
                                        url,
                                        "SELECT customer_id, persona, explanation FROM"
                                                + " segment_assignments_live WHERE customer_id IN"
                                                + " ('Cnoconsent', 'Cwithdraw') ORDER BY"
                                                + " customer_id")
                                .strip()
                                .lines()
                                .skip(1)
                                .reduce((a, b) -> a + "\n" + b)
                                .orElse(""),
                        url);
                assertEquals(
                        "Cstitch,2,3,6|visitor:Vanon,1,1,3",
                        profiles(url),
                        "the withdrawn customer's stored row is gone: " + url);
                String links =
                        sql(
                                url,
                                "SELECT visitor_id, customer_id, linked_by FROM identity_links"
                                        + " WHERE customer_id = 'Cstitch' ORDER BY visitor_id");
                assertTrue(
                        links.strip()
                                .endsWith(
                                        "Vstitch,Cstitch,login\nVstitch-phone,Cstitch,product_view"),
                        links);
                // the stream's consent statements reach the golden record and the consent table
                String consent =
                        sql(
                                url,
                                "SELECT c.customer_id, c.consent, COUNT(*) FROM customers c JOIN"
                                        + " consent x ON x.customer_id = c.customer_id WHERE"
                                        + " x.source = 'stream' AND c.customer_id = 'Cwithdraw'"
                                        + " GROUP BY c.customer_id, c.consent");
                assertEquals(
                        "Cwithdraw,withdrawn,2",
                        consent.strip().lines().skip(1).findFirst().orElse(""),
                        consent);
            }
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A bounded stream of topic rees (REES46) into {@code url} at parallelism 2. */
    private static String streamRees46(
            String bootstrap, String groupId, String url, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "stream",
                                "--bootstrap-servers",
                                bootstrap,
                                "--topic",
                                "rees",
                                "--format",
                                "rees46",
                                "--group-id",
                                groupId,
                                "--bounded",
                                "--jdbc-url",
                                url,
                                "--parallelism",
                                "2"));
        args.addAll(List.of(more));
        return CliRun.ok(args.toArray(new String[0]));
    }

    private static boolean isWithdrawal(String line) {
        return line.contains("\"event_id\":\"w3\"") || line.contains("\"event_id\":\"w4\"");
    }

    private static String streamScenarios(String bootstrap, String url, String round) {
        return CliRun.ok(
                "stream",
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                "scenarios",
                "--group-id",
                "scenarios-" + round + url.hashCode(),
                "--bounded",
                "--jdbc-url",
                url,
                "--parallelism",
                "2",
                // the second round keeps its state in RocksDB: the same rows either way
                "--state-backend",
                round.equals("second") ? "rocksdb" : "hashmap");
    }

    /** profile_id, visitors, sessions, events of the scenario profiles, sorted, one line. */
    private static String profiles(String url) {
        String out =
                sql(
                        url,
                        "SELECT profile_id, visitors, sessions, events FROM customer_live_profile"
                                + " WHERE profile_id IN ('Cstitch', 'Cwithdraw', 'visitor:Vanon',"
                                + " 'visitor:Vstitch', 'visitor:Vdecline', 'visitor:Vsilent')"
                                + " ORDER BY profile_id");
        List<String> lines = out.strip().lines().toList();
        return String.join("|", lines.subList(1, lines.size()));
    }

    private static String sql(String url, String query) {
        return CliRun.ok("sql", query, "--format", "csv", "--jdbc-url", url);
    }
}
