package dev.segment.jobs.segmentation.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-means (Estimator): fits a {@link KMeansModelData} to standardized rows held as one row-major
 * {@code double[]}. Flink ML's KMeans cannot run on Flink 2.x, so this is our own, in its shape.
 *
 * <p>Initialisation: {@code k-means++} (D² sampling, Arthur and Vassilvitskii 2007), {@code
 * k-means||} (Bahmani et al. 2012: 5 rounds oversampling 2k candidates per round, then weighted
 * k-means++ on the candidates), or {@code given}. Above {@code maxTrainingRows} rows a seeded
 * uniform sample is trained on (reported in the result). Seeded initialisations are tried {@code
 * nInit} times and the lowest inertia wins, so one unlucky start does not decide the segments. With
 * {@code cosine} distance rows are scaled to unit length and centroids renormalised each round
 * (spherical k-means).
 */
public final class KMeans {

    private final KMeansParams params;

    public KMeans(KMeansParams params) {
        this.params = params.validate();
    }

    public KMeansParams params() {
        return params;
    }

    /** The trained centroids and how training went. */
    public record Fit(
            KMeansModelData model,
            double inertia,
            int iterations,
            boolean converged,
            long trainingRows,
            boolean sampled,
            int reseeded) {}

    /**
     * Fits on {@code n = x.length / d} rows (not modified unless cosine, which works on a copy).
     */
    public Fit fit(double[] x, int d) throws Exception {
        int n = x.length / d;
        int k = params.getK();
        if (n < k) {
            throw new IllegalArgumentException(
                    "k = " + k + " needs at least " + k + " rows but there are " + n);
        }
        double[] data = x;
        boolean sampled = false;
        if (n > params.getMaxTrainingRows()) {
            data = sample(x, d, (int) params.getMaxTrainingRows(), params.getSeed());
            sampled = true;
        }
        boolean spherical = "cosine".equals(params.getDistance());
        if (spherical) {
            data = data.clone();
            Lloyd.normalizeRows(data, data.length / d);
        }
        int attempts = "given".equals(params.getInitMode()) ? 1 : params.getNInit();
        Fit best = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            // each attempt has its own seed derived from the configured one
            long seed = params.getSeed() + 1_000_003L * attempt;
            Fit fit = fitOnce(data, d, k, seed, spherical, sampled);
            if (best == null || fit.inertia() < best.inertia()) {
                best = fit;
            }
        }
        return best;
    }

    private Fit fitOnce(double[] data, int d, int k, long seed, boolean spherical, boolean sampled)
            throws Exception {
        double[][] init;
        switch (params.getInitMode()) {
            case "given":
                init = params.getInitCentroids();
                if (init[0].length != d) {
                    throw new IllegalArgumentException(
                            "initial centroids have "
                                    + init[0].length
                                    + " values but the data has "
                                    + d
                                    + " features");
                }
                break;
            case "k-means||":
                init = kMeansParallel(data, d, k, seed);
                break;
            default:
                init = kMeansPlusPlus(data, d, k, seed, null);
        }
        if (spherical) {
            // unit-length copies: the given centroids are the caller's (and the model's record
            // of its parameters), never rescaled in place
            double[][] unit = new double[init.length][];
            for (int j = 0; j < init.length; j++) {
                unit[j] = init[j].clone();
                Lloyd.normalizeRows(unit[j], 1);
            }
            init = unit;
        }
        try (Lloyd lloyd = new Lloyd(data, d, params.getThreads())) {
            Lloyd.Result r = lloyd.run(init, params.getMaxIter(), params.getTol(), spherical);
            return new Fit(
                    new KMeansModelData(r.centroids(), r.counts()),
                    r.inertia(),
                    r.iterations(),
                    r.converged(),
                    data.length / d,
                    sampled,
                    r.reseeded());
        }
    }

    /** Seeded uniform sample of {@code m} rows, kept in their original order. */
    static double[] sample(double[] x, int d, int m, long seed) {
        int n = x.length / d;
        // Floyd's algorithm for m distinct indices
        java.util.BitSet chosen = new java.util.BitSet(n);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int j = n - m; j < n; j++) {
            int t = rnd.nextInt(j + 1);
            if (chosen.get(t)) {
                chosen.set(j);
            } else {
                chosen.set(t);
            }
        }
        double[] out = new double[m * d];
        int r = 0;
        for (int i = chosen.nextSetBit(0); i >= 0; i = chosen.nextSetBit(i + 1)) {
            System.arraycopy(x, i * d, out, r++ * d, d);
        }
        return out;
    }

    /** k-means++ seeding; {@code weights} (may be null) weight the rows. */
    static double[][] kMeansPlusPlus(double[] x, int d, int k, long seed, double[] weights) {
        int n = x.length / d;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] centers = new double[k][];
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int first = weights == null ? rnd.nextInt(n) : pickWeighted(weights, null, rnd);
        centers[0] = Arrays.copyOfRange(x, first * d, first * d + d);
        for (int c = 1; c < k; c++) {
            double[] prev = centers[c - 1];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double diff = x[i * d + t] - prev[t];
                    s += diff * diff;
                }
                if (s < dist[i]) {
                    dist[i] = s;
                }
            }
            int next = pickWeighted(dist, weights, rnd);
            centers[c] = Arrays.copyOfRange(x, next * d, next * d + d);
        }
        return centers;
    }

    /** Index drawn with probability proportional to {@code dist[i] * weight[i]}. */
    private static int pickWeighted(double[] dist, double[] weights, SplittableRandom rnd) {
        double total = 0;
        for (int i = 0; i < dist.length; i++) {
            total += dist[i] * (weights == null ? 1 : weights[i]);
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            // every point sits on a centre already (or only weights given): pick uniformly
            return rnd.nextInt(dist.length);
        }
        double u = rnd.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < dist.length; i++) {
            acc += dist[i] * (weights == null ? 1 : weights[i]);
            if (acc >= u && dist[i] > 0) {
                return i;
            }
        }
        return dist.length - 1;
    }

    /** k-means|| seeding. */
    static double[][] kMeansParallel(double[] x, int d, int k, long seed) {
        int n = x.length / d;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<double[]> cand = new ArrayList<>();
        int first = rnd.nextInt(n);
        cand.add(Arrays.copyOfRange(x, first * d, first * d + d));
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int seen = 0;
        double oversampling = 2.0 * k;
        for (int round = 0; round < 5; round++) {
            for (int c = seen; c < cand.size(); c++) {
                double[] ctr = cand.get(c);
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int t = 0; t < d; t++) {
                        double diff = x[i * d + t] - ctr[t];
                        s += diff * diff;
                    }
                    if (s < dist[i]) {
                        dist[i] = s;
                    }
                }
            }
            seen = cand.size();
            double cost = 0;
            for (double v : dist) {
                cost += v;
            }
            if (!(cost > 0)) {
                break;
            }
            SplittableRandom roundRnd = rnd.split();
            for (int i = 0; i < n; i++) {
                if (roundRnd.nextDouble() < oversampling * dist[i] / cost) {
                    cand.add(Arrays.copyOfRange(x, i * d, i * d + d));
                }
            }
        }
        if (cand.size() <= k) {
            double[][] out = kMeansPlusPlus(x, d, k, seed, null);
            for (int i = 0; i < cand.size() && i < k; i++) {
                out[i] = cand.get(i);
            }
            return out;
        }
        // weight each candidate by the rows closest to it, then weighted k-means++ on candidates
        double[] flat = new double[cand.size() * d];
        for (int c = 0; c < cand.size(); c++) {
            System.arraycopy(cand.get(c), 0, flat, c * d, d);
        }
        double[] weights = new double[cand.size()];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < cand.size(); c++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double diff = x[i * d + t] - flat[c * d + t];
                    s += diff * diff;
                }
                if (s < bestD) {
                    bestD = s;
                    best = c;
                }
            }
            weights[best]++;
        }
        return kMeansPlusPlus(flat, d, k, seed + 1, weights);
    }
}
