package dev.segment.jobs.live;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.segmentation.AssignSegments;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The model live segments are assigned with: a trained k-means model (its model.json text, so state
 * and broadcasts carry plain strings), its version and the run that trained it (whose classic RFM
 * is the live RFM baseline). {@link #json} is null in a watcher's "no newer model" tick.
 */
public class LiveModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Features live profiles can give a model (recency .. tenure from live RFM). */
    public static final Set<String> LIVE_FEATURES =
            Set.of(
                    "recency_days",
                    "frequency",
                    "monetary",
                    "avg_order_value",
                    "tenure_days",
                    "sessions",
                    "support_share",
                    "cart_abandonment");

    /** The newest model of a succeeded run. */
    static final String NEWEST =
            "SELECT m.version, m.run_id, m.blob FROM models m JOIN runs r ON r.run_id = m.run_id"
                    + " WHERE r.status = 'succeeded' ORDER BY m.created_at DESC, m.version DESC"
                    + " LIMIT 1";

    public String version;

    /** Null for a model read from a file. */
    public String runId;

    /** model.json text. */
    public String json;

    private transient KMeansModel parsed;
    private transient AssignSegments.Assigner assigner;

    public LiveModel() {}

    public LiveModel(String version, String runId, String json) {
        this.version = version;
        this.runId = runId;
        this.json = json;
    }

    /** The parsed model (parsed once per instance). */
    public KMeansModel model() {
        if (parsed == null) {
            try {
                parsed = KMeansModel.parse(json, "model " + version);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return parsed;
    }

    /** Assigns and explains by this model (built once per instance: explanations repeat). */
    public AssignSegments.Assigner assigner() {
        if (assigner == null) {
            assigner = new AssignSegments.Assigner(model(), this::personaName);
        }
        return assigner;
    }

    /** A model.json file; its version is the file name and modification time. */
    public static LiveModel fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--model " + file + ": no such file");
        }
        return new LiveModel(
                        "file:" + file.getFileName() + "@" + Files.getLastModifiedTime(file),
                        null,
                        Files.readString(file))
                .validate("--model " + file);
    }

    /** The newest model of a succeeded run in the store, or null when there is none yet. */
    public static LiveModel newest(StoreConfig config) {
        try (Connection c = Store.connect(config)) {
            return newest(c, null);
        } catch (SQLException e) {
            throw new Store.StoreException("cannot read the models table: " + e.getMessage(), e);
        }
    }

    /**
     * The newest model on {@code c}; when its version is {@code knownVersion} only the version is
     * returned (the model stays null) so a watcher does not parse the same model again.
     */
    static LiveModel newest(Connection c, String knownVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NEWEST);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String version = rs.getString(1);
            if (version.equals(knownVersion)) {
                return new LiveModel(version, rs.getString(2), null);
            }
            return new LiveModel(version, rs.getString(2), rs.getString(3))
                    .validate("models row " + version);
        }
    }

    /** Checks that live profiles can give every feature of the model. */
    public LiveModel validate(String origin) {
        List<String> names;
        try {
            parsed = KMeansModel.parse(json, origin);
            names = parsed.scaler().names();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(origin + ": not a model: " + e.getMessage(), e);
        }
        for (String n : names) {
            if (!LIVE_FEATURES.contains(n)) {
                throw new IllegalArgumentException(
                        origin
                                + ": feature '"
                                + n
                                + "' cannot be computed from live profiles (they give "
                                + String.join(", ", LIVE_FEATURES.stream().sorted().toList())
                                + ")");
            }
        }
        return this;
    }

    /** The persona name of a cluster id (stored models keep names, not whole personas). */
    String personaName(int clusterId) {
        return model().personaNames().getOrDefault(clusterId, "cluster " + clusterId);
    }
}
