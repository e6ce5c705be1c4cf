package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SegmentTableTest {

    @Test
    void all125ScoreTriplesFallIntoTheDocumentedSegments() {
        Map<String, Integer> counts = new TreeMap<>();
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    counts.merge(SegmentTable.DEFAULT.segment(r, f, m), 1, Integer::sum);
                }
            }
        }
        // Oracle: the issue states Others 10, Champions 1, Potential Loyalist 35; the others were
        // counted by hand from the rule table (e.g. Loyal Customers = 27 cells of R2-4 F2-4 M2-4
        // minus the 12 with R3-4 F3-4 that Potential Loyalist takes first = 15) and cross-checked
        // with a separate five-line Python enumeration.
        assertEquals(10, counts.get("Others"));
        assertEquals(1, counts.get("Champions"));
        assertEquals(35, counts.get("Potential Loyalist"));
        assertEquals(15, counts.get("Loyal Customers"));
        assertEquals(8, counts.get("Promising"));
        assertEquals(15, counts.get("New Customers"));
        assertEquals(6, counts.get("Can't Lose Them"));
        assertEquals(7, counts.get("At Risk"));
        assertEquals(4, counts.get("Need Attention"));
        assertEquals(10, counts.get("About To Sleep"));
        assertEquals(14, counts.get("Lost"));
        assertEquals(125, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void firstMatchingRuleWins() {
        assertEquals("Champions", SegmentTable.DEFAULT.segment(5, 5, 5));
        assertEquals("Potential Loyalist", SegmentTable.DEFAULT.segment(5, 5, 4));
        assertEquals("Lost", SegmentTable.DEFAULT.segment(1, 1, 1));
        assertEquals("New Customers", SegmentTable.DEFAULT.segment(5, 1, 1));
    }
}
