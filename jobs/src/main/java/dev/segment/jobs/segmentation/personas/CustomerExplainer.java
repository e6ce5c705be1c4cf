package dev.segment.jobs.segmentation.personas;

/**
 * Why one customer landed in its cluster.
 *
 * <p>Confidence is the relative margin between the nearest and the second-nearest centroid: {@code
 * (d2 - d1) / d2} with squared distances, 0 on the border between two clusters and 1 at the
 * centroid itself. The features that "pulled" the customer are those whose per-feature
 * squared-distance term favours the own centroid over the runner-up the most: {@code (x_j -
 * second_j)^2 - (x_j - own_j)^2}, largest first.
 */
public final class CustomerExplainer {
    private CustomerExplainer() {}

    /** Confidence from the squared distances to the nearest and second-nearest centroid. */
    public static double confidence(double nearestSq, double secondSq) {
        if (!(secondSq > 0) || Double.isInfinite(secondSq)) {
            return 1.0;
        }
        return Math.max(0, Math.min(1, (secondSq - nearestSq) / secondSq));
    }

    /**
     * Indices of the {@code n} features that most favour {@code own} over {@code second} for the
     * standardized vector {@code x} (ties: lower index first).
     */
    public static int[] topPulls(double[] x, double[] own, double[] second, int n) {
        int d = x.length;
        int m = Math.min(n, d);
        int[] best = new int[m];
        double[] bestGain = new double[m];
        java.util.Arrays.fill(bestGain, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < d; j++) {
            double a = x[j] - second[j];
            double b = x[j] - own[j];
            double gain = a * a - b * b;
            for (int k = 0; k < m; k++) {
                if (gain > bestGain[k]) {
                    System.arraycopy(bestGain, k, bestGain, k + 1, m - k - 1);
                    System.arraycopy(best, k, best, k + 1, m - k - 1);
                    bestGain[k] = gain;
                    best[k] = j;
                    break;
                }
            }
        }
        return best;
    }
}
