package dev.segment.jobs.sessions;

import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** Upserts sessions into the {@code sessions} table keyed by (visitor_id, session_start). */
public final class SessionJdbcSink {
    private SessionJdbcSink() {}

    static final List<String> COLUMNS = List.of(Session.HEADER.split(","));
    static final List<String> KEY = List.of("visitor_id", "session_start");

    public static JdbcSink<Session> sink(StoreConfig config) {
        return JdbcSinks.upsert(config, "sessions", COLUMNS, KEY, new Binder());
    }

    private static final class Binder implements JdbcStatementBuilder<Session> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, Session s) throws SQLException {
            int i = 1;
            ps.setString(i++, s.visitorId);
            if (s.customerId == null) {
                ps.setNull(i++, Types.VARCHAR);
            } else {
                ps.setString(i++, s.customerId);
            }
            ps.setObject(i++, utc(s.sessionStart));
            ps.setObject(i++, utc(s.sessionEnd));
            ps.setLong(i++, s.events);
            ps.setLong(i++, s.pageViews);
            ps.setLong(i++, s.productViews);
            ps.setLong(i++, s.searches);
            ps.setLong(i++, s.cartAdds);
            ps.setLong(i++, s.cartRemoves);
            ps.setLong(i++, s.checkouts);
            ps.setLong(i++, s.purchases);
            ps.setLong(i++, s.supportViews);
            ps.setBigDecimal(i++, BigDecimal.valueOf(s.revenue).setScale(2, RoundingMode.HALF_UP));
            ps.setString(i++, s.intent);
            ps.setString(i++, s.device);
            ps.setString(i++, s.daypart);
            ps.setBoolean(i++, s.weekend);
            ps.setString(i++, s.referrerChannel);
            if (s.country == null) {
                ps.setNull(i, Types.VARCHAR);
            } else {
                ps.setString(i, s.country);
            }
        }

        private static OffsetDateTime utc(long millis) {
            return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
        }
    }
}
