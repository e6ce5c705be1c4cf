package dev.segment.jobs.segmentation.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KSelectionTest {

    /** Five customers on a line, in two loose groups. */
    private static final double[] FIVE = {0, 0, 0.1, 0, 0.2, 0, 5, 0, 5.2, 0};

    private static KMeansParams params() {
        return new KMeansParams().setSeed(7).setMaxIter(20).setThreads(1);
    }

    @Test
    void theDefaultRangeIsNarrowedToTheCustomersATinyInputHas() throws Exception {
        KSelection.Choice choice = KSelection.choose(FIVE, 2, 3, 8, true, params(), 100);
        List<Integer> tried = choice.scores().stream().map(KSelection.Score::k).toList();
        assertEquals(List.of(3, 4), tried, "k below the 5 customers, from the range's 3");
        assertTrue(choice.k() >= 3 && choice.k() <= 4);
    }

    @Test
    void threeCustomersAreClusteredInTwo() throws Exception {
        double[] three = {0, 0, 0.1, 0, 5, 0};
        KSelection.Choice choice = KSelection.choose(three, 2, 3, 8, true, params(), 100);
        assertEquals(2, choice.k());
    }

    @Test
    void aRangeTheUserChoseIsNeverNarrowed() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KSelection.choose(FIVE, 2, 3, 8, false, params(), 100));
        assertTrue(
                e.getMessage().startsWith("--k-range up to 8 needs more than 8"), e.getMessage());
    }

    @Test
    void fewerThanThreeCustomersCannotBeClustered() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                KSelection.choose(
                                        new double[] {0, 0, 1, 1}, 2, 3, 8, true, params(), 100));
        assertEquals("clustering needs at least 3 customers, have 2", e.getMessage());
    }
}
