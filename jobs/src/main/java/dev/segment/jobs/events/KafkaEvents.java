package dev.segment.jobs.events;

import dev.segment.common.model.DeadLetter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Events from a Kafka topic. Records are parsed inside the source, so that event-time watermarks
 * are generated per partition from the events' own {@code ts} (the Kafka record timestamp may be
 * the append time): a fast partition cannot make a slow one's events late. A record that is not an
 * event goes to {@link EventFiles#DEAD_LETTERS} with topic/partition, offset, reason and original
 * text, and does not move the watermark.
 */
public final class KafkaEvents {
    private KafkaEvents() {}

    /** A parsed record: an event, or a dead letter. */
    public static final class Parsed implements Serializable {
        private static final long serialVersionUID = 1L;
        public Event event;
        public DeadLetter dead;

        public Parsed() {}
    }

    /** Where and how to read. */
    public record Options(
            String bootstrapServers,
            String topic,
            String groupId,
            EventFormat format,
            boolean bounded,
            Duration outOfOrderness)
            implements Serializable {}

    /** Parsed events (malformed records on {@link EventFiles#DEAD_LETTERS}), watermarks set. */
    public static SingleOutputStreamOperator<Event> read(
            StreamExecutionEnvironment env, Options o) {
        var builder =
                KafkaSource.<Parsed>builder()
                        .setBootstrapServers(o.bootstrapServers())
                        .setTopics(o.topic())
                        .setGroupId(o.groupId())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new Deserializer(o.format()));
        if (o.bounded()) {
            // stop at the end offsets present when the job starts
            builder.setBounded(OffsetsInitializer.latest());
        }
        WatermarkStrategy<Parsed> watermarks =
                WatermarkStrategy.<Parsed>forBoundedOutOfOrderness(o.outOfOrderness())
                        .withTimestampAssigner(
                                (p, recordTs) -> p.event != null ? p.event.ts : Long.MIN_VALUE)
                        .withIdleness(Duration.ofSeconds(30));
        return env.fromSource(builder.build(), watermarks, "Kafka events " + o.topic())
                .process(new Split(), TypeInformation.of(Event.class))
                .name("Count and split events");
    }

    /** Parses each record where it is read (one parser per source reader). */
    static final class Deserializer implements KafkaRecordDeserializationSchema<Parsed> {
        private static final long serialVersionUID = 1L;
        private final EventFormat format;
        private transient EventParser parser;

        Deserializer(EventFormat format) {
            this.format = format;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed> out)
                throws IOException {
            if (parser == null) {
                parser = new EventParser(format);
            }
            Parsed p = new Parsed();
            byte[] value = record.value();
            EventParser.Result r =
                    value == null
                            ? new EventParser.Result(null, null, "empty record")
                            : parser.parse(value);
            if (r.event() != null) {
                p.event = r.event();
            } else {
                // the record's text is only needed for its dead letter
                p.dead =
                        new DeadLetter(
                                record.topic() + "/" + record.partition(),
                                record.offset(),
                                r.field(),
                                r.reason(),
                                value == null ? "" : new String(value, StandardCharsets.UTF_8));
                if (value != null && !isUtf8(value)) {
                    // the text above has replacement characters: keep the exact bytes too
                    p.dead.originalBase64 = java.util.Base64.getEncoder().encodeToString(value);
                }
            }
            out.collect(p);
        }

        private static boolean isUtf8(byte[] value) {
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(value));
                return true;
            } catch (java.nio.charset.CharacterCodingException e) {
                return false;
            }
        }

        @Override
        public TypeInformation<Parsed> getProducedType() {
            return TypeInformation.of(Parsed.class);
        }
    }

    /** Counts records and sends dead letters to the side output. */
    static final class Split extends ProcessFunction<Parsed, Event> {
        private static final long serialVersionUID = 1L;
        private transient EventFiles.Counters counters;

        @Override
        public void open(OpenContext ctx) {
            counters = EventFiles.Counters.register(getRuntimeContext());
        }

        @Override
        public void processElement(Parsed p, Context ctx, Collector<Event> out) {
            counters.read.add(1);
            if (p.event != null) {
                counters.accepted.add(1);
                out.collect(p.event);
            } else {
                counters.rejected.add(1);
                ctx.output(EventFiles.DEAD_LETTERS, p.dead);
            }
        }
    }

    /**
     * Dead letters to a Kafka topic as JSON ({@code source} = topic/partition or file, {@code
     * position} = offset or line, {@code field}, {@code reason}, {@code original}, and {@code
     * original_base64} with the exact bytes of a record that is not UTF-8 text), at least once.
     */
    public static org.apache.flink.connector.kafka.sink.KafkaSink<DeadLetter> deadLetterSink(
            String bootstrapServers, String topic) {
        return org.apache.flink.connector.kafka.sink.KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(
                        org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema
                                .<DeadLetter>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new DeadLetterJson())
                                .build())
                .setDeliveryGuarantee(
                        org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** A dead letter as one JSON object. */
    static final class DeadLetterJson
            implements org.apache.flink.api.common.serialization.SerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private transient com.fasterxml.jackson.databind.ObjectMapper json;

        @Override
        public byte[] serialize(DeadLetter d) {
            if (json == null) {
                json = new com.fasterxml.jackson.databind.ObjectMapper();
            }
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("source", d.source);
            m.put("position", d.position);
            m.put("field", d.field);
            m.put("reason", d.reason);
            m.put("original", d.original);
            if (d.originalBase64 != null) {
                m.put("original_base64", d.originalBase64);
            }
            try {
                return json.writeValueAsBytes(m);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
