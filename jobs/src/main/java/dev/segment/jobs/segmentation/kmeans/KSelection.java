package dev.segment.jobs.segmentation.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Chooses k: fits every k of a range and scores it by the mean silhouette (exact, on a seeded
 * sample of at most {@code sampleCap} rows, all pairs), with Davies-Bouldin (on all rows) and
 * inertia (for an elbow plot) reported beside it.
 *
 * <p>The rule serves segmentation rather than geometry: the <em>largest</em> k whose silhouette is
 * within {@value #SILHOUETTE_TOLERANCE} of the best one wins. The silhouette alone nearly always
 * prefers the fewest clusters on customer data (on CDNOW it picks k = 2, "spenders" against
 * "occasional"), which no marketer can act on; among partitions that are about as well separated,
 * the finer one gives more distinct personas. With the default range 3..8 the result stays a
 * handful of segments a team can name and act on.
 */
public final class KSelection {
    private KSelection() {}

    /** How far below the best silhouette a larger k may score and still be chosen. */
    public static final double SILHOUETTE_TOLERANCE = 0.01;

    /** Scores of one k. */
    public record Score(
            int k, double silhouette, double daviesBouldin, double inertia, int iterations)
            implements java.io.Serializable {}

    /** The table and the choice. */
    public record Choice(int k, List<Score> scores, int sampleRows) {}

    /**
     * Fits and scores every k of {@code kMin..kMax} and picks one.
     *
     * @param narrow the range was not chosen by the user: on fewer customers than it needs, try the
     *     k the customers allow (at least 2, below the number of customers) instead of failing
     */
    public static Choice choose(
            double[] x, int d, int kMin, int kMax, boolean narrow, KMeansParams base, int sampleCap)
            throws Exception {
        if (kMin < 2 || kMax < kMin) {
            throw new IllegalArgumentException(
                    "--k-range must look like 3..8 with 2 <= min <= max but was "
                            + kMin
                            + ".."
                            + kMax);
        }
        int n = x.length / d;
        if (narrow && n < kMax + 1) {
            if (n < 3) {
                throw new IllegalArgumentException(
                        "clustering needs at least 3 customers, have " + n);
            }
            kMax = n - 1;
            kMin = Math.min(kMin, kMax);
        }
        if (n < kMax + 1) {
            throw new IllegalArgumentException(
                    "--k-range up to "
                            + kMax
                            + " needs more than "
                            + kMax
                            + " customers, have "
                            + n);
        }
        double[] sample = n > sampleCap ? KMeans.sample(x, d, sampleCap, base.getSeed() + 17) : x;
        int m = sample.length / d;
        List<int[]> sampleLabels = new ArrayList<>();
        List<Score> partial = new ArrayList<>();
        for (int k = kMin; k <= kMax; k++) {
            KMeansParams p = copy(base).setK(k);
            KMeans.Fit fit = new KMeans(p).fit(x, d);
            double db = daviesBouldin(x, d, fit.model().centroids, base.getThreads());
            sampleLabels.add(labels(sample, d, fit.model().centroids));
            partial.add(new Score(k, Double.NaN, db, fit.inertia(), fit.iterations()));
        }
        double[] sil = silhouettes(sample, d, m, sampleLabels, kMin, base.getThreads());
        List<Score> scores = new ArrayList<>();
        double bestSil = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < partial.size(); i++) {
            Score s = partial.get(i);
            scores.add(new Score(s.k(), sil[i], s.daviesBouldin(), s.inertia(), s.iterations()));
            bestSil = Math.max(bestSil, sil[i]);
        }
        return new Choice(pick(scores, bestSil), scores, m);
    }

    /** The largest k whose silhouette is within the tolerance of the best. */
    static int pick(List<Score> scores, double bestSil) {
        int chosen = scores.get(0).k();
        for (Score s : scores) {
            if (s.silhouette() >= bestSil - SILHOUETTE_TOLERANCE && s.k() > chosen) {
                chosen = s.k();
            }
        }
        return chosen;
    }

    private static KMeansParams copy(KMeansParams base) {
        KMeansParams p = new KMeansParams();
        p.setMaxIter(base.getMaxIter())
                .setTol(base.getTol())
                .setSeed(base.getSeed())
                .setNInit(base.getNInit())
                .setInitMode("given".equals(base.getInitMode()) ? "k-means++" : base.getInitMode())
                .setDistance(base.getDistance())
                .setThreads(base.getThreads())
                .setMaxTrainingRows(base.getMaxTrainingRows());
        return p;
    }

    static int[] labels(double[] x, int d, double[][] c) {
        int n = x.length / d;
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < c.length; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double diff = x[i * d + t] - c[j][t];
                    s += diff * diff;
                }
                if (s < best) {
                    best = s;
                    l[i] = j;
                }
            }
        }
        return l;
    }

    /**
     * Mean silhouette for several labelings of the same sample in one pass over all pairs: the pair
     * distance is computed once and added to every labeling's per-cluster sums.
     */
    static double[] silhouettes(
            double[] x, int d, int m, List<int[]> labelings, int kMin, int threads)
            throws Exception {
        int L = labelings.size();
        int[] ks = new int[L];
        int[] offset = new int[L + 1];
        for (int l = 0; l < L; l++) {
            ks[l] = kMin + l;
            offset[l + 1] = offset[l] + ks[l];
        }
        int width = offset[L];
        double[][] sums =
                new double[m][width]; // sum of distances from i to each cluster, per labeling
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> fs = new ArrayList<>();
            int blocks = Math.max(1, threads) * 8;
            for (int b = 0; b < blocks; b++) {
                final int block = b;
                fs.add(
                        pool.submit(
                                () -> {
                                    for (int i = block; i < m; i += blocks) {
                                        double[] row = sums[i];
                                        for (int j = 0; j < m; j++) {
                                            if (j == i) {
                                                continue;
                                            }
                                            double s = 0;
                                            for (int t = 0; t < d; t++) {
                                                double diff = x[i * d + t] - x[j * d + t];
                                                s += diff * diff;
                                            }
                                            double dist = Math.sqrt(s);
                                            for (int l = 0; l < L; l++) {
                                                row[offset[l] + labelings.get(l)[j]] += dist;
                                            }
                                        }
                                    }
                                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double[] out = new double[L];
        for (int l = 0; l < L; l++) {
            int[] lab = labelings.get(l);
            long[] size = new long[ks[l]];
            for (int i = 0; i < m; i++) {
                size[lab[i]]++;
            }
            double total = 0;
            for (int i = 0; i < m; i++) {
                int own = lab[i];
                if (size[own] <= 1) {
                    continue; // silhouette of a singleton is 0
                }
                double a = sums[i][offset[l] + own] / (size[own] - 1);
                double b = Double.POSITIVE_INFINITY;
                for (int c = 0; c < ks[l]; c++) {
                    if (c != own && size[c] > 0) {
                        b = Math.min(b, sums[i][offset[l] + c] / size[c]);
                    }
                }
                total += (b - a) / Math.max(a, b);
            }
            out[l] = total / m;
        }
        return out;
    }

    /** Davies-Bouldin index (lower is better) with Euclidean distances. */
    static double daviesBouldin(double[] x, int d, double[][] c, int threads) {
        int k = c.length;
        int[] l = labels(x, d, c);
        double[] scatter = new double[k];
        long[] size = new long[k];
        int n = x.length / d;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double diff = x[i * d + t] - c[l[i]][t];
                s += diff * diff;
            }
            scatter[l[i]] += Math.sqrt(s);
            size[l[i]]++;
        }
        for (int j = 0; j < k; j++) {
            scatter[j] = size[j] == 0 ? 0 : scatter[j] / size[j];
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            double worst = 0;
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    double sep = Math.sqrt(ClusterMatcher.sq(c[i], c[j]));
                    if (sep > 0) {
                        worst = Math.max(worst, (scatter[i] + scatter[j]) / sep);
                    }
                }
            }
            total += worst;
        }
        return total / k;
    }
}
