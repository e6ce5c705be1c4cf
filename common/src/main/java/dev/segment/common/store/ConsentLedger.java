package dev.segment.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Consent changes into the store: each change is kept in {@code consent}, and the customer's latest
 * status (by the time of the change, so an older change arriving late does not override a newer
 * one) is the golden record's {@code customers.consent}.
 *
 * <p>A withdrawal takes effect at once: the customer's current segment becomes {@code generic} (a
 * period of its own in {@code segment_history}), and their stored live profile is deleted. A
 * renewed grant takes effect with the next published run, which computes their segment again.
 */
public final class ConsentLedger {
    private ConsentLedger() {}

    /** One consent change. */
    public record Change(String customerId, boolean granted, Instant changedAt, String source) {
        String status() {
            return granted ? "granted" : "withdrawn";
        }
    }

    /** What applying a batch of changes did. */
    public record Applied(
            long recorded, long duplicates, long withdrawnNow, long grantedNow, long erased) {}

    /** Records {@code changes} and updates the customers they name (the caller commits). */
    public static Applied apply(Connection c, List<Change> changes, Instant now)
            throws SQLException {
        return apply(c, changes, now, true);
    }

    /**
     * Like {@link #apply(Connection, List, Instant)}; {@code liveTables} false leaves the live
     * profile and live segment rows alone: the streaming job, whose consent events these are,
     * changes them itself, in the order of its events (a second writer racing it could delete a
     * profile a later grant made again).
     */
    public static Applied apply(Connection c, List<Change> changes, Instant now, boolean liveTables)
            throws SQLException {
        SegmentLedger.lock(c);
        long recorded = 0;
        long duplicates = 0;
        long erased = 0;
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        try (PreparedStatement exists =
                        c.prepareStatement(
                                "SELECT 1 FROM consent WHERE customer_id = ? AND changed_at = ?"
                                        + " AND status = ?");
                PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO consent (customer_id, status, changed_at, source,"
                                        + " recorded_at) VALUES (?, ?, ?, ?, ?)")) {
            Erasure.Erased erasedIds = Erasure.erased(c);
            for (Change ch : changes) {
                // an erased customer's consent is not kept: it would bring them back
                if (erasedIds.test(ch.customerId())) {
                    erased++;
                    continue;
                }
                exists.setString(1, ch.customerId());
                exists.setTimestamp(2, Timestamp.from(ch.changedAt()));
                exists.setString(3, ch.status());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        duplicates++;
                        continue;
                    }
                }
                insert.setString(1, ch.customerId());
                insert.setString(2, ch.status());
                insert.setTimestamp(3, Timestamp.from(ch.changedAt()));
                insert.setString(4, ch.source());
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
                recorded++;
                touched.add(ch.customerId());
            }
        }
        long withdrawnNow = 0;
        long grantedNow = 0;
        for (String id : touched) {
            String before = status(c, id);
            Latest latest = latest(c, id);
            upsertCustomer(c, id, latest.status(), latest.changedAt(), now);
            if (latest.status().equals(before)) {
                continue;
            }
            if ("withdrawn".equals(latest.status())) {
                withdrawnNow++;
                // the store keeps microseconds: the period just closed is found again by this
                // instant
                withdrawNow(
                        c,
                        Timestamp.from(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS)),
                        liveTables,
                        "SELECT CAST(? AS VARCHAR)",
                        id);
            } else {
                grantedNow++;
            }
        }
        return new Applied(recorded, duplicates, withdrawnNow, grantedNow, erased);
    }

    /** The customer's status in {@code customers}, or "unknown". */
    private static String status(Connection c, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT consent FROM customers WHERE customer_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "unknown";
            }
        }
    }

    /** A customer's newest consent change. */
    private record Latest(String status, Timestamp changedAt) {}

    // the newest change; a withdrawal wins a tie (the safe reading)
    private static Latest latest(Connection c, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT status, changed_at FROM consent WHERE customer_id = ?"
                                + " ORDER BY changed_at DESC, status DESC LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Latest(rs.getString(1), rs.getTimestamp(2));
            }
        }
    }

    private static void upsertCustomer(
            Connection c, String id, String status, Timestamp changedAt, Instant now)
            throws SQLException {
        try (PreparedStatement up =
                c.prepareStatement(
                        "UPDATE customers SET consent = ?, consent_changed_at = ?"
                                + " WHERE customer_id = ?")) {
            up.setString(1, status);
            up.setTimestamp(2, changedAt);
            up.setString(3, id);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ins =
                c.prepareStatement(
                        "INSERT INTO customers (customer_id, first_seen, consent,"
                                + " consent_changed_at) VALUES (?, ?, ?, ?)")) {
            ins.setString(1, id);
            ins.setTimestamp(2, Timestamp.from(now));
            ins.setString(3, status);
            ins.setTimestamp(4, changedAt);
            ins.executeUpdate();
        }
    }

    /** What recording a run's consent statements did. */
    public record FromRun(long recorded, long withdrawnNow, long grantedNow) {}

    /**
     * Records the consent statements of run {@code runId}'s transactions (the {@code consent}
     * columns of its {@code customer_rfm} rows: each customer's newest statement) like {@link
     * #apply}, set-based, in the caller's transaction: new statements go into {@code consent}, the
     * newest decides {@code customers.consent}, and a customer withdrawn now goes {@code generic}
     * at once and loses their live profile. Erased customers must already be gone from the run's
     * rows ({@link Erasure#suppress}).
     */
    public static FromRun fromRun(Connection c, String runId, Instant now) throws SQLException {
        SegmentLedger.lock(c);
        Timestamp at = Timestamp.from(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        String source = "transactions of run " + runId;
        long recorded;
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO consent (customer_id, status, changed_at, source, recorded_at)"
                                + " SELECT DISTINCT r.customer_id, r.consent, r.consent_changed_at,"
                                + " CAST(? AS VARCHAR), CAST(? AS TIMESTAMP) FROM customer_rfm r"
                                + " WHERE r.run_id = ?"
                                + " AND r.consent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consent x"
                                + " WHERE x.customer_id = r.customer_id"
                                + " AND x.changed_at = r.consent_changed_at"
                                + " AND x.status = r.consent)")) {
            ps.setString(1, source);
            ps.setTimestamp(2, at);
            ps.setString(3, runId);
            recorded = ps.executeUpdate();
        }
        if (recorded == 0) {
            return new FromRun(0, 0, 0);
        }
        String fresh =
                "SELECT customer_id, status, changed_at FROM consent"
                        + " WHERE recorded_at = ? AND source = ?";
        // the newest statement decides; of two at one instant the withdrawal (as in #latest)
        String wins =
                "(k.consent_changed_at IS NULL OR n.changed_at > k.consent_changed_at"
                        + " OR (n.changed_at = k.consent_changed_at AND n.status = 'withdrawn'))";
        long withdrawnNow = 0;
        long grantedNow = 0;
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT n.status, COUNT(*) FROM ("
                                + fresh
                                + ") n LEFT JOIN customers k ON k.customer_id = n.customer_id"
                                + " WHERE (k.customer_id IS NULL OR ("
                                + wins
                                + " AND k.consent <> n.status)) GROUP BY n.status")) {
            ps.setTimestamp(1, at);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("withdrawn".equals(rs.getString(1))) {
                        withdrawnNow = rs.getLong(2);
                    } else {
                        grantedNow = rs.getLong(2);
                    }
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement(
                        "MERGE INTO customers k USING ("
                                + fresh
                                + ") n ON k.customer_id = n.customer_id WHEN MATCHED AND "
                                + wins
                                + " THEN UPDATE SET consent = n.status,"
                                + " consent_changed_at = n.changed_at WHEN NOT MATCHED THEN"
                                + " INSERT (customer_id, first_seen, consent, consent_changed_at)"
                                + " VALUES (n.customer_id, ?, n.status, n.changed_at)")) {
            ps.setTimestamp(1, at);
            ps.setString(2, source);
            ps.setTimestamp(3, at);
            ps.executeUpdate();
        }
        if (withdrawnNow > 0) {
            withdrawNow(c, at, true, "SELECT n.customer_id FROM (" + fresh + ") n", at, source);
        }
        return new FromRun(recorded, withdrawnNow, grantedNow);
    }

    /**
     * A withdrawal's immediate effect for the withdrawn customers among those {@code among} selects
     * (with {@code params}): their open period ends at {@code at} and a {@code generic} one begins,
     * and, with {@code liveTables}, their live profile goes and their live segment turns generic.
     * Set-based: one customer or a whole run's.
     */
    private static void withdrawNow(
            Connection c, Timestamp at, boolean liveTables, String among, Object... params)
            throws SQLException {
        String who =
                " customer_id IN (SELECT customer_id FROM customers WHERE consent = 'withdrawn')"
                        + " AND customer_id IN ("
                        + among
                        + ")";
        String runId = "consent";
        execute(
                c,
                "UPDATE segment_history SET valid_to = ?, closed_by_run = ? WHERE valid_to IS NULL"
                        + " AND persona <> '"
                        + SegmentLedger.GENERIC
                        + "' AND"
                        + who,
                concat(new Object[] {at, runId}, params));
        execute(
                c,
                "INSERT INTO segment_history (customer_id, valid_from, persona, run_id)"
                        + " SELECT customer_id, CAST(? AS TIMESTAMP), '"
                        + SegmentLedger.GENERIC
                        + "', CAST(? AS VARCHAR) FROM segment_history"
                        + " WHERE valid_to = ? AND closed_by_run = ? AND"
                        + who,
                concat(new Object[] {at, runId, at, runId}, params));
        if (!liveTables) {
            return;
        }
        execute(c, "DELETE FROM customer_live_profile WHERE" + who, params);
        execute(
                c,
                "UPDATE segment_assignments_live SET cluster_id = NULL, persona = '"
                        + SegmentLedger.GENERIC
                        + "', intent = NULL, confidence = NULL, explanation = ? WHERE"
                        + who,
                concat(new Object[] {SegmentLedger.GENERIC_EXPLANATION}, params));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
