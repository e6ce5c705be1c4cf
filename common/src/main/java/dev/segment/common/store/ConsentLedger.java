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
                goGeneric(c, id, now, liveTables);
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

    // the withdrawal's immediate effect on the current segment and the live profile
    private static void goGeneric(Connection c, String id, Instant now, boolean liveTables)
            throws SQLException {
        // the store keeps microseconds: the period just closed is found again by this instant
        Timestamp t = Timestamp.from(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        String runId = "consent";
        try (PreparedStatement close =
                c.prepareStatement(
                        "UPDATE segment_history SET valid_to = ?, closed_by_run = ?"
                                + " WHERE customer_id = ? AND valid_to IS NULL"
                                + " AND persona <> '"
                                + SegmentLedger.GENERIC
                                + "'")) {
            close.setTimestamp(1, t);
            close.setString(2, runId);
            close.setString(3, id);
            if (close.executeUpdate() > 0) {
                try (PreparedStatement open =
                        c.prepareStatement(
                                "INSERT INTO segment_history (customer_id, valid_from, persona,"
                                        + " run_id) SELECT customer_id, ?, '"
                                        + SegmentLedger.GENERIC
                                        + "', ? FROM segment_history WHERE customer_id = ?"
                                        + " AND valid_to = ? AND closed_by_run = ?")) {
                    open.setTimestamp(1, t);
                    open.setString(2, runId);
                    open.setString(3, id);
                    open.setTimestamp(4, t);
                    open.setString(5, runId);
                    open.executeUpdate();
                }
            }
        }
        if (!liveTables) {
            return;
        }
        try (PreparedStatement live =
                c.prepareStatement("DELETE FROM customer_live_profile WHERE customer_id = ?")) {
            live.setString(1, id);
            live.executeUpdate();
        }
        try (PreparedStatement live =
                c.prepareStatement(
                        "UPDATE segment_assignments_live SET cluster_id = NULL, persona = '"
                                + SegmentLedger.GENERIC
                                + "', intent = NULL, confidence = NULL, explanation = ?"
                                + " WHERE customer_id = ?")) {
            live.setString(1, SegmentLedger.GENERIC_EXPLANATION);
            live.setString(2, id);
            live.executeUpdate();
        }
    }
}
