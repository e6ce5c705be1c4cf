package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RPackageBinsTest {

    @Test
    void quantileType7MatchesR() {
        // R 4.2.2: quantile(1:10, seq(0, 1, length.out = 6)) = 1.0 2.8 4.6 6.4 8.2 10.0
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] q = new double[6];
        for (int i = 0; i <= 5; i++) {
            q[i] = RPackageBins.quantileType7(x, i * 0.2);
        }
        assertArrayEquals(new double[] {1, 2.8, 4.6, 6.4, 8.2, 10}, q, 1e-12);
    }

    @Test
    void interiorBreaksAreTheQuantilesPlusOne() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        RPackageBins bins = RPackageBins.fit(x, 5);
        // bins() adds 1 to the quantiles 2.8, 4.6, 6.4, 8.2
        assertArrayEquals(new double[] {1, 3.8, 5.6, 7.4, 9.2}, bins.lower(), 1e-12);
        assertArrayEquals(new double[] {3.8, 5.6, 7.4, 9.2, 11}, bins.upper(), 1e-12);
        int[] scores = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            scores[i] = bins.score(x[i]);
        }
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 3, 3, 4, 4, 5}, scores);
        assertEquals(5, bins.reverseScore(1));
        assertEquals(1, bins.reverseScore(10));
    }

    @Test
    void tiesCollapseBinsAndValuesFallIntoTheNonEmptyOne() {
        // type-7 quantiles of 1,1,1,1,1,1,2,3,4,5 are 1, 1, 1.4, 3.2; plus 1: 2, 2, 2.4, 4.2, so
        // [2,2) is empty twice and 2 scores 3
        RPackageBins bins = RPackageBins.fit(new double[] {5, 1, 1, 3, 1, 1, 2, 1, 4, 1}, 5);
        assertArrayEquals(new double[] {1, 2, 2, 2.4, 4.2}, bins.lower(), 1e-12);
        assertEquals(1, bins.score(1));
        assertEquals(3, bins.score(2));
        assertEquals(4, bins.score(3));
        assertEquals(4, bins.score(4));
        assertEquals(5, bins.score(5));
    }
}
