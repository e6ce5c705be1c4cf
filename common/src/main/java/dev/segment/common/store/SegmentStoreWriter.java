package dev.segment.common.store;

import dev.segment.common.model.SegmentAssignment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Writes clustering results: {@code run_assignments} staged in bulk by a Flink sink and published
 * with the run ({@link BulkTables}), and the few rows of {@code personas} and {@code models} with
 * plain JDBC batches.
 */
public final class SegmentStoreWriter {
    private SegmentStoreWriter() {}

    static final List<String> ASSIGNMENT_COLUMNS =
            List.of(
                    "run_id",
                    "customer_id",
                    "cluster_id",
                    "persona",
                    "rfm_segment",
                    "lifecycle_stage",
                    "customer_profile",
                    "distance",
                    "confidence",
                    "explanation",
                    "top_features");

    /**
     * Flink sink of assignments for one run: staged in bulk, visible when the run publishes them
     * ({@link BulkTables}).
     */
    public static Sink<SegmentAssignment> assignments(StoreConfig config, String runId) {
        return BulkTables.sink(
                config, "run_assignments", runId, ASSIGNMENT_COLUMNS, assignmentBinding(runId));
    }

    static final List<String> FEATURE_COLUMNS =
            List.of("run_id", "customer_id", "features", "behaviour");

    /**
     * Flink sink of a run's per-customer features ({@code customer_features}): COPY into the run's
     * staging table on PostgreSQL, CSV spooled on DuckDB ({@link BulkTables}). {@code binding}
     * writes the columns of {@link #FEATURE_COLUMNS}.
     */
    public static <T> Sink<T> features(StoreConfig config, String runId, RowBinding<T> binding) {
        return BulkTables.sink(config, "customer_features", runId, FEATURE_COLUMNS, binding);
    }

    /** The values of an assignment row, in {@link #ASSIGNMENT_COLUMNS} order. */
    static RowBinding<SegmentAssignment> assignmentBinding(String runId) {
        return (a, out) -> {
            out.string(runId);
            out.string(a.customerId);
            out.integer(a.clusterId);
            out.string(a.persona);
            out.string(a.rfmSegment);
            out.string(a.lifecycleStage);
            out.string(a.customerProfile);
            out.real(a.distance);
            out.real(a.confidence);
            out.string(a.explanation);
            out.string(a.topFeatures);
        };
    }

    /** One persona row. */
    public record PersonaRow(
            int clusterId,
            String name,
            String explanation,
            long size,
            double share,
            double revenueShare,
            String centroidJson,
            String distinguishingJson) {}

    /** Upserts the personas of a run and the model (by version). */
    public static void writePersonasAndModel(
            StoreConfig config,
            String runId,
            List<PersonaRow> personas,
            String modelVersion,
            String paramsJson,
            String metricsJson,
            String modelJson) {
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            try (PreparedStatement del =
                    c.prepareStatement("DELETE FROM personas WHERE run_id = ?")) {
                del.setString(1, runId);
                del.executeUpdate();
            }
            try (PreparedStatement ins =
                    c.prepareStatement(
                            "INSERT INTO personas (run_id, cluster_id, name, explanation, size, share, revenue_share, centroid,"
                                    + " distinguishing_features) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (PersonaRow p : personas) {
                    ins.setString(1, runId);
                    ins.setInt(2, p.clusterId());
                    ins.setString(3, p.name());
                    ins.setString(4, p.explanation());
                    ins.setLong(5, p.size());
                    ins.setDouble(6, p.share());
                    ins.setDouble(7, p.revenueShare());
                    ins.setString(8, p.centroidJson());
                    ins.setString(9, p.distinguishingJson());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            try (PreparedStatement del =
                    c.prepareStatement("DELETE FROM models WHERE version = ?")) {
                del.setString(1, modelVersion);
                del.executeUpdate();
            }
            try (PreparedStatement ins =
                    c.prepareStatement(
                            "INSERT INTO models (version, run_id, created_at, params, metrics, blob) VALUES (?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, modelVersion);
                ins.setString(2, runId);
                ins.setTimestamp(3, Timestamp.from(Instant.now()));
                ins.setString(4, paramsJson);
                ins.setString(5, metricsJson);
                ins.setString(6, modelJson);
                ins.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot write personas/model of run " + runId + ": " + e.getMessage(), e);
        }
    }
}
