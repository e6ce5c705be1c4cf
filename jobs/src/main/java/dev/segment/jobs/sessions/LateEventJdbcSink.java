package dev.segment.jobs.sessions;

import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.UpsertDeleteSink;
import dev.segment.jobs.events.Event;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Upserts late events into {@code late_events}; the {@link Event#erasure} marker deletes every late
 * event of its visitor, in order with the visitor's late events.
 */
public final class LateEventJdbcSink {
    private LateEventJdbcSink() {}

    static final List<String> COLUMNS =
            List.of(
                    "visitor_id",
                    "event_ts",
                    "event_type",
                    "event_id",
                    "customer_id",
                    "lateness_ms",
                    "reason");
    static final List<String> KEY = List.of("visitor_id", "event_ts", "event_type");

    public static Sink<LateEvent> sink(StoreConfig config) {
        return new UpsertDeleteSink<>(
                config, "late_events", COLUMNS, KEY, new Rows(), List.of("visitor_id"));
    }

    private static final class Rows implements UpsertDeleteSink.Rows<LateEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> key(LateEvent l) {
            return List.of(l.event.visitorId, l.event.ts, l.event.type.label());
        }

        @Override
        public boolean isDelete(LateEvent l) {
            return l.event.isErasure();
        }

        @Override
        public List<Object> deleteKey(LateEvent l) {
            return List.of(l.event.visitorId);
        }

        @Override
        public void bind(PreparedStatement ps, LateEvent l) throws SQLException {
            ps.setString(1, l.event.visitorId);
            JdbcSinks.setInstant(ps, 2, l.event.ts);
            ps.setString(3, l.event.type.label());
            JdbcSinks.setString(ps, 4, l.event.eventId);
            JdbcSinks.setString(ps, 5, l.event.customerId);
            ps.setLong(6, l.latenessMs);
            ps.setString(7, l.reason);
        }
    }
}
