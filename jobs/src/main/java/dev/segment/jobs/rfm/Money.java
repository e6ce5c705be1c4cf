package dev.segment.jobs.rfm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact decimal rounding of money units and day ratios (half-up, like a person would round). */
final class Money {
    private Money() {}

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
