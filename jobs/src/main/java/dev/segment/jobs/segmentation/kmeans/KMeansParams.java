package dev.segment.jobs.segmentation.kmeans;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of {@link KMeans}, typed and validated on every set. Defaults follow scikit-learn
 * where it has an equivalent (maxIter differs: 20 here, as in Flink ML).
 */
public final class KMeansParams implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Param<Integer> K =
            new Param<>("k", "Number of clusters.", 2, ">= 2", v -> v >= 2);
    public static final Param<Integer> MAX_ITER =
            new Param<>("maxIter", "Maximum Lloyd iterations.", 20, ">= 1", v -> v >= 1);
    public static final Param<Double> TOL =
            new Param<>(
                    "tol",
                    "Stop when the sum of squared centroid shifts is <= tol (0: run maxIter"
                            + " iterations unless nothing moves).",
                    1e-4,
                    ">= 0",
                    v -> v >= 0 && !v.isNaN());
    public static final Param<Long> SEED =
            new Param<>("seed", "Random seed.", 42L, "any long", v -> true);
    public static final Param<String> INIT_MODE =
            new Param<>(
                    "initMode",
                    "Initial centroids: k-means++, k-means|| or given.",
                    "k-means++",
                    "one of k-means++, k-means||, given",
                    v -> Set.of("k-means++", "k-means||", "given").contains(v));
    public static final Param<String> DISTANCE =
            new Param<>(
                    "distance",
                    "euclidean, or cosine (spherical k-means on unit vectors).",
                    "euclidean",
                    "euclidean or cosine",
                    v -> v.equals("euclidean") || v.equals("cosine"));
    public static final Param<Integer> THREADS =
            new Param<>(
                    "threads",
                    "Worker threads of the training operator.",
                    Math.max(1, Runtime.getRuntime().availableProcessors()),
                    ">= 1",
                    v -> v >= 1);
    public static final Param<Long> MAX_TRAINING_ROWS =
            new Param<>(
                    "maxTrainingRows",
                    "Rows above this are sampled (seeded) for training.",
                    5_000_000L,
                    ">= 2",
                    v -> v >= 2);
    public static final Param<Integer> N_INIT =
            new Param<>(
                    "nInit",
                    "Independent seeded initialisations; the lowest inertia wins (ignored for given).",
                    4,
                    ">= 1",
                    v -> v >= 1);
    public static final Param<String> FEATURES_COL =
            new Param<>(
                    "featuresCol",
                    "Name of the features column.",
                    "features",
                    "non-empty",
                    v -> !v.isEmpty());
    public static final Param<String> PREDICTION_COL =
            new Param<>(
                    "predictionCol",
                    "Name of the prediction column.",
                    "prediction",
                    "non-empty",
                    v -> !v.isEmpty());

    private final Map<String, Object> values = new LinkedHashMap<>();
    private double[][] initCentroids;

    public <T> KMeansParams set(Param<T> p, T value) {
        values.put(p.name, p.validate(value));
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Param<T> p) {
        Object v = values.get(p.name);
        return v == null ? p.defaultValue : (T) v;
    }

    public KMeansParams setK(int k) {
        return set(K, k);
    }

    public KMeansParams setMaxIter(int n) {
        return set(MAX_ITER, n);
    }

    public KMeansParams setTol(double tol) {
        return set(TOL, tol);
    }

    public KMeansParams setSeed(long seed) {
        return set(SEED, seed);
    }

    public KMeansParams setInitMode(String mode) {
        return set(INIT_MODE, mode);
    }

    public KMeansParams setDistance(String d) {
        return set(DISTANCE, d);
    }

    public KMeansParams setNInit(int n) {
        return set(N_INIT, n);
    }

    public int getNInit() {
        return get(N_INIT);
    }

    public KMeansParams setThreads(int t) {
        return set(THREADS, t);
    }

    public KMeansParams setMaxTrainingRows(long n) {
        return set(MAX_TRAINING_ROWS, n);
    }

    /** Initial centroids for initMode {@code given}; also sets k and the mode. */
    public KMeansParams setInitCentroids(double[][] centroids) {
        if (centroids == null || centroids.length < 2) {
            throw new IllegalArgumentException("initCentroids must hold at least 2 centroids");
        }
        int d = centroids[0].length;
        for (double[] c : centroids) {
            if (c.length != d) {
                throw new IllegalArgumentException(
                        "initCentroids rows must all have " + d + " values");
            }
        }
        this.initCentroids = centroids;
        setK(centroids.length);
        return setInitMode("given");
    }

    public int getK() {
        return get(K);
    }

    public int getMaxIter() {
        return get(MAX_ITER);
    }

    public double getTol() {
        return get(TOL);
    }

    public long getSeed() {
        return get(SEED);
    }

    public String getInitMode() {
        return get(INIT_MODE);
    }

    public String getDistance() {
        return get(DISTANCE);
    }

    public int getThreads() {
        return get(THREADS);
    }

    public long getMaxTrainingRows() {
        return get(MAX_TRAINING_ROWS);
    }

    public double[][] getInitCentroids() {
        return initCentroids;
    }

    /** Every parameter with its effective value, for model.json and the runs table. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param<?> p :
                new Param<?>[] {
                    K,
                    MAX_ITER,
                    TOL,
                    SEED,
                    N_INIT,
                    INIT_MODE,
                    DISTANCE,
                    THREADS,
                    MAX_TRAINING_ROWS,
                    FEATURES_COL,
                    PREDICTION_COL
                }) {
            m.put(p.name, get(p));
        }
        return m;
    }

    /** Checks cross-parameter rules. */
    public KMeansParams validate() {
        if ("given".equals(getInitMode())) {
            if (initCentroids == null) {
                throw new IllegalArgumentException(
                        "initMode given needs initCentroids (--init-centroids FILE)");
            }
            if (initCentroids.length != getK()) {
                throw new IllegalArgumentException(
                        "k is "
                                + getK()
                                + " but "
                                + initCentroids.length
                                + " initial centroids were given");
            }
        }
        return this;
    }
}
