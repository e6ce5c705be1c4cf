package dev.segment.jobs.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Adjusted Rand index of two labelings (Hubert and Arabie 1985), from the contingency table: {@code
 * (sum C(n_ij, 2) - E) / (0.5 (sum C(a_i, 2) + sum C(b_j, 2)) - E)} with {@code E = sum C(a_i, 2)
 * sum C(b_j, 2) / C(n, 2)}. 1 for identical partitions (whatever the label names), about 0 for
 * random ones.
 */
public final class AdjustedRandIndex {
    private AdjustedRandIndex() {}

    public static <A, B> double of(A[] a, B[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "labelings differ in length: " + a.length + " vs " + b.length);
        }
        Map<Object, Long> rows = new HashMap<>();
        Map<Object, Long> cols = new HashMap<>();
        Map<Object, Long> cells = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
            cells.merge(java.util.List.of(a[i], b[i]), 1L, Long::sum);
        }
        double index = 0;
        for (long v : cells.values()) {
            index += pairs(v);
        }
        double sumA = 0;
        for (long v : rows.values()) {
            sumA += pairs(v);
        }
        double sumB = 0;
        for (long v : cols.values()) {
            sumB += pairs(v);
        }
        double expected = sumA * sumB / pairs(a.length);
        double max = 0.5 * (sumA + sumB);
        if (max == expected) {
            return 1.0; // both labelings put everything in one cluster (or all singletons)
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
