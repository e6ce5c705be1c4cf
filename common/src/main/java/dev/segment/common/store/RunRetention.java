package dev.segment.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retention of runs' per-customer detail: every run copies every customer into the store, so the
 * store grows by a population per run. Pruning deletes the detail rows of old runs and keeps their
 * {@code runs} row (with {@code pruned_at}) as the history of what ran.
 *
 * <p>Kept: the newest {@code keep} succeeded runs of each command, every run still running, and the
 * run whose assignments are the current segments. Pruned: older succeeded runs and every failed run
 * (a failed run's rows were never meant to be used). The views that read "the latest run" therefore
 * never lose their run.
 */
public final class RunRetention {
    private RunRetention() {}

    /** Tables holding one or more rows per customer and run. */
    public static final List<String> DETAIL_TABLES =
            List.of("customer_rfm", "run_assignments", "customer_features", "personas");

    /** A run whose detail would be deleted, with its rows per detail table. */
    public record Candidate(
            String runId,
            String command,
            String status,
            Instant startedAt,
            Map<String, Long> rows) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Refuses a {@code keep} that would prune a command's newest run. */
    public static void requireKeep(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException(
                    "--keep-runs must be at least 1 (the newest run of each command stays) but was "
                            + keep);
        }
    }

    /** The runs {@link #prune} would prune when keeping {@code keep} succeeded runs per command. */
    public static List<Candidate> plan(StoreConfig config, int keep) {
        requireKeep(keep);
        try (Connection c = Store.connect(config)) {
            List<Candidate> out = new ArrayList<>();
            Map<String, Integer> keptPerCommand = new HashMap<>();
            try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT run_id, command, status, started_at FROM runs"
                                            + " WHERE status <> 'running' AND pruned_at IS NULL"
                                            + " ORDER BY started_at DESC, run_id DESC");
                    ResultSet rs = ps.executeQuery()) {
                String current = SegmentLedger.newestPublication(c);
                while (rs.next()) {
                    String command = rs.getString(2);
                    String status = rs.getString(3);
                    if ("succeeded".equals(status)
                            && keptPerCommand.merge(command, 1, Integer::sum) <= keep) {
                        continue;
                    }
                    if (rs.getString(1).equals(current)) {
                        // kept beyond the newest: the current segments show its distances and
                        // explanations (counted among the newest above, when it is one of them)
                        continue;
                    }
                    out.add(
                            new Candidate(
                                    rs.getString(1),
                                    command,
                                    status,
                                    rs.getTimestamp(4).toInstant(),
                                    new LinkedHashMap<>()));
                }
            }
            for (Candidate candidate : out) {
                for (String table : DETAIL_TABLES) {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT COUNT(*) FROM " + table + " WHERE run_id = ?")) {
                        ps.setString(1, candidate.runId());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            candidate.rows().put(table, rs.getLong(1));
                        }
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot read the runs of " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the detail rows of {@code run} and marks it pruned, in one transaction: a run is
     * pruned completely or not at all.
     */
    public static void prune(StoreConfig config, Candidate run) {
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            try {
                for (String table : DETAIL_TABLES) {
                    if (config.kind() == StoreConfig.Kind.POSTGRES
                            && BulkTables.STAGED.contains(table)) {
                        // a partition per run: dropping it is the cheap delete
                        BulkTables.dropPartition(c, table, run.runId());
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                        ps.setString(1, run.runId());
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE runs SET pruned_at = ? WHERE run_id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setString(2, run.runId());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot prune run "
                            + run.runId()
                            + " in "
                            + config.describe()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
