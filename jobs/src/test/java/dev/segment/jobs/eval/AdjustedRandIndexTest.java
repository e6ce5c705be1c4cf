package dev.segment.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdjustedRandIndexTest {

    @Test
    void identicalPartitionsScoreOneWhateverTheLabels() {
        assertEquals(
                1.0,
                AdjustedRandIndex.of(new Integer[] {0, 0, 1, 1}, new String[] {"b", "b", "a", "a"}),
                1e-12);
    }

    @Test
    void handComputedExample() {
        // a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]: cells (0,0)=2 (0,1)=1 (1,1)=1 (1,2)=2 -> index = 2;
        // rows 3,3 -> sumA = 6; cols 2,2,2 -> sumB = 3; E = 6*3/15 = 1.2; max = 4.5
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3 = 0.242424...
        // (scikit-learn's adjusted_rand_score gives the same 0.24242424242424246 for these labels)
        assertEquals(
                0.8 / 3.3,
                AdjustedRandIndex.of(
                        new Integer[] {0, 0, 0, 1, 1, 1}, new Integer[] {0, 0, 1, 1, 2, 2}),
                1e-12);
    }

    @Test
    void oppositePartitionsScoreBelowZero() {
        // one cluster vs all singletons is 0 by definition's degenerate case; a crossed split is
        // negative
        double ari = AdjustedRandIndex.of(new Integer[] {0, 0, 1, 1}, new Integer[] {0, 1, 0, 1});
        assertEquals(-0.5, ari, 1e-12);
    }
}
