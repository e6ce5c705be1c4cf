package dev.segment.jobs.rfm;

/**
 * Named RFM segments from R, F and M scores (1-5). First matching rule wins, ranges inclusive,
 * otherwise {@code Others}:
 *
 * <pre>
 * Champions           R5    F5    M5
 * Potential Loyalist  R3-5  F3-5  M2-5
 * Loyal Customers     R2-4  F2-4  M2-4
 * Promising           R3-4  F1-3  M3-5
 * New Customers       R4-5  F1-3  M1-5
 * Can't Lose Them     R1-2  F3-4  M4-5
 * At Risk             R1-2  F2-5  M4-5
 * Need Attention      R1-3  F3-5  M3-5
 * About To Sleep      R2-3  F1-3  M1-4
 * Lost                R1    F1-5  M1-5
 * </pre>
 */
public final class SegmentTable {
    private SegmentTable() {}

    public static final String OTHERS = "Others";

    private static final String[] NAMES = {
        "Champions",
        "Potential Loyalist",
        "Loyal Customers",
        "Promising",
        "New Customers",
        "Can't Lose Them",
        "At Risk",
        "Need Attention",
        "About To Sleep",
        "Lost"
    };

    // r_lo, r_hi, f_lo, f_hi, m_lo, m_hi per rule, in NAMES order
    private static final int[][] RANGES = {
        {5, 5, 5, 5, 5, 5},
        {3, 5, 3, 5, 2, 5},
        {2, 4, 2, 4, 2, 4},
        {3, 4, 1, 3, 3, 5},
        {4, 5, 1, 3, 1, 5},
        {1, 2, 3, 4, 4, 5},
        {1, 2, 2, 5, 4, 5},
        {1, 3, 3, 5, 3, 5},
        {2, 3, 1, 3, 1, 4},
        {1, 1, 1, 5, 1, 5}
    };

    /** The segment of a score triple. */
    public static String segment(int r, int f, int m) {
        for (int i = 0; i < RANGES.length; i++) {
            int[] q = RANGES[i];
            if (r >= q[0] && r <= q[1] && f >= q[2] && f <= q[3] && m >= q[4] && m <= q[5]) {
                return NAMES[i];
            }
        }
        return OTHERS;
    }
}
