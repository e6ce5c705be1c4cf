package dev.segment.common.io;

import java.util.Locale;

/**
 * What to do with returns and cancellations: lines with a negative amount, and Online-Retail-style
 * cancellation invoices whose order id starts with {@code C}.
 */
public enum ReturnsPolicy {
    /**
     * Keep them as negative lines (default). A {@code C} order with a positive amount is negated
     * first. Monetary values are then net of returns; a cancelled order still counts as an order in
     * {@code frequency} (it is a distinct order id), which is what the RFM peers do too.
     */
    NET,
    /**
     * Send them to the dead letters with reason {@value #EXCLUDED_REASON}; they are counted as
     * excluded, apart from rejected rows, and do not count against the quality gate.
     */
    EXCLUDE;

    /** Dead-letter reason of a row excluded by this policy. */
    public static final String EXCLUDED_REASON = "return excluded by policy";

    public static ReturnsPolicy parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--returns must be net or exclude but was '" + raw + "'");
        }
    }
}
