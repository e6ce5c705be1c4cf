package dev.segment.jobs.rfm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact decimal rounding of money units and day ratios (half-up, like a person would round). */
final class Money {
    private Money() {}

    /**
     * {@code a + b} in money units, never wrapping around: a total beyond what a long holds
     * (±922,337,203,685,477 in currency) stops the job with this message instead of turning into a
     * wrong number. Rows are limited to ±{@link
     * dev.segment.common.model.Transaction#MAX_ABS_AMOUNT}, so this takes hundreds of thousands of
     * rows at the limit for one customer.
     */
    static long add(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            throw new ArithmeticException(
                    "a money total exceeds the supported range of ±922,337,203,685,477 (sums are"
                            + " exact integers of 1/10,000)");
        }
        return r;
    }

    /** {@code units / 10,000} rounded half-up to 2 decimals. */
    static double round2(long units) {
        return BigDecimal.valueOf(units, 4).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** Mean of {@code units} over {@code count} items, rounded half-up to 2 decimals. */
    static double mean2(long units, long count) {
        if (count == 0) {
            return 0.0;
        }
        return BigDecimal.valueOf(units, 4)
                .divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }

    /** {@code value / divisor} rounded half-up to 2 decimals (lifetimes' freq_multiplier). */
    static double ratio2(long value, int divisor) {
        if (divisor == 1) {
            return value;
        }
        return BigDecimal.valueOf(value)
                .divide(BigDecimal.valueOf(divisor), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
