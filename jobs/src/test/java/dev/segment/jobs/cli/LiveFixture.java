package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Generated customers for the live segment tests: transactions through {@code segment run} into a
 * store (model and RFM baseline), and their clickstream plus two events after the window (a
 * purchase by {@link #BUYER}, a decline by {@link #DECLINER}) replayed to a topic.
 */
final class LiveFixture {
    /** Two consenting customers of the generated data (all their events say consent=true). */
    static String BUYER;

    static String BUYER_VISITOR;
    static String DECLINER;
    static String DECLINER_VISITOR;

    /** The buyer's purchase after the window: day and amount. */
    static final String AFTER_DAY = "2023-06-01";

    static final String AFTER_AMOUNT = "123.45";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveFixture() {}

    /**
     * One canonical click as a JSON line, with consent and a mobile device; {@code customer} null
     * for an anonymous click, {@code category} null for none.
     */
    static String click(
            String id,
            java.time.Instant ts,
            String visitor,
            String customer,
            String type,
            String category) {
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        o.put("event_id", id).put("visitor_id", visitor).put("customer_id", customer);
        o.put("ts", ts.toString()).put("event_type", type);
        if (category != null) {
            o.put("category", category);
        }
        o.put("device", "mobile").put("consent", true);
        return o.toString();
    }

    /** Generates {@code customers} customers into {@code dir}; returns the clicks file. */
    static Path generate(Path dir, int customers) throws Exception {
        CliRun.ok(
                "generate",
                "--customers",
                String.valueOf(customers),
                "--days",
                "120",
                "--no-parquet",
                "--out",
                dir.toString());
        Path clicks = dir.resolve("clicks-live.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("clicks.jsonl")));
        // customers whose every event grants consent, with their (first) visitor
        Map<String, String> visitor = new java.util.TreeMap<>();
        java.util.Set<String> notAlwaysGranted = new java.util.HashSet<>();
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            JsonNode customer = e.get("customer_id");
            if (customer == null || customer.isNull()) {
                continue;
            }
            visitor.putIfAbsent(customer.asText(), e.get("visitor_id").asText());
            if (!e.path("consent").asBoolean(false)) {
                notAlwaysGranted.add(customer.asText());
            }
        }
        List<String> granted =
                visitor.keySet().stream().filter(c -> !notAlwaysGranted.contains(c)).toList();
        assertTrue(granted.size() >= 2, "consenting customers: " + granted);
        BUYER = granted.get(0);
        BUYER_VISITOR = visitor.get(BUYER);
        DECLINER = granted.get(1);
        DECLINER_VISITOR = visitor.get(DECLINER);
        lines.add(
                "{\"event_id\":\"after-1\",\"visitor_id\":\""
                        + BUYER_VISITOR
                        + "\",\"customer_id\":\""
                        + BUYER
                        + "\",\"ts\":\""
                        + AFTER_DAY
                        + "T10:00:00Z\",\"event_type\":\"purchase\",\"order_id\":\"after-order\","
                        + "\"amount\":"
                        + AFTER_AMOUNT
                        + ",\"device\":\"desktop\",\"consent\":true}");
        lines.add(
                "{\"event_id\":\"after-2\",\"visitor_id\":\""
                        + DECLINER_VISITOR
                        + "\",\"customer_id\":\""
                        + DECLINER
                        + "\",\"ts\":\""
                        + AFTER_DAY
                        + "T11:00:00Z\",\"event_type\":\"consent\",\"consent\":false}");
        Files.write(clicks, lines);
        return clicks;
    }

    /** {@code segment run} on the generated transactions into the store at {@code url}. */
    static void batchRun(Path dir, String url) {
        batchRun(dir.resolve("run"), dir, url);
    }

    /**
     * Replays the canonical events in {@code clicks} to {@code topic} with replay's {@code
     * options}; returns the output.
     */
    static String replay(Path clicks, String bootstrap, String topic, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--clicks",
                                clicks.toString(),
                                "--bootstrap-servers",
                                bootstrap,
                                "--topic",
                                topic));
        args.addAll(List.of(options));
        return CliRun.ok(args.toArray(String[]::new));
    }

    /** The same, writing its files to {@code out}. */
    static void batchRun(Path out, Path dir, String url) {
        String result =
                CliRun.ok(
                        "run",
                        "--transactions",
                        dir.resolve("transactions.csv").toString(),
                        "--k",
                        "4",
                        "--out",
                        out.toString(),
                        "--jdbc-url",
                        url,
                        "--parallelism",
                        "2");
        assertTrue(result.contains("run_assignments"), result);
    }

    /** Every committed record of {@code topic} (read_committed), per partition in order. */
    static List<JsonNode> readCommitted(String bootstrap, String topic, int partitions)
            throws Exception {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("isolation.level", "read_committed");
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);

            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < until) {
                boolean done = true;
                for (TopicPartition tp : tps) {
                    done &= consumer.position(tp) >= end.get(tp);
                }
                if (done) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    records.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return records;
    }

    /**
     * Checks that the change records form one unbroken chain per customer (each starts with
     * "entered" from nothing, each "from" is the previous "to"): a lost or duplicated record breaks
     * it. Returns each customer's last segment.
     */
    static Map<String, String> chains(List<JsonNode> changes) {
        Map<String, String> segment = new java.util.TreeMap<>();
        Map<String, String> intent = new HashMap<>();
        for (JsonNode c : changes) {
            String customer = c.get("customer_id").asText();
            String from = text(c, "from");
            String fromIntent = text(c, "from_intent");
            if (!segment.containsKey(customer)) {
                assertTrue(
                        from == null && "entered".equals(text(c, "reason")),
                        "first change of " + customer + " enters: " + c);
            } else {
                assertTrue(
                        java.util.Objects.equals(segment.get(customer), from)
                                && java.util.Objects.equals(intent.get(customer), fromIntent),
                        "change of "
                                + customer
                                + " continues from "
                                + segment.get(customer)
                                + "/"
                                + intent.get(customer)
                                + ": "
                                + c);
            }
            segment.put(customer, text(c, "to"));
            intent.put(customer, text(c, "to_intent"));
        }
        return segment;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Two-column query result as a map (first column to second), in key order. */
    static Map<String, String> stringMap(java.sql.Statement s, String sql) throws Exception {
        Map<String, String> m = new java.util.TreeMap<>();
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }
}
