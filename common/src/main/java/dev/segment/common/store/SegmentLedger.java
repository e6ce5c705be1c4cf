package dev.segment.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a succeeded run's assignments ({@code run_assignments}) as the customers' current
 * segments: {@code segment_changes} gets a row per customer who entered, exited or moved, {@code
 * segment_history} closes their open periods and opens new ones (the open periods are {@code
 * segment_assignments}, one row per customer), and {@code customers} learns new customers.
 * Customers who declined data use are put in the {@code generic} segment first, erased ones are
 * removed.
 *
 * <p>A nightly run where 2% of customers change thus adds 2% history rows, not a population. The
 * SQL is the same on PostgreSQL and on the embedded store; the caller runs it in the transaction
 * that publishes the run's rows.
 */
public final class SegmentLedger {
    private SegmentLedger() {}

    /** The segment of customers who declined data use: no cluster, no behavioural explanation. */
    public static final String GENERIC = "generic";

    /** The explanation a generic assignment carries. */
    public static final String GENERIC_EXPLANATION =
            "declined the use of their data: generic segment, no profile";

    /** What a publication did. */
    public record Published(
            String runId,
            Instant at,
            long customers,
            long entered,
            long moved,
            long exited,
            long generic,
            long erased,
            ConsentLedger.FromRun consent) {
        public long changes() {
            return entered + moved + exited;
        }
    }

    // attributes whose change opens a new period (and a segment_changes row)
    private static final List<String> TRACKED =
            List.of("cluster_id", "persona", "rfm_segment", "lifecycle_stage", "customer_profile");

    /**
     * Publishes run {@code runId} at {@code at} on {@code c} (the caller commits). A re-publication
     * of the newest published run replaces it; one of an older run is refused, as it would rewrite
     * the periods later runs built on.
     */
    public static Published publish(Connection c, String runId, Instant at) throws SQLException {
        return publish(c, runId, at, true, 1.0);
    }

