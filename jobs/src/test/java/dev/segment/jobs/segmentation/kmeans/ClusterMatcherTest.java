package dev.segment.jobs.segmentation.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterMatcherTest {

    private static double cost(double[][] a, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) {
            s += a[i][assignment[i]];
        }
        return s;
    }

    private static double bruteForce(double[][] a, int row, boolean[] used) {
        if (row == a.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < a.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, a[row][j] + bruteForce(a, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    @Test
    void hungarianMatchesBruteForceOnRandomMatrices() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(6);
            double[][] a = new double[n][n];
            for (double[] row : a) {
                for (int j = 0; j < n; j++) {
                    row[j] =
                            r.nextInt(
                                    20); // integers: ties are common, as with duplicated centroids
                }
            }
            int[] assignment = ClusterMatcher.hungarian(a);
            assertEquals(
                    n, java.util.Arrays.stream(assignment).distinct().count(), "a permutation");
            assertEquals(bruteForce(a, 0, new boolean[n]), cost(a, assignment), 1e-9);
        }
    }

    @Test
    void permutedCentroidsGetTheirOldIdsBack() {
        double[][] old = {{0, 0}, {5, 5}, {10, 0}};
        int[] oldIds = {7, 3, 5};
        double[][] next = {{10.1, 0}, {0, 0.2}, {5, 4.9}};
        assertArrayEquals(new int[] {5, 7, 3}, ClusterMatcher.match(old, oldIds, next));
    }

    @Test
    void extraNewClustersGetFreshIdsAboveTheOldMaximum() {
        double[][] old = {{0, 0}, {10, 10}};
        double[][] next = {{10, 10}, {50, 50}, {0, 0}};
        assertArrayEquals(new int[] {1, 2, 0}, ClusterMatcher.match(old, new int[] {0, 1}, next));
    }
}
