package dev.segment.jobs.sessions;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import kafka.testkit.KafkaClusterTestKit;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the streaming half: the same events through a real Kafka broker (two partitions,
 * out of order within the watermark bound, STREAMING mode) and from a file (BATCH mode) give the
 * same sessions, row for row.
 */
class SessionsBatchEqualsStreamITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    @Test
    void kafkaAndFilesGiveIdenticalSessions(@TempDir Path dir) throws Exception {
        new SyntheticDataGenerator(
                        new GeneratorConfig(
                                200, 150, 5, LocalDate.of(2024, 1, 1), dir, true, false, false))
                .generate(null);
        Path clicks = dir.resolve("clicks.jsonl");
        List<String> lines = Files.readAllLines(clicks);
        Sessionizer.Config config = Sessionizer.Config.defaults();

        // batch: the file
        StreamExecutionEnvironment batch = MiniClusters.batch(2);
        SingleOutputStreamOperator<Event> fileEvents =
                EventFiles.read(batch, clicks, EventFormat.CANONICAL);
        CollectingSink<Session> fromFiles = new CollectingSink<>();
        Sessionizer.sessions(fileEvents, config).sinkTo(fromFiles);
        batch.execute("sessions from files");

        // stream: the same events through Kafka, keyed by visitor, sent in time order with up to
        // 20 s of jitter (inside the 30 s bound), plus two malformed records
        try (KafkaClusterTestKit kafka = dev.segment.jobs.testkit.InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Properties admin = new Properties();
            admin.put("bootstrap.servers", bootstrap);
            try (Admin a = Admin.create(admin)) {
                a.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
            }
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
            SingleOutputStreamOperator<Session> sessions =
                    Sessionizer.sessionsOfTimestamped(kafkaEvents, config);
            sessions.sinkTo(fromKafka);
            sessions.getSideOutput(Sessionizer.LATE).sinkTo(late);
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
        }
    }

    private static List<String> csv(List<Session> sessions) {
        return sessions.stream().map(Session::toCsv).sorted().toList();
    }
}
