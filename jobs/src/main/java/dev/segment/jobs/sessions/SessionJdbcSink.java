package dev.segment.jobs.sessions;

import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.UpsertDeleteSink;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Upserts sessions into the {@code sessions} table keyed by (visitor_id, session_start); a {@link
 * Session#tombstone} deletes every session of its visitor, in order with the visitor's sessions.
 */
public final class SessionJdbcSink {
    private SessionJdbcSink() {}

    static final List<String> COLUMNS = List.of(Session.HEADER.split(","));
    static final List<String> KEY = List.of("visitor_id", "session_start");

    public static Sink<Session> sink(StoreConfig config) {
        return new UpsertDeleteSink<>(
                config, "sessions", COLUMNS, KEY, new Rows(), List.of("visitor_id"));
    }

    private static final class Rows implements UpsertDeleteSink.Rows<Session> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> key(Session s) {
            return List.of(s.visitorId, s.sessionStart);
        }

        @Override
        public boolean isDelete(Session s) {
            return s.isTombstone();
        }

        @Override
        public List<Object> deleteKey(Session s) {
            return List.of(s.visitorId);
        }

        @Override
        public void bind(PreparedStatement ps, Session s) throws SQLException {
            int i = 1;
            ps.setString(i++, s.visitorId);
            JdbcSinks.setString(ps, i++, s.customerId);
            JdbcSinks.setInstant(ps, i++, s.sessionStart);
            JdbcSinks.setInstant(ps, i++, s.sessionEnd);
            ps.setLong(i++, s.events);
            ps.setLong(i++, s.pageViews);
            ps.setLong(i++, s.productViews);
            ps.setLong(i++, s.searches);
            ps.setLong(i++, s.cartAdds);
            ps.setLong(i++, s.cartRemoves);
            ps.setLong(i++, s.checkouts);
            ps.setLong(i++, s.purchases);
            ps.setLong(i++, s.supportViews);
            JdbcSinks.setMoney(ps, i++, s.revenue);
            ps.setString(i++, s.intent);
            ps.setString(i++, s.device);
            ps.setString(i++, s.daypart);
            ps.setBoolean(i++, s.weekend);
            ps.setString(i++, s.referrerChannel);
            JdbcSinks.setString(ps, i, s.country);
        }
    }
}
