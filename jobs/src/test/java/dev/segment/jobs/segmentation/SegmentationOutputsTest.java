package dev.segment.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SegmentationOutputsTest {

    @Test
    void sharesAreWrittenWithEveryDigitSoReadersRoundOnce() {
        // 0.74854 shows as 74.9% when rounded once; a file that kept 4 places (0.7485) shows 74.8%
        for (double share : new double[] {0.74854, 0.0001, 1.0e-7, 0, 1, 1.0 / 3}) {
            String written = SegmentationOutputs.exact(share);
            assertEquals(share, Double.parseDouble(written), written);
            assertFalse(written.contains("E"), "plain notation: " + written);
        }
        assertEquals(
                "74.9%",
                String.format(
                        Locale.ROOT,
                        "%.1f%%",
                        100 * Double.parseDouble(SegmentationOutputs.exact(0.74854))));
    }
}
