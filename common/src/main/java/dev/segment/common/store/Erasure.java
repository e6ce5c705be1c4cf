package dev.segment.common.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The right to erasure: {@link #forget} deletes a customer's rows from every table that holds
 * personal data (batch results, current segments and their history, the golden record, consent, the
 * live profile, sessions and identity links of the customer and of the visitors linked to them) and
 * records an {@code erasure_audit} row that names no one: the subject is an HMAC of the customer id
 * under a random key kept in {@code store_settings}. {@link #suppress} uses it to keep an erased
 * customer out of later runs, whose input files may still hold their transactions.
 *
 * <p>The keyed hash is a suppression list, not anonymisation: whoever holds the store (and so the
 * key) can test whether a given id was erased. It cannot list the ids.
 */
public final class Erasure {
    private Erasure() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_SETTING = "erasure_hmac_key";

    /**
     * The start of an anonymous visitor's key in {@code customer_live_profile} ("visitor:" + the
     * visitor id): the stream writes such rows, and an erasure deletes those of linked visitors.
     */
    public static final String VISITOR_PROFILE_PREFIX = "visitor:";

    /** A run's per-customer tables, from which erased customers are removed when it ends. */
    private static final List<String> SUPPRESSED =
            List.of("customer_rfm", "run_assignments", "customer_features");

    /** What forgetting one customer deleted. */
    public record Forgotten(
            String customerId, String erasureId, Map<String, Long> rowsDeleted, boolean already) {
        public long total() {
            return rowsDeleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Deletes customer {@code customerId}'s rows everywhere, in one transaction, and audits it. A
     * customer already erased whose rows are gone gets no second audit row ({@code already}).
     */
    public static Forgotten forget(Connection c, String customerId, Instant at)
            throws SQLException {
        SegmentLedger.lock(c);
        String subject = subject(c, customerId);
        List<String> visitors = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT visitor_id FROM identity_links WHERE customer_id = ?")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visitors.add(rs.getString(1));
                }
            }
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (String table :
                List.of(
                        "customer_rfm",
                        "run_assignments",
                        "customer_features",
                        "segment_history",
                        "segment_changes",
                        "segment_assignments_live",
                        "consent",
                        "customers")) {
            deleted.put(table, delete(c, table, "customer_id", List.of(customerId)));
        }
        List<String> profileIds = new ArrayList<>(visitors);
        visitors.forEach(v -> profileIds.add(VISITOR_PROFILE_PREFIX + v));
        profileIds.add(customerId);
        deleted.put(
                "customer_live_profile",
                delete(c, "customer_live_profile", "customer_id", List.of(customerId))
                        + delete(c, "customer_live_profile", "profile_id", profileIds));
        for (String table : List.of("sessions", "late_events")) {
            deleted.put(
                    table,
                    delete(c, table, "customer_id", List.of(customerId))
                            + delete(c, table, "visitor_id", visitors));
        }
        deleted.put(
                "identity_links", delete(c, "identity_links", "customer_id", List.of(customerId)));
        // staging tables of runs not yet published (PostgreSQL): a killed run's too
        long staged = 0;
        for (String stage : BulkTables.stagingTables(c)) {
            staged += delete(c, stage, "customer_id", List.of(customerId));
        }
        deleted.put("staging tables", staged);
        long total = deleted.values().stream().mapToLong(Long::longValue).sum();
        boolean already = total == 0 && audited(c, subject);
        String erasureId = null;
        if (!already) {
            erasureId = UUID.randomUUID().toString();
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "INSERT INTO erasure_audit (erasure_id, subject, erased_at,"
                                    + " rows_deleted) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, erasureId);
                ps.setString(2, subject);
                ps.setTimestamp(3, Timestamp.from(at));
                ps.setString(4, json(deleted));
                ps.executeUpdate();
            }
        }
        return new Forgotten(customerId, erasureId, deleted, already);
    }

    /**
     * Removes erased customers' rows from run {@code runId}'s per-customer results; returns the
     * number of customers removed. Reads the run's customer ids only when someone was erased.
     */
    public static long suppress(Connection c, String runId) throws SQLException {
        Erased erased = erased(c);
        if (erased.nobody()) {
            return 0;
        }
        Set<String> hits = new HashSet<>();
        for (String table : SUPPRESSED) {
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT DISTINCT customer_id FROM " + table + " WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (erased.test(id)) {
                            hits.add(id);
                        }
                    }
                }
            }
        }
        for (String id : hits) {
            for (String table : SUPPRESSED) {
                try (PreparedStatement ps =
                        c.prepareStatement(
                                "DELETE FROM " + table + " WHERE run_id = ? AND customer_id = ?")) {
                    ps.setString(1, runId);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
        }
        return hits.size();
    }

    /**
     * Tells erased customers by id; read by {@link #erased}. Serializable, so that a batch job can
     * take it along ({@link Suppression}); each copy makes its own (not thread-safe) MAC.
     */
    public static final class Erased implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Nobody erased (no store). */
        public static final Erased NOBODY = new Erased(Set.of(), null);

        private final Set<String> subjects;
        private final byte[] key;
        private transient Mac mac;

        private Erased(Set<String> subjects, byte[] key) {
            this.subjects = subjects;
            this.key = key;
        }

        /** A list naming customers {@code ids}, under a new random key (no store: tests). */
        public static Erased of(java.util.Collection<String> ids) {
            byte[] key = newKey();
            Mac mac = mac(key);
            Set<String> subjects = new HashSet<>();
            ids.forEach(id -> subjects.add(hash(mac, id)));
            return new Erased(Set.copyOf(subjects), key);
        }

        /** How many customers were erased: grows with every erasure, so it versions the list. */
        public int size() {
            return subjects.size();
        }

        /** Whether nobody was ever erased (then no id needs hashing). */
        public boolean nobody() {
            return subjects.isEmpty();
        }

        /** Whether customer {@code customerId} has been erased. */
        public boolean test(String customerId) {
            if (subjects.isEmpty()) {
                return false;
            }
            if (mac == null) {
                mac = mac(key);
            }
            return subjects.contains(hash(mac, customerId));
        }
    }

    /** The erased customers as the audit knows them: its subjects and the key, read once. */
    public static Erased erased(Connection c) throws SQLException {
        Set<String> subjects = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT subject FROM erasure_audit")) {
            while (rs.next()) {
                subjects.add(rs.getString(1));
            }
        }
        return new Erased(subjects, subjects.isEmpty() ? null : key(c));
    }

    private static boolean audited(Connection c, String subject) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM erasure_audit WHERE subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long delete(Connection c, String table, String column, List<String> values)
            throws SQLException {
        long n = 0;
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            for (String v : values) {
                ps.setString(1, v);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    private static String subject(Connection c, String customerId) throws SQLException {
        return hash(mac(key(c)), customerId);
    }

    /** The store's HMAC key, made on first use. */
    private static byte[] key(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT setting_value FROM store_settings WHERE setting = '"
                                        + KEY_SETTING
                                        + "'")) {
            if (rs.next()) {
                return HexFormat.of().parseHex(rs.getString(1));
            }
        }
        byte[] key = newKey();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO store_settings (setting, setting_value) VALUES (?, ?)")) {
            ps.setString(1, KEY_SETTING);
            ps.setString(2, HexFormat.of().formatHex(key));
            ps.executeUpdate();
        }
        return key;
    }

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(Mac mac, String id) {
        return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static String json(Map<String, Long> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
