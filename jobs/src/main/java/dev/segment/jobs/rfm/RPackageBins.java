package dev.segment.jobs.rfm;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * The R {@code rfm} package's scoring bins (its internal {@code bins()} in R/utils.R, used by
 * {@code rfm_table_order}): {@code breaks = quantile(x, probs = seq(0, 1, length.out = bins + 1))}
 * with R's default quantile type 7, first and last removed, <b>then 1 added to every remaining
 * break</b>; {@code lower = c(min(x), breaks)}, {@code upper = c(breaks, max(x) + 1)}; a value
 * scores {@code i} for the first {@code i} with {@code lower[i] <= x < upper[i]}. Recency is scored
 * in reverse ({@code bins + 1 - i}).
 *
 * <p>The {@code + 1} matters: on the package's own example data a customer with 3 orders scores F =
 * 1 (the 20% quantile of transaction_count is 3, so the first bin is [1, 4)), not 2.
 */
public final class RPackageBins {

    private final double[] lower;
    private final double[] upper;

    private RPackageBins(double[] lower, double[] upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /** Fits the bins to {@code values} (not modified). */
    public static RPackageBins fit(double[] values, int bins) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot bin an empty vector");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return fitSorted(i -> sorted[i], sorted.length, bins);
    }

    /**
     * Fits the bins to {@code n} values given by their order statistics: {@code
     * sortedAt.applyAsDouble(i)} is the value at 0-based position {@code i} of the ascending order.
     * Only the positions {@link #positionsRead} names are asked for, so a parallel job can supply
     * them without sorting.
     */
    public static RPackageBins fitSorted(IntToDoubleFunction sortedAt, int n, int bins) {
        if (n == 0) {
            throw new IllegalArgumentException("cannot bin an empty vector");
        }
        double[] lower = new double[bins];
        double[] upper = new double[bins];
        lower[0] = sortedAt.applyAsDouble(0);
        for (int i = 1; i < bins; i++) {
            // R's seq(0, 1, length.out = bins + 1) yields i * (1 / bins), e.g. 3 * 0.2 =
            // 0.6000000000000001
            // the package adds 1 to every interior break after quantile()
            double b = quantileType7(sortedAt, n, i * (1.0 / bins)) + 1;
            upper[i - 1] = b;
            lower[i] = b;
        }
        upper[bins - 1] = sortedAt.applyAsDouble(n - 1) + 1;
        return new RPackageBins(lower, upper);
    }

    /** The 0-based positions of the ascending order that {@link #fitSorted} reads. */
    public static long[] positionsRead(int n, int bins) {
        java.util.TreeSet<Long> at = new java.util.TreeSet<>();
        at.add(0L);
        at.add((long) n - 1);
        for (int i = 1; i < bins; i++) {
            int[] lh = type7Positions(n, i * (1.0 / bins));
            at.add((long) lh[0]);
            at.add((long) lh[1]);
        }
        return at.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * R's {@code quantile(x, p, type = 7)} on ascending {@code sorted}, computed the way R's {@code
     * quantile.default} does it so that results agree to the last bit: {@code index = 1 + (n - 1)
     * p}, {@code lo = floor(index)}, {@code h = index - lo}, and {@code (1 - h) x[lo] + h x[lo +
     * 1]} when {@code h > 0} and the two order statistics differ (1-based indices).
     */
    public static double quantileType7(double[] sorted, double p) {
        return quantileType7(i -> sorted[i], sorted.length, p);
    }

    private static double quantileType7(IntToDoubleFunction sortedAt, int n, double p) {
        double index = 1 + (n - 1) * p;
        int lo = (int) Math.floor(index);
        int[] lh = type7Positions(n, p);
        double qs = sortedAt.applyAsDouble(lh[0]);
        double xHi = sortedAt.applyAsDouble(lh[1]);
        if (index > lo && xHi != qs) {
            double h = index - lo;
            qs = (1 - h) * qs + h * xHi;
        }
        return qs;
    }

    /** The two 0-based positions type 7 interpolates between for probability {@code p}. */
    private static int[] type7Positions(int n, double p) {
        double index = 1 + (n - 1) * p;
        int lo = (int) Math.floor(index);
        int hi = (int) Math.ceil(index);
        return new int[] {lo - 1, Math.min(hi, n) - 1};
    }

    /** Score 1..bins of {@code x} (ascending), or 0 when no interval holds it. */
    public int score(double x) {
        for (int i = 0; i < lower.length; i++) {
            if (x >= lower[i] && x < upper[i]) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Reverse score for recency: bins + 1 - score (0 stays 0). */
    public int reverseScore(double x) {
        int s = score(x);
        return s == 0 ? 0 : lower.length + 1 - s;
    }

    public double[] lower() {
        return lower.clone();
    }

    public double[] upper() {
        return upper.clone();
    }
}
