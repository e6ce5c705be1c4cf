package dev.segment.jobs.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.UpsertDeleteSink;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sinks of live segments: the segment_assignments_live table and the activation topic. */
public final class LiveSegmentSinks {
    private LiveSegmentSinks() {}

    /** Kafka's default cap on a transaction's timeout (transaction.max.timeout.ms, 15 minutes). */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    /**
     * Upserts the live segment rows and deletes erased customers' (idempotent: a replay writes the
     * same rows), in order per customer.
     */
    public static Sink<LiveAssignment> assignments(StoreConfig config) {
        return new UpsertDeleteSink<>(
                config,
                "segment_assignments_live",
                List.of(LiveAssignment.HEADER.split(",")),
                List.of("customer_id"),
                new AssignmentRows());
    }

    private static final class AssignmentRows implements UpsertDeleteSink.Rows<LiveAssignment> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> key(LiveAssignment a) {
            return List.of(a.customerId);
        }

        @Override
        public boolean isDelete(LiveAssignment a) {
            return a.isErasure();
        }

        @Override
        public void bind(PreparedStatement ps, LiveAssignment a) throws SQLException {
            int i = 1;
            ps.setString(i++, a.customerId);
            JdbcSinks.setInt(ps, i++, a.clusterId);
            ps.setString(i++, a.persona);
            JdbcSinks.setString(ps, i++, a.intent);
            JdbcSinks.setString(ps, i++, a.lifecycle);
            JdbcSinks.setString(ps, i++, a.customerProfile);
            JdbcSinks.setDouble(ps, i++, a.confidence);
            JdbcSinks.setString(ps, i++, a.explanation);
            JdbcSinks.setString(ps, i++, a.modelVersion);
            JdbcSinks.setInstant(ps, i, a.updatedAt);
        }
    }

    /**
     * Segment and intent changes to {@code topic}, keyed by customer, exactly once: records become
     * visible to read_committed consumers when the checkpoint that covers them completes.
     *
     * @param transactionalIdPrefix unique per job writing the topic (Kafka fences by it)
     */
    public static KafkaSink<SegmentChange> changes(
            String bootstrapServers, String topic, String transactionalIdPrefix) {
        Properties props = new Properties();
        props.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return KafkaSink.<SegmentChange>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(props)
                .setRecordSerializer(new ChangeRecords(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
    }

    /**
     * A change as a record keyed by customer (one partition keeps a customer's changes in order),
     * stamped with the time it is written. The builder's default would stamp the event time: a
     * replay of last year's clicks would then write records the broker's time-based retention
     * deletes at once (the change tests lost their oldest records that way).
     */
    static final class ChangeRecords implements KafkaRecordSerializationSchema<SegmentChange> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final ChangeJson json = new ChangeJson();

        ChangeRecords(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                SegmentChange c, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    topic,
                    null,
                    null,
                    c.customerId.getBytes(StandardCharsets.UTF_8),
                    json.serialize(c));
        }
    }

    /** A change as one JSON object. */
    static final class ChangeJson implements SerializationSchema<SegmentChange> {
        private static final long serialVersionUID = 1L;
        private transient ObjectMapper json;

        @Override
        public byte[] serialize(SegmentChange c) {
            if (json == null) {
                json = new ObjectMapper();
            }
            try {
                return json.writeValueAsBytes(c.toMap());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
