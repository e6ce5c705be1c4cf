package dev.segment.jobs.segmentation.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lloyd's algorithm over a row-major {@code double[]} (n rows of d values), data-parallel.
 *
 * <p>Rows are cut into fixed chunks; each chunk computes assignments, per-centroid partial sums and
 * counts and its inertia; partials are then added in chunk order. Because chunking and the order of
 * additions do not depend on the number of threads, the result is bit-for-bit the same for any
 * thread count. Distances are sums of squared differences (not the expanded dot-product form),
 * which is what makes the inertia agree with scikit-learn's to many digits.
 *
 * <p>An empty cluster is re-seeded with the point farthest from its own centroid (ties: lowest
 * row), so no centroid is ever NaN.
 */
public final class Lloyd implements AutoCloseable {

    /** Rows per chunk: the unit of parallel work and of deterministic summation. */
    static final int CHUNK = 4096;

    private final double[] x;
    private final int n;
    private final int d;
    private final int threads;
    private final ExecutorService pool;

    /** Outcome of a run. */
    public record Result(
            double[][] centroids,
            long[] counts,
            double inertia,
            int iterations,
            boolean converged,
            int reseeded) {}

    public Lloyd(double[] x, int d, int threads) {
        if (d < 1 || x.length % d != 0) {
            throw new IllegalArgumentException(
                    "data length " + x.length + " is not a multiple of d = " + d);
        }
        this.x = x;
        this.d = d;
        this.n = x.length / d;
        this.threads = Math.max(1, threads);
        this.pool =
                this.threads > 1
                        ? Executors.newFixedThreadPool(
                                this.threads,
                                r -> {
                                    Thread t = new Thread(r, "kmeans-lloyd");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
    }

    /**
     * Runs Lloyd from {@code initial} until {@code maxIter} iterations or until the sum of squared
     * centroid shifts is {@code <= tol} (with tol 0: until nothing moves).
     *
     * @param spherical renormalise centroids to unit length after each update (cosine distance)
     */
    public Result run(double[][] initial, int maxIter, double tol, boolean spherical)
            throws Exception {
        int k = initial.length;
        double[] c = flatten(initial);
        int iter = 0;
        boolean converged = false;
        int reseeded = 0;
        while (iter < maxIter) {
            iter++;
            Partial total = pass(c, k);
            double[] next = new double[k * d];
            List<Integer> empty = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (total.counts[j] == 0) {
                    empty.add(j);
                    continue;
                }
                for (int t = 0; t < d; t++) {
                    next[j * d + t] = total.sums[j * d + t] / total.counts[j];
                }
            }
            if (!empty.isEmpty()) {
                int[] far = farthest(c, k, total.labels, empty.size());
                for (int e = 0; e < empty.size(); e++) {
                    System.arraycopy(x, far[e] * d, next, empty.get(e) * d, d);
                }
                reseeded += empty.size();
            }
            if (spherical) {
                normalizeRows(next, k);
            }
            double shift = 0;
            for (int i = 0; i < next.length; i++) {
                double diff = next[i] - c[i];
                shift += diff * diff;
            }
            c = next;
            if (shift == 0 || (tol > 0 && shift <= tol)) {
                converged = true;
                break;
            }
        }
        Partial last = pass(c, k);
        return new Result(unflatten(c, k), last.counts, last.inertia, iter, converged, reseeded);
    }

    /** Result of one pass over the data. */
    private static final class Partial {
        final double[] sums;
        final long[] counts;
        double inertia;
        final int[] labels;

        Partial(int k, int d, int n) {
            sums = new double[k * d];
            counts = new long[k];
            labels = new int[n];
        }
    }

    private Partial pass(double[] c, int k) throws Exception {
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[][] sums = new double[chunks][];
        long[][] counts = new long[chunks][];
        double[] inertia = new double[chunks];
        Partial out = new Partial(k, d, n);
        Runnable[] work = new Runnable[chunks];
        for (int ch = 0; ch < chunks; ch++) {
            final int chunk = ch;
            work[ch] =
                    () -> {
                        int from = chunk * CHUNK;
                        int to = Math.min(n, from + CHUNK);
                        double[] s = new double[k * d];
                        long[] cnt = new long[k];
                        double in = 0;
                        for (int i = from; i < to; i++) {
                            int base = i * d;
                            int best = 0;
                            double bestD = Double.POSITIVE_INFINITY;
                            for (int j = 0; j < k; j++) {
                                int cb = j * d;
                                double dist = 0;
                                for (int t = 0; t < d; t++) {
                                    double diff = x[base + t] - c[cb + t];
                                    dist += diff * diff;
                                }
                                if (dist < bestD) {
                                    bestD = dist;
                                    best = j;
                                }
                            }
                            out.labels[i] = best;
                            cnt[best]++;
                            in += bestD;
                            int sb = best * d;
                            for (int t = 0; t < d; t++) {
                                s[sb + t] += x[base + t];
                            }
                        }
                        sums[chunk] = s;
                        counts[chunk] = cnt;
                        inertia[chunk] = in;
                    };
        }
        runAll(work);
        for (int ch = 0; ch < chunks; ch++) {
            for (int i = 0; i < out.sums.length; i++) {
                out.sums[i] += sums[ch][i];
            }
            for (int j = 0; j < k; j++) {
                out.counts[j] += counts[ch][j];
            }
            out.inertia += inertia[ch];
        }
        return out;
    }

    private void runAll(Runnable[] work) throws Exception {
        if (pool == null) {
            for (Runnable r : work) {
                r.run();
            }
            return;
        }
        // a fixed number of tasks, each taking a contiguous run of chunks
        List<Future<?>> futures = new ArrayList<>();
        int per = (work.length + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * per;
            int to = Math.min(work.length, from + per);
            if (from >= to) {
                break;
            }
            futures.add(
                    pool.submit(
                            () -> {
                                for (int i = from; i < to; i++) {
                                    work[i].run();
                                }
                            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** The m rows farthest from their assigned centroid, farthest first (ties: lowest row). */
    private int[] farthest(double[] c, int k, int[] labels, int m) {
        int[] idx = new int[m];
        double[] dist = new double[m];
        Arrays.fill(idx, -1);
        Arrays.fill(dist, -1);
        for (int i = 0; i < n; i++) {
            int cb = labels[i] * d;
            double s = 0;
            for (int t = 0; t < d; t++) {
                double diff = x[i * d + t] - c[cb + t];
                s += diff * diff;
            }
            for (int p = 0; p < m; p++) {
                if (s > dist[p]) {
                    System.arraycopy(dist, p, dist, p + 1, m - p - 1);
                    System.arraycopy(idx, p, idx, p + 1, m - p - 1);
                    dist[p] = s;
                    idx[p] = i;
                    break;
                }
            }
        }
        for (int p = 0; p < m; p++) {
            if (idx[p] < 0) {
                idx[p] = p % n;
            }
        }
        return idx;
    }

    static void normalizeRows(double[] v, int rows) {
        int d = v.length / rows;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                s += v[r * d + t] * v[r * d + t];
            }
            if (s > 0) {
                double inv = 1 / Math.sqrt(s);
                for (int t = 0; t < d; t++) {
                    v[r * d + t] *= inv;
                }
            }
        }
    }

    private double[] flatten(double[][] m) {
        double[] f = new double[m.length * d];
        for (int j = 0; j < m.length; j++) {
            if (m[j].length != d) {
                throw new IllegalArgumentException(
                        "centroid " + j + " has " + m[j].length + " values, expected " + d);
            }
            System.arraycopy(m[j], 0, f, j * d, d);
        }
        return f;
    }

    private double[][] unflatten(double[] f, int k) {
        double[][] m = new double[k][d];
        for (int j = 0; j < k; j++) {
            System.arraycopy(f, j * d, m[j], 0, d);
        }
        return m;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
