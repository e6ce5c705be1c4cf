package dev.segment.jobs.sessions;

import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** Upserts late events into {@code late_events}. */
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

    public static JdbcSink<LateEvent> sink(StoreConfig config) {
        return JdbcSinks.upsert(config, "late_events", COLUMNS, KEY, new Binder());
    }

    private static final class Binder implements JdbcStatementBuilder<LateEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, LateEvent l) throws SQLException {
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
