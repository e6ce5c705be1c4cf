package dev.segment.jobs.segmentation.personas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CustomerExplainerTest {

    @Test
    void confidenceIsRelativeMarginOfSquaredDistances() {
        assertEquals(1.0, CustomerExplainer.confidence(0, 4));
        assertEquals(0.0, CustomerExplainer.confidence(4, 4));
        assertEquals(0.75, CustomerExplainer.confidence(1, 4));
        assertEquals(1.0, CustomerExplainer.confidence(0, 0), "single cluster: fully confident");
    }

    @Test
    void topPullsRankFeaturesByHowMuchTheyFavourTheOwnCentroid() {
        double[] x = {1.0, 0.0, 2.0};
        double[] own = {1.0, 0.0, 1.0};
        double[] second = {-1.0, 0.1, 3.0};
        // gains: f0: (2)^2 - 0 = 4; f1: 0.01 - 0 = 0.01; f2: 1 - 1 = 0
        assertArrayEquals(new int[] {0, 1}, CustomerExplainer.topPulls(x, own, second, 2));
        assertArrayEquals(new int[] {0, 1, 2}, CustomerExplainer.topPulls(x, own, second, 5));
    }
}
