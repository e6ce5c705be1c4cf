package dev.segment.jobs.profiles;

import dev.segment.common.store.JdbcSinks;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.UpsertDeleteSink;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/** Sinks of the live profile tables: customer_live_profile and identity_links. */
public final class ProfileStoreSinks {
    private ProfileStoreSinks() {}

    static final List<String> PROFILE_COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of(LiveProfile.HEADER.split(",")));
        c.add("updated_at");
        PROFILE_COLUMNS = List.copyOf(c);
    }

    /** Upserts changed profiles and deletes withdrawn ones, in order per profile. */
    public static Sink<ProfileChange> profiles(StoreConfig config) {
        return new UpsertDeleteSink<>(
                config,
                "customer_live_profile",
                PROFILE_COLUMNS,
                List.of("profile_id"),
                new Rows());
    }

    /**
     * Upserts identity links (the earliest linking event per visitor and customer wins) and deletes
     * those of erased customers, in order per link.
     */
    public static Sink<IdentityLink> links(StoreConfig config) {
        return new UpsertDeleteSink<>(
                config,
                "identity_links",
                List.of(IdentityLink.HEADER.split(",")),
                List.of("visitor_id", "customer_id"),
                new LinkRows());
    }

    private static final class LinkRows implements UpsertDeleteSink.Rows<IdentityLink> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> key(IdentityLink l) {
            return List.of(l.visitorId, l.customerId);
        }

        @Override
        public boolean isDelete(IdentityLink l) {
            return l.erased;
        }

        @Override
        public void bind(PreparedStatement ps, IdentityLink l) throws SQLException {
            ps.setString(1, l.visitorId);
            ps.setString(2, l.customerId);
            JdbcSinks.setInstant(ps, 3, l.linkedAt);
            ps.setString(4, l.linkedBy);
        }
    }

    private static final class Rows implements UpsertDeleteSink.Rows<ProfileChange> {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> key(ProfileChange c) {
            return List.of(c.profileId);
        }

        @Override
        public boolean isDelete(ProfileChange c) {
            return c.profile == null;
        }

        @Override
        public void bind(PreparedStatement ps, ProfileChange c) throws SQLException {
            LiveProfile p = c.profile;
            int i = 1;
            ps.setString(i++, p.profileId);
            JdbcSinks.setString(ps, i++, p.customerId);
            ps.setInt(i++, p.visitors);
            JdbcSinks.setInstant(ps, i++, p.firstSeen);
            JdbcSinks.setInstant(ps, i++, p.lastSeen);
            ps.setString(i++, p.visitorType);
            ps.setLong(i++, p.sessions);
            ps.setLong(i++, p.sessions7d);
            ps.setLong(i++, p.sessions30d);
            ps.setLong(i++, p.events);
            ps.setLong(i++, p.events7d);
            ps.setLong(i++, p.events30d);
            JdbcSinks.setDouble(ps, i++, p.cartAbandonment);
            JdbcSinks.setDouble(ps, i++, p.conversion);
            JdbcSinks.setString(ps, i++, p.preferredDevice);
            JdbcSinks.setString(ps, i++, p.preferredDaypart);
            JdbcSinks.setString(ps, i++, p.lastIntent);
            JdbcSinks.setString(ps, i++, p.interests);
            ps.setLong(i++, p.purchases);
            JdbcSinks.setMoney(ps, i++, p.revenue);
            JdbcSinks.setDouble(ps, i++, p.supportShare);
            JdbcSinks.setDay(ps, i++, p.rfmAsOf);
            JdbcSinks.setInt(ps, i++, p.recencyDays);
            ps.setLong(i++, p.frequency);
            JdbcSinks.setMoney(ps, i++, p.monetary);
            JdbcSinks.setDay(ps, i++, p.firstPurchase);
            JdbcSinks.setDay(ps, i++, p.lastPurchase);
            ps.setObject(i, OffsetDateTime.now(ZoneOffset.UTC));
        }
    }
}