    /** A publication a guard refused: nothing of it is kept (the caller rolls back). */
    public static final class Refused extends SQLException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Like {@link #publish(Connection, String, Instant)}. {@code consentStated} false says the
     * run's transactions stated no consent, so their statements need not be looked for (a scan of
     * the run's RFM rows: seconds at 1M customers on the embedded store). Refused ({@link Refused})
     * when more than {@code maxExitedShare} of the customers with a current segment would exit (1:
     * never): a truncated or wrong input file must not empty the segments a CRM loads every night.
     */
    public static Published publish(
            Connection c, String runId, Instant at, boolean consentStated, double maxExitedShare)
            throws SQLException {
        lock(c);
        String refused = refusal(c, runId);
        if (refused != null) {
            throw new SQLException(refused);
        }
        boolean republish = runId.equals(newestPublication(c));
        String r = literal(runId);
        String t = "TIMESTAMP '" + Timestamp.from(at) + "'";
        try (Statement s = c.createStatement()) {
            if (republish) {
                // undo the run's publication: its changes, the periods it opened that are still
                // open, and the closing of the periods it ended, where the customer has no open
                // period now (a withdrawal since may have opened a generic one: that stays, as
                // does the run's period it closed)
                update(s, "DELETE FROM segment_changes WHERE run_id = " + r);
                update(
                        s,
                        "DELETE FROM segment_history WHERE run_id = "
                                + r
                                + " AND valid_to IS NULL");
                update(
                        s,
                        "UPDATE segment_history h SET valid_to = NULL, closed_by_run = NULL"
                                + " WHERE h.closed_by_run = "
                                + r
                                + " AND NOT EXISTS (SELECT 1 FROM segment_history o"
                                + " WHERE o.customer_id = h.customer_id AND o.valid_to IS NULL)");
                update(s, "DELETE FROM segment_publications WHERE run_id = " + r);
            }
            long erased = Erasure.suppress(c, runId);
            // consent stated in the run's transactions counts before its segments do
            ConsentLedger.FromRun consent =
                    consentStated
                            ? ConsentLedger.fromRun(c, runId, at)
                            : new ConsentLedger.FromRun(0, 0, 0);
            long generic =
                    update(
                            s,
                            "UPDATE run_assignments SET cluster_id = NULL, persona = '"
                                    + GENERIC
                                    + "', rfm_segment = NULL, lifecycle_stage = NULL,"
                                    + " customer_profile = NULL, distance = NULL, confidence = NULL,"
                                    + " top_features = NULL, explanation = '"
                                    + GENERIC_EXPLANATION
                                    + "' WHERE run_id = "
                                    + r
                                    + " AND customer_id IN (SELECT customer_id FROM customers"
                                    + " WHERE consent = 'withdrawn')");
            long open = count(s, "SELECT COUNT(*) FROM segment_history WHERE valid_to IS NULL");
            long customers = count(s, "SELECT COUNT(*) FROM run_assignments WHERE run_id = " + r);
            String same =
                    String.join(
                            " AND ",
                            TRACKED.stream()
                                    .map(col -> "h." + col + " IS NOT DISTINCT FROM a." + col)
                                    .toList());
            // the first publication enters everyone: into empty ledger tables, a bulk insert
            DeferredIndexes deferred =
                    DeferredIndexes.dropIfEmpty(
                            c, List.of("segment_changes", "customers", "segment_history"));
            update(
                    s,
                    "INSERT INTO segment_changes (run_id, customer_id, reason, "
                            + fromTo()
                            + ", changed_at) SELECT "
                            + r
                            + ", a.customer_id, CASE WHEN h.customer_id IS NULL THEN 'entered'"
                            + " ELSE 'moved' END, "
                            + pairs("h.", "a.")
                            + ", "
                            + t
                            + " FROM run_assignments a LEFT JOIN segment_history h"
                            + " ON h.customer_id = a.customer_id AND h.valid_to IS NULL"
                            + " WHERE a.run_id = "
                            + r
                            + " AND (h.customer_id IS NULL OR NOT ("
                            + same
                            + "))");
            // entered and moved, counted once: the exited ones are what the next insert adds
            long[] byReason = new long[3];
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT reason, COUNT(*) FROM segment_changes WHERE run_id = "
                                    + r
                                    + " GROUP BY reason")) {
                while (rs.next()) {
                    byReason[List.of("entered", "moved").indexOf(rs.getString(1))] = rs.getLong(2);
                }
            }
            long entered = byReason[0];
            // every open period the run matched is a customer it has and who did not enter: when
            // that accounts for all open periods nobody exited, and the anti-join is skipped
            if (open > customers - entered) {
                byReason[2] =
                        update(
                                s,
                                "INSERT INTO segment_changes (run_id, customer_id, reason, "
                                        + fromTo()
                                        + ", changed_at) SELECT "
                                        + r
                                        + ", h.customer_id, 'exited', "
                                        + pairs("h.", "NULL")
                                        + ", "
                                        + t
                                        + " FROM segment_history h WHERE h.valid_to IS NULL AND NOT EXISTS"
                                        + " (SELECT 1 FROM run_assignments a WHERE a.run_id = "
                                        + r
                                        + " AND a.customer_id = h.customer_id)");
            }
            if (open > 0 && byReason[2] > maxExitedShare * open) {
                throw new Refused(
                        String.format(
                                java.util.Locale.ROOT,
                                "%,d of the %,d customers with a current segment (%.1f%%) would"
                                        + " exit, above the limit of %.1f%% (--max-exited-share"
                                        + " %s): a truncated or wrong input? Nothing was"
                                        + " published; if the population really changed, run"
                                        + " again with a higher --max-exited-share",
                                byReason[2],
                                open,
                                100.0 * byReason[2] / open,
                                100.0 * maxExitedShare,
                                maxExitedShare));
            }
            // new customers are among those who entered (a returning one is already known)
            update(
                    s,
                    "INSERT INTO customers (customer_id, first_seen) SELECT g.customer_id, "
                            + t
                            + " FROM segment_changes g WHERE g.run_id = "
                            + r
                            + " AND g.reason = 'entered' AND NOT EXISTS (SELECT 1 FROM customers x"
                            + " WHERE x.customer_id = g.customer_id)");
            update(
                    s,
                    "UPDATE segment_history SET valid_to = "
                            + t
                            + ", closed_by_run = "
                            + r
                            + " WHERE valid_to IS NULL AND customer_id IN (SELECT customer_id FROM"
                            + " segment_changes WHERE run_id = "
                            + r
                            + " AND reason <> 'entered')");
            update(
                    s,
                    "INSERT INTO segment_history (customer_id, valid_from, valid_to, "
                            + String.join(", ", TRACKED)
                            + ", run_id) SELECT a.customer_id, "
                            + t
                            + ", NULL, "
                            + String.join(", ", TRACKED.stream().map(col -> "a." + col).toList())
                            + ", a.run_id FROM run_assignments a JOIN segment_changes g"
                            + " ON g.run_id = a.run_id AND g.customer_id = a.customer_id"
                            + " WHERE a.run_id = "
                            + r);
            deferred.rebuild();
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "INSERT INTO segment_publications (run_id, published_at, customers,"
                                    + " changes) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setTimestamp(2, Timestamp.from(at));
                ps.setLong(3, customers);
                ps.setLong(4, byReason[0] + byReason[1] + byReason[2]);
                ps.executeUpdate();
            }
            return new Published(
                    runId,
                    at,
                    customers,
                    byReason[0],
                    byReason[1],
                    byReason[2],
                    generic,
                    erased,
                    consent);
        }
    }

    /**
     * Takes the store's ledger lock for the caller's transaction: publications, consent changes and
     * erasures change the same periods and customers, and must not interleave.
     */
    public static void lock(Connection c) throws SQLException {
        // an update of the row, not SELECT ... FOR UPDATE, which DuckDB does not take: on
        // PostgreSQL both hold the row until the transaction ends (the embedded store's
        // transactions also take turns in this process: Store.transaction)
        try (Statement s = c.createStatement()) {
            if (s.executeUpdate(
                            "UPDATE store_settings SET setting_value = setting_value"
                                    + " WHERE setting = 'ledger_lock'")
                    != 1) {
                throw new SQLException("the store has no ledger lock row (schema older than 13?)");
            }
        }
    }

    /** The run whose assignments are current, or null before the first publication. */
    public static String newestPublication(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT run_id FROM segment_publications"
                                        + " ORDER BY published_at DESC, run_id DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Why run {@code runId} may not be published (again), or null if it may: it was published
     * before the newest publication, and re-publishing it would rewrite the history later runs
     * built on.
     */
    public static String refusal(Connection c, String runId) throws SQLException {
        String newest = newestPublication(c);
        if (newest == null || newest.equals(runId) || !isPublished(c, runId)) {
            return null;
        }
        return "--run-id "
                + runId
                + " was published before run "
                + newest
                + "; re-running it would rewrite the segment history later runs built on: choose"
                + " a new --run-id";
    }

    /** Whether run {@code runId}'s segments were published. */
    private static boolean isPublished(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM segment_publications WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String fromTo() {
        List<String> cols = new ArrayList<>();
        for (String col : TRACKED) {
            cols.add("from_" + col);
            cols.add("to_" + col);
        }
        return String.join(", ", cols);
    }

    // from/to values in fromTo() order: "h." and "a." prefixes, or a prefix "NULL" for no value
    private static String pairs(String from, String to) {
        List<String> cols = new ArrayList<>();
        for (String col : TRACKED) {
            cols.add(from.equals("NULL") ? "NULL" : from + col);
            cols.add(to.equals("NULL") ? "NULL" : to + col);
        }
        return String.join(", ", cols);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SegmentLedger.class);

    // one statement of the publication, with its time in the log (where a slow publish goes)
    static int update(Statement s, String sql) throws SQLException {
        long t0 = System.nanoTime();
        int n = s.executeUpdate(sql);
        LOG.info(
                "{} rows in {} ms: {}",
                n,
                (System.nanoTime() - t0) / 1_000_000,
                sql.length() > 160 ? sql.substring(0, 160) + "..." : sql);
        return n;
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
