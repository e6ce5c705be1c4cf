package dev.segment.common.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code runs} table: every run is recorded when it starts and when it ends. */
public final class RunRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StoreConfig config;
    private final String codeVersion;

    public RunRegistry(StoreConfig config, String codeVersion) {
        this.config = config;
        this.codeVersion = codeVersion;
    }

    /** A fresh run id such as {@code 20261123T031500Z-rfm-3fa2}. */
    public static String newRunId(String command) {
        return ID_TIME.format(Instant.now())
                + "-"
                + command
                + "-"
                + UUID.randomUUID().toString().substring(0, 4);
    }

    /**
     * Records the start of a run. An existing id is reused: its row is reset to {@code running} so
     * a re-run with the same id keeps one row (and its results replace the old ones).
     */
    public String start(
            String runId, String command, Map<String, ?> parameters, List<String> inputPaths) {
        try (Connection c = Store.connect(config)) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
                del.setString(1, runId);
                del.executeUpdate();
            }
            try (PreparedStatement ins =
                    c.prepareStatement(
                            "INSERT INTO runs (run_id, command, parameters, input_paths, started_at, status, code_version)"
                                    + " VALUES (?, ?, ?, ?, ?, 'running', ?)")) {
                ins.setString(1, runId);
                ins.setString(2, command);
                ins.setString(3, Secrets.scrub(JSON.writeValueAsString(parameters)));
                ins.setString(4, JSON.writeValueAsString(inputPaths));
                ins.setTimestamp(5, Timestamp.from(Instant.now()));
                ins.setString(6, codeVersion);
                ins.executeUpdate();
            }
            return runId;
        } catch (SQLException | JsonProcessingException e) {
            throw new Store.StoreException(
                    "cannot record run "
                            + runId
                            + " in "
                            + config.describe()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Counts and outcome of a run. */
    public record Outcome(
            String status,
            long rowsRead,
            long rowsAccepted,
            long rowsRejected,
            long customers,
            String message,
            long rowsExcluded,
            long rowsIgnored,
            long rowsDuplicate) {
        public static Outcome succeeded(
                long read, long accepted, long rejected, long customers, String message) {
            return new Outcome("succeeded", read, accepted, rejected, customers, message, 0, 0, 0);
        }

        public static Outcome failed(
                long read, long accepted, long rejected, long customers, String message) {
            return new Outcome("failed", read, accepted, rejected, customers, message, 0, 0, 0);
        }

        /**
         * The same outcome with rows excluded by policy, rows ignored (after the as-of) and
         * identical rows (kept or dropped).
         */
        public Outcome withSkipped(long excluded, long ignored, long duplicate) {
            return new Outcome(
                    status,
                    rowsRead,
                    rowsAccepted,
                    rowsRejected,
                    customers,
                    message,
                    excluded,
                    ignored,
                    duplicate);
        }
    }

    /**
     * Replaces the run's recorded parameters by the effective ones (defaults resolved, values the
     * run derived such as the as-of date used or the k chosen), so that the run can be reproduced.
     */
    public void updateParameters(String runId, Map<String, ?> parameters) {
        try (Connection c = Store.connect(config)) {
            updateParameters(c, runId, parameters);
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot record the parameters of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The same, on {@code c} (in the caller's transaction). */
    public void updateParameters(Connection c, String runId, Map<String, ?> parameters)
            throws SQLException {
        try (PreparedStatement up =
                c.prepareStatement("UPDATE runs SET parameters = ? WHERE run_id = ?")) {
            up.setString(1, Secrets.scrub(JSON.writeValueAsString(parameters)));
            up.setString(2, runId);
            up.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the end of a run. */
    public void finish(String runId, Outcome outcome) {
        try (Connection c = Store.connect(config)) {
            finish(c, runId, outcome);
        } catch (SQLException e) {
            throw new Store.StoreException("cannot finish run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The same, on {@code c} (in the caller's transaction). */
    public void finish(Connection c, String runId, Outcome outcome) throws SQLException {
        try (PreparedStatement up =
                c.prepareStatement(
                        "UPDATE runs SET finished_at = ?, status = ?, rows_read = ?, rows_accepted = ?,"
                                + " rows_rejected = ?, customers = ?, message = ?, rows_excluded = ?,"
                                + " rows_ignored = ?, rows_duplicate = ? WHERE run_id = ?")) {
            up.setTimestamp(1, Timestamp.from(Instant.now()));
            up.setString(2, outcome.status());
            up.setLong(3, outcome.rowsRead());
            up.setLong(4, outcome.rowsAccepted());
            up.setLong(5, outcome.rowsRejected());
            up.setLong(6, outcome.customers());
            up.setString(7, Secrets.scrub(outcome.message()));
            up.setLong(8, outcome.rowsExcluded());
            up.setLong(9, outcome.rowsIgnored());
            up.setLong(10, outcome.rowsDuplicate());
            up.setString(11, runId);
            if (up.executeUpdate() != 1) {
                throw new Store.StoreException(
                        "run " + runId + " was never started in " + config.describe(), null);
            }
        }
    }

    /** Whether the store has a {@code runs} row for {@code runId} (a re-run of it). */
    public boolean exists(String runId) {
        try (Connection c = Store.connect(config);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot read the runs of " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the results a previous attempt of {@code runId} wrote (for an idempotent re-run). */
    public void clearResults(String runId, String... tables) {
        try (Connection c = Store.connect(config)) {
            for (String table : tables) {
                try (PreparedStatement del =
                        c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                    del.setString(1, runId);
                    del.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot clear results of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Whether run {@code runId} succeeded and wrote classic RFM rows. */
    public static boolean hasClassicRfm(StoreConfig config, String runId) {
        return runId.equals(classicRfmRun(config, runId));
    }

    /** The newest succeeded run with classic RFM rows, or null. */
    public static String newestClassicRfmRun(StoreConfig config) {
        return classicRfmRun(config, null);
    }

    private static String classicRfmRun(StoreConfig config, String onlyRun) {
        String sql =
                "SELECT r.run_id FROM runs r WHERE r.status = 'succeeded'"
                        + (onlyRun == null ? "" : " AND r.run_id = ?")
                        + " AND EXISTS (SELECT 1 FROM customer_rfm x WHERE x.run_id = r.run_id"
                        + " AND x.definition = 'classic') ORDER BY r.finished_at DESC LIMIT 1";
        try (Connection c = Store.connect(config);
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (onlyRun != null) {
                ps.setString(1, onlyRun);
            }
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new Store.StoreException("cannot read runs: " + e.getMessage(), e);
        }
    }
}
