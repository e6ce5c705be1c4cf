package dev.segment.jobs.segmentation.kmeans;

import java.util.Arrays;

/**
 * Keeps cluster ids stable across retrains: new clusters are matched to the previous model's by
 * minimum total centroid distance (Hungarian algorithm, Kuhn-Munkres with potentials, O(n^3)). When
 * k grew, unmatched new clusters get fresh ids above the previous maximum.
 */
public final class ClusterMatcher {
    private ClusterMatcher() {}

    /**
     * Ids for the new clusters.
     *
     * @param previous centroids of the previous model (same feature space)
     * @param previousIds their cluster ids
     * @param next new centroids
     * @return id of each new cluster
     */
    public static int[] match(double[][] previous, int[] previousIds, double[][] next) {
        int n = Math.max(previous.length, next.length);
        double[][] cost = new double[n][n];
        for (int i = 0; i < next.length; i++) {
            for (int j = 0; j < previous.length; j++) {
                cost[i][j] = Math.sqrt(sq(next[i], previous[j]));
            }
        }
        int[] assignment = hungarian(cost);
        int[] ids = new int[next.length];
        int fresh = Arrays.stream(previousIds).max().orElse(-1) + 1;
        for (int i = 0; i < next.length; i++) {
            int j = assignment[i];
            ids[i] = j < previous.length ? previousIds[j] : fresh++;
        }
        return ids;
    }

    /** Minimum-cost assignment of rows to columns of a square matrix; result[row] = column. */
    public static int[] hungarian(double[][] a) {
        int n = a.length;
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] result = new int[n];
        for (int j = 1; j <= n; j++) {
            result[p[j] - 1] = j - 1;
        }
        return result;
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double d = a[t] - b[t];
            s += d * d;
        }
        return s;
    }
}
