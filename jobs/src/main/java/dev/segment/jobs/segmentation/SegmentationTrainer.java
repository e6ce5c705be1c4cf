package dev.segment.jobs.segmentation;

import dev.segment.jobs.segmentation.features.FeatureScaler;
import dev.segment.jobs.segmentation.kmeans.ClusterMatcher;
import dev.segment.jobs.segmentation.kmeans.KMeans;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansModelData;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import dev.segment.jobs.segmentation.kmeans.KSelection;
import dev.segment.jobs.segmentation.personas.ClusterProfile;
import dev.segment.jobs.segmentation.personas.Persona;
import dev.segment.jobs.segmentation.personas.PersonaNamer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a segmentation from all customers' feature rows, in one place (the Flink job calls it
 * inside one task): sort by customer id (arrival order must not matter), fit the scaler, choose k
 * if asked, fit k-means, match cluster ids to the previous model, name personas.
 */
public final class SegmentationTrainer {

    private final SegmentationConfig config;

    public SegmentationTrainer(SegmentationConfig config) {
        this.config = config;
    }

    public TrainedSegmentation train(List<FeatureRow> rows) throws Exception {
        return train(rows, rows.size());
    }

    /**
     * Trains on {@code rows}, a sample of {@code population} customers when fewer (cluster sizes
     * are then scaled up to the population; shares are the sample's).
     */
    public TrainedSegmentation train(List<FeatureRow> rows, long population) throws Exception {
        rows.sort(Comparator.comparing(r -> r.customerId));
        int d = config.features().size();
        int n = rows.size();
        if (n < 2) {
            throw new IllegalArgumentException("clustering needs at least 2 customers, got " + n);
        }
        double[] raw = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] f = rows.get(i).features;
            if (f.length != d) {
                throw new IllegalArgumentException(
                        "customer "
                                + rows.get(i).customerId
                                + " has "
                                + f.length
                                + " features, expected "
                                + d);
            }
            for (int t = 0; t < d; t++) {
                if (Double.isInfinite(f[t])) {
                    throw new IllegalArgumentException(
                            "customer "
                                    + rows.get(i).customerId
                                    + ": feature "
                                    + config.features().get(t)
                                    + " is "
                                    + f[t]);
                }
            }
            System.arraycopy(f, 0, raw, i * d, d);
        }
        FeatureScaler scaler =
                FeatureScaler.fit(config.features(), config.log1p(), raw, config.scale());
        double[] z = scaler.transformAll(raw);
        KMeansParams params = config.params();
        List<KSelection.Score> scores = List.of();
        if (config.kAuto()) {
            KSelection.Choice choice =
                    KSelection.choose(
                            z,
                            d,
                            config.kMin(),
                            config.kMax(),
                            config.narrowKRange(),
                            params,
                            config.silhouetteSample());
            scores = choice.scores();
            params.setK(choice.k());
        }
        KMeans.Fit fit = new KMeans(params).fit(z, d);
        KMeansModelData data = fit.model();
        int[] ids = new int[data.k()];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = j;
        }
        KMeansModel previous = config.previous();
        if (previous != null
                && previous.data().dims() == d
                && previous.scaler().names().equals(config.features())) {
            // compare in the new model's space: previous centroids back to raw units, then forward
            double[][] prevInNewSpace = new double[previous.data().k()][];
            for (int j = 0; j < prevInNewSpace.length; j++) {
                prevInNewSpace[j] =
                        scaler.transform(previous.scaler().inverse(previous.data().centroids[j]));
            }
            ids = ClusterMatcher.match(prevInNewSpace, previous.clusterIds(), data.centroids);
        }
        // order clusters by id so files and tables list them in id order
        Integer[] order = new Integer[ids.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        final int[] idsFinal = ids;
        java.util.Arrays.sort(order, Comparator.comparingInt(j -> idsFinal[j]));
        int[] perm = new int[order.length];
        int[] sortedIds = new int[order.length];
        for (int j = 0; j < order.length; j++) {
            perm[j] = order[j];
            sortedIds[j] = ids[order[j]];
        }
        data = data.permuted(perm);

        // sizes and revenue over all customers, with the final centroids
        long[] size = new long[data.k()];
        double[] revenue = new double[data.k()];
        KMeansModel model =
                new KMeansModel(
                        scaler,
                        data,
                        sortedIds,
                        params.toMap(),
                        Map.of(),
                        scores,
                        config.codeVersion(),
                        null);
        for (int i = 0; i < n; i++) {
            double[] zi = java.util.Arrays.copyOfRange(z, i * d, i * d + d);
            KMeansModel.Assignment a = model.predictScaled(zi);
            size[a.index()]++;
            revenue[a.index()] += rows.get(i).revenue;
        }
        if (population > n) {
            for (int j = 0; j < size.length; j++) {
                size[j] = Math.round((double) size[j] * population / n);
            }
        }
        List<ClusterProfile> profiles = new ArrayList<>();
        for (int j = 0; j < data.k(); j++) {
            profiles.add(
                    new ClusterProfile(
                            sortedIds[j],
                            size[j],
                            revenue[j],
                            data.centroids[j],
                            scaler.inverse(data.centroids[j]),
                            config.features()));
        }
        List<Persona> personas = new PersonaNamer(config.rules()).name(profiles);
        if (previous != null && !previous.personaNames().isEmpty()) {
            personas = keepPreviousNames(personas, previous.personaNames());
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        personas.forEach(p -> names.put(p.clusterId(), p.name()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("inertia", fit.inertia());
        metrics.put("iterations", fit.iterations());
        metrics.put("converged", fit.converged());
        metrics.put("training_rows", fit.trainingRows());
        metrics.put("customers", Math.max(n, population));
        metrics.put("sampled", fit.sampled() || population > n);
        metrics.put("reseeded_empty_clusters", fit.reseeded());
        metrics.put("ids_matched_to_previous", previous != null);
        metrics.put("training_data", featureStats(raw, d));
        model =
                new KMeansModel(
                        scaler,
                        data,
                        sortedIds,
                        params.toMap(),
                        metrics,
                        scores,
                        config.codeVersion(),
                        names);
        return new TrainedSegmentation(model, personas);
    }

    /** Per feature: rows with a value, min, max, mean of the raw training values (NaN skipped). */
    private Map<String, Map<String, Object>> featureStats(double[] raw, int d) {
        Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
        int n = raw.length / d;
        for (int t = 0; t < d; t++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            long count = 0;
            for (int i = 0; i < n; i++) {
                double v = raw[i * d + t];
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                    count++;
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("count", count);
            s.put("min", count == 0 ? null : min);
            s.put("max", count == 0 ? null : max);
            s.put("mean", count == 0 ? null : sum / count);
            stats.put(config.features().get(t), s);
        }
        return stats;
    }

    /** A cluster that kept its id keeps its previous name, as long as names stay unique. */
    private static List<Persona> keepPreviousNames(
            List<Persona> personas, Map<Integer, String> previousNames) {
        Set<String> used = new HashSet<>();
        List<Persona> out = new ArrayList<>();
        for (Persona p : personas) {
            String prev = previousNames.get(p.clusterId());
            String name = prev != null && !used.contains(prev) ? prev : p.name();
            if (used.contains(name)) {
                name = name + " #" + p.clusterId();
            }
            used.add(name);
            out.add(
                    new Persona(
                            p.clusterId(),
                            name,
                            p.explanation(),
                            p.size(),
                            p.share(),
                            p.revenueShare(),
                            p.centroidOriginal(),
                            p.features(),
                            p.distinguishing(),
                            p.rule()));
        }
        return out;
    }
}
