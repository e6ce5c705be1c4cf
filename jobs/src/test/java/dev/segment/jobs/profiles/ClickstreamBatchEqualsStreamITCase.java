package dev.segment.jobs.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventFiles;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.events.KafkaEvents;
import dev.segment.jobs.generate.GeneratorConfig;
import dev.segment.jobs.generate.SyntheticDataGenerator;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import kafka.testkit.KafkaClusterTestKit;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the streaming half: the same events through a real Kafka broker (two partitions,
 * out of order within the watermark bound, STREAMING mode) and from a file (BATCH mode) give the
 * same sessions, live profiles and identity links, row for row. Generated traffic is mixed with
 * hand-written stitching and consent cases ({@link ProfileScenarios}), checked in both modes.
 */
class ClickstreamBatchEqualsStreamITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    @Test
    void kafkaAndFilesGiveIdenticalSessionsAndProfiles(@TempDir Path dir) throws Exception {
        new SyntheticDataGenerator(
                        new GeneratorConfig(
                                200, 150, 5, LocalDate.of(2024, 1, 1), dir, true, false, false))
                .generate(null);
        Path clicks = dir.resolve("clicks.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(clicks));
        lines.addAll(ProfileScenarios.lines());
        Files.write(clicks, lines);
        Sessionizer.Config config = Sessionizer.Config.defaults();

        // batch: the file
        StreamExecutionEnvironment batch = MiniClusters.batch(2);
        SingleOutputStreamOperator<Event> fileEvents =
                EventFiles.read(batch, clicks, EventFormat.CANONICAL);
        CollectingSink<Session> fromFiles = new CollectingSink<>();
        CollectingSink<ProfileChange> profilesFromFiles = new CollectingSink<>();
        CollectingSink<IdentityLink> linksFromFiles = new CollectingSink<>();
        ProfilePipeline.Outputs batchOut =
                ProfilePipeline.build(
                        Sessionizer.withEventTime(fileEvents, config), config, rules(true));
        batchOut.sessions().sinkTo(fromFiles);
        batchOut.profiles().sinkTo(profilesFromFiles);
        batchOut.links().sinkTo(linksFromFiles);
        batch.execute("sessions from files");

        // stream: the same events through Kafka, keyed by visitor, sent in time order with up to
        // 20 s of jitter (inside the 30 s bound), plus two malformed records
        try (KafkaClusterTestKit kafka = dev.segment.jobs.testkit.InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            dev.segment.jobs.testkit.InJvmKafka.createTopics(bootstrap, 2, "events");
            List<String[]> records = new ArrayList<>();
            Random random = new Random(9);
            for (String line : lines) {
                String visitor = line.replaceAll(".*\"visitor_id\":\"([^\"]*)\".*", "$1");
                String ts = line.replaceAll(".*\"ts\":\"([^\"]*)\".*", "$1");
                long key = Instant.parse(ts).toEpochMilli() + random.nextInt(20_000);
                records.add(new String[] {Long.toString(key), visitor, line});
            }
            records.sort(Comparator.comparingLong(r -> Long.parseLong(r[0])));
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (String[] r : records) {
                    producer.send(
                            new ProducerRecord<>(
                                    "events",
                                    r[1].getBytes(StandardCharsets.UTF_8),
                                    r[2].getBytes(StandardCharsets.UTF_8)));
                }
                producer.send(
                        new ProducerRecord<>(
                                "events",
                                "x".getBytes(),
                                "{not json".getBytes(StandardCharsets.UTF_8)));
                producer.send(
                        new ProducerRecord<>(
                                "events",
                                "y".getBytes(),
                                "{\"ts\":\"2024-01-01T00:00:00Z\",\"event_type\":\"login\"}"
                                        .getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }

            StreamExecutionEnvironment stream = MiniClusters.streaming(2);
            SingleOutputStreamOperator<Event> kafkaEvents =
                    KafkaEvents.read(
                            stream,
                            new KafkaEvents.Options(
                                    bootstrap,
                                    "events",
                                    "it-sessions",
                                    EventFormat.CANONICAL,
                                    true,
                                    config.outOfOrderness()));
            CollectingSink<Session> fromKafka = new CollectingSink<>();
            CollectingSink<Event> late = new CollectingSink<>();
            CollectingSink<DeadLetter> dead = new CollectingSink<>();
            kafkaEvents.getSideOutput(EventFiles.DEAD_LETTERS).sinkTo(dead);
            CollectingSink<ProfileChange> profilesFromKafka = new CollectingSink<>();
            CollectingSink<IdentityLink> linksFromKafka = new CollectingSink<>();
            ProfilePipeline.Outputs streamOut =
                    ProfilePipeline.build(kafkaEvents, config, rules(false));
            streamOut.sessions().sinkTo(fromKafka);
            streamOut.lateEvents().sinkTo(late);
            streamOut.profiles().sinkTo(profilesFromKafka);
            streamOut.links().sinkTo(linksFromKafka);
            stream.execute("sessions from kafka");

            assertEquals(List.of(), late.results(), "no event is late within the bound");
            assertEquals(2, dead.results().size());
            assertTrue(
                    dead.results().stream()
                            .allMatch(d -> d.source.startsWith("events/") && d.position >= 0),
                    "topic/partition and offset");
            List<String> expected = csv(fromFiles.results());
            assertTrue(expected.size() > 500, "sessions: " + expected.size());
            assertEquals(expected, csv(fromKafka.results()));

            Map<String, String> batchProfiles = latest(profilesFromFiles.results());
            Map<String, String> streamProfiles = latest(profilesFromKafka.results());
            assertTrue(batchProfiles.size() > 100, "profiles: " + batchProfiles.size());
            assertEquals(batchProfiles, streamProfiles);
            assertEquals(earliest(linksFromFiles.results()), earliest(linksFromKafka.results()));
            assertScenarios(batchProfiles, earliest(linksFromFiles.results()));
            assertScenarios(streamProfiles, earliest(linksFromKafka.results()));
            assertTrue(
                    profilesFromKafka.results().stream()
                            .anyMatch(
                                    c ->
                                            c.profileId.equals(ProfileScenarios.WITHDRAWN_CUSTOMER)
                                                    && c.profile == null
                                                    && "consent_withdrawn".equals(c.reason)),
                    "the stream deletes the withdrawn customer's stored profile");
        }
    }

    /** The hand-written cases hold in each mode on its own, not only equally. */
    private static void assertScenarios(Map<String, String> profiles, Map<String, Long> links) {
        String stitched = profiles.get(ProfileScenarios.STITCHED_CUSTOMER);
        assertTrue(stitched != null, "the stitched customer has a profile");
        // two devices, three sessions (the anonymous one moved in), six events, shoes first
        assertTrue(stitched.startsWith("Cstitch,Cstitch,2,2024-03-01T10:00:00Z,"), stitched);
        assertTrue(stitched.contains(",returning,3,"), stitched);
        assertTrue(stitched.contains(",shoes:"), stitched);
        assertTrue(
                stitched.indexOf("shoes:") < stitched.indexOf("bags:"),
                "shoes (viewed, carted, bought) before bags (viewed once): " + stitched);
        assertEquals(
                null,
                profiles.get("visitor:" + ProfileScenarios.STITCHED_VISITOR),
                "the anonymous profile merged into the customer");
        assertTrue(
                links.containsKey(
                        ProfileScenarios.STITCHED_VISITOR
                                + "|"
                                + ProfileScenarios.STITCHED_CUSTOMER),
                "link: " + links.keySet().stream().filter(k -> k.contains("stitch")).toList());
        assertTrue(profiles.containsKey("visitor:" + ProfileScenarios.ANONYMOUS_VISITOR));
        for (String gone :
                List.of(
                        ProfileScenarios.WITHDRAWN_CUSTOMER,
                        "visitor:Vwithdraw",
                        "visitor:" + ProfileScenarios.DECLINING_VISITOR,
                        "visitor:" + ProfileScenarios.SILENT_VISITOR)) {
            assertEquals(null, profiles.get(gone), gone + " must have no behavioural profile");
        }
        // sessions and events of the re-granted customers: nothing from before the withdrawal
        assertEquals(
                "Cregrant,Cregrant,1,2024-03-03T10:00:00Z,2024-03-03T10:01:00Z,new,1,",
                prefix(profiles.get(ProfileScenarios.REGRANTED_CUSTOMER), 7));
        assertEquals(
                "Cregrant-same,Cregrant-same,1,2024-03-03T09:10:00Z,2024-03-03T09:11:00Z,new,0,",
                prefix(profiles.get(ProfileScenarios.REGRANTED_SAME_SESSION_CUSTOMER), 7),
                "the session open at the withdrawal counts nowhere");
        assertEquals(
                "Cregrant-late,Cregrant-late,1,2024-03-04T09:45:00Z,2024-03-04T09:46:00Z,new,0,",
                prefix(profiles.get(ProfileScenarios.REGRANTED_LATE_CUSTOMER), 7),
                "a withdrawal more than a gap after the session began");
    }

    /** The first {@code n} fields of a CSV line, each followed by its comma. */
    private static String prefix(String line, int n) {
        assertTrue(line != null, "no profile");
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = line.indexOf(',', at + 1);
        }
        return line.substring(0, at + 1);
    }

    /** The last change per profile, as CSV (null-profile changes delete). */
    private static Map<String, String> latest(List<ProfileChange> changes) {
        Map<String, String> m = new TreeMap<>();
        for (ProfileChange c : changes) {
            if (c.profile == null) {
                m.remove(c.profileId);
            } else {
                m.put(c.profileId, c.profile.toCsv());
            }
        }
        return m;
    }

    private static Map<String, Long> earliest(List<IdentityLink> links) {
        Map<String, Long> m = new TreeMap<>();
        for (IdentityLink l : links) {
            m.merge(l.visitorId + "|" + l.customerId, l.linkedAt, Math::min);
        }
        return m;
    }

    private static ProfileRules rules(boolean finalOnly) {
        return new ProfileRules("UTC", Duration.ofDays(7), false, Duration.ofDays(90), finalOnly);
    }

    private static List<String> csv(List<Session> sessions) {
        return sessions.stream().map(Session::toCsv).sorted().toList();
    }
}
