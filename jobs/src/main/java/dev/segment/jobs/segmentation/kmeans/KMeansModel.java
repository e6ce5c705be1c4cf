package dev.segment.jobs.segmentation.kmeans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.segment.jobs.segmentation.features.FeatureScaler;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained k-means model (Flink ML's Model shape): the feature scaler, the centroids with their
 * stable cluster ids, the parameters, metrics and training statistics. {@link #save} writes
 * versioned JSON ({@code model.json}); {@link #load} restores it bit for bit (doubles are written
 * in their shortest round-trip decimal form).
 */
public final class KMeansModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Version of the model.json layout. */
    public static final int FORMAT_VERSION = 1;

    private final FeatureScaler scaler;
    private final KMeansModelData data;
    private final int[] clusterIds;
    private final Map<String, Object> params;
    private final Map<String, Object> metrics;
    private final List<KSelection.Score> kSelection;
    private final String codeVersion;
    private final Map<Integer, String> personaNames;

    public KMeansModel(
            FeatureScaler scaler,
            KMeansModelData data,
            int[] clusterIds,
            Map<String, Object> params,
            Map<String, Object> metrics,
            List<KSelection.Score> kSelection,
            String codeVersion,
            Map<Integer, String> personaNames) {
        this.scaler = scaler;
        this.data = data;
        this.clusterIds = clusterIds.clone();
        this.params = new LinkedHashMap<>(params);
        this.metrics = new LinkedHashMap<>(metrics);
        this.kSelection = kSelection == null ? List.of() : List.copyOf(kSelection);
        this.codeVersion = codeVersion;
        this.personaNames = personaNames == null ? Map.of() : new LinkedHashMap<>(personaNames);
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    public KMeansModelData data() {
        return data;
    }

    public int[] clusterIds() {
        return clusterIds.clone();
    }

    public Map<String, Object> params() {
        return params;
    }

    public Map<String, Object> metrics() {
        return metrics;
    }

    public List<KSelection.Score> kSelection() {
        return kSelection;
    }

    public Map<Integer, String> personaNames() {
        return personaNames;
    }

    public boolean cosine() {
        return "cosine".equals(params.get("distance"));
    }

    /** Nearest and second-nearest centroid of a standardized vector. */
    public record Assignment(
            int index,
            int clusterId,
            double distanceSq,
            int secondIndex,
            double secondDistanceSq) {}

    public Assignment predictScaled(double[] z) {
        double[] v = z;
        if (cosine()) {
            v = z.clone();
            Lloyd.normalizeRows(v, 1);
        }
        int best = -1;
        int second = -1;
        double bd = Double.POSITIVE_INFINITY;
        double sd = Double.POSITIVE_INFINITY;
        double[][] c = data.centroids;
        for (int j = 0; j < c.length; j++) {
            double s = ClusterMatcher.sq(v, c[j]);
            if (s < bd) {
                second = best;
                sd = bd;
                best = j;
                bd = s;
            } else if (s < sd) {
                second = j;
                sd = s;
            }
        }
        return new Assignment(best, clusterIds[best], bd, second, sd);
    }

    // ---------------------------------------------------------------- JSON

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void save(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toJson());
    }

    public String toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("code_version", codeVersion);
        root.set("params", JSON.valueToTree(params));
        ObjectNode sc = root.putObject("scaler");
        sc.set("features", JSON.valueToTree(scaler.names()));
        sc.set("log1p", JSON.valueToTree(scaler.log1p()));
        sc.set("mean", JSON.valueToTree(scaler.mean()));
        sc.set("std", JSON.valueToTree(scaler.std()));
        sc.put("scaled", scaler.scaled());
        ArrayNode clusters = root.putArray("clusters");
        for (int j = 0; j < data.k(); j++) {
            ObjectNode c = clusters.addObject();
            c.put("id", clusterIds[j]);
            c.put("training_rows", data.counts[j]);
            if (personaNames.containsKey(clusterIds[j])) {
                c.put("persona", personaNames.get(clusterIds[j]));
            }
            c.set("centroid", JSON.valueToTree(data.centroids[j]));
            c.set("centroid_original_units", JSON.valueToTree(scaler.inverse(data.centroids[j])));
        }
        root.set("metrics", JSON.valueToTree(metrics));
        ArrayNode ks = root.putArray("k_selection");
        for (KSelection.Score s : kSelection) {
            ObjectNode o = ks.addObject();
            o.put("k", s.k());
            o.put("silhouette", s.silhouette());
            o.put("davies_bouldin", s.daviesBouldin());
            o.put("inertia", s.inertia());
            o.put("iterations", s.iterations());
        }
        return JSON.writeValueAsString(root);
    }

    public static KMeansModel load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** A model from model.json text ({@code origin} names it in errors: a file, a table row). */
    public static KMeansModel parse(String json, String origin) throws IOException {
        JsonNode root = JSON.readTree(json);
        int format = root.path("format_version").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw new IOException(
                    origin
                            + ": model format_version "
                            + format
                            + " is not supported (expected "
                            + FORMAT_VERSION
                            + ")");
        }
        JsonNode sc = root.get("scaler");
        List<String> names = new ArrayList<>();
        sc.get("features").forEach(n -> names.add(n.asText()));
        boolean[] log = new boolean[names.size()];
        double[] mean = new double[names.size()];
        double[] std = new double[names.size()];
        for (int t = 0; t < names.size(); t++) {
            log[t] = sc.get("log1p").get(t).asBoolean();
            mean[t] = sc.get("mean").get(t).asDouble();
            std[t] = sc.get("std").get(t).asDouble();
        }
        FeatureScaler scaler =
                new FeatureScaler(names, log, mean, std, sc.path("scaled").asBoolean(true));
        JsonNode clusters = root.get("clusters");
        int k = clusters.size();
        double[][] c = new double[k][];
        long[] counts = new long[k];
        int[] ids = new int[k];
        Map<Integer, String> personas = new LinkedHashMap<>();
        for (int j = 0; j < k; j++) {
            JsonNode cl = clusters.get(j);
            ids[j] = cl.get("id").asInt();
            counts[j] = cl.get("training_rows").asLong();
            JsonNode cen = cl.get("centroid");
            c[j] = new double[cen.size()];
            for (int t = 0; t < cen.size(); t++) {
                c[j][t] = cen.get(t).asDouble();
            }
            if (cl.has("persona")) {
                personas.put(ids[j], cl.get("persona").asText());
            }
        }
        Map<String, Object> params = JSON.convertValue(root.get("params"), LinkedHashMap.class);
        Map<String, Object> metrics = JSON.convertValue(root.get("metrics"), LinkedHashMap.class);
        List<KSelection.Score> ks = new ArrayList<>();
        Iterator<JsonNode> it = root.path("k_selection").elements();
        while (it.hasNext()) {
            JsonNode s = it.next();
            ks.add(
                    new KSelection.Score(
                            s.get("k").asInt(),
                            s.get("silhouette").asDouble(),
                            s.get("davies_bouldin").asDouble(),
                            s.get("inertia").asDouble(),
                            s.get("iterations").asInt()));
        }
        return new KMeansModel(
                scaler,
                new KMeansModelData(c, counts),
                ids,
                params,
                metrics,
                ks,
                root.path("code_version").asText(),
                personas);
    }
}
