package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import dev.segment.jobs.testkit.InJvmKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import kafka.testkit.KafkaClusterTestKit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay -> Kafka -> stream --bounded -> store, through the CLI: the REES46 sample's 330 sessions
 * land in the sessions table of the embedded store and of PostgreSQL, and a second run of the
 * stream leaves the same rows (upserts).
 */
class StreamCliITCase {

    @Test
    void replayThenStreamFillsTheSessionsTableOnBothStores(@TempDir Path dir) throws Exception {
        String schema = "it_stream_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        try (KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            try (Admin a = Admin.create(props)) {
                a.createTopics(List.of(new NewTopic("rees", 2, (short) 1))).all().get();
            }
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
            for (String url : List.of("jdbc:h2:file:" + dir.resolve("h2/segment"), pg)) {
                for (int round = 0; round < 2; round++) {
                    out =
                            CliRun.ok(
                                    "stream",
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--topic",
                                    "rees",
                                    "--format",
                                    "rees46",
                                    "--group-id",
                                    "it-" + round + url.hashCode(),
                                    "--bounded",
                                    "--jdbc-url",
                                    url,
                                    "--parallelism",
                                    "2");
                    assertTrue(
                            out.contains(
                                    "events read 1,000 | accepted 1,000 | rejected 0 | late 0 |"
                                            + " sessions 330"),
                            out);
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
            }
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
