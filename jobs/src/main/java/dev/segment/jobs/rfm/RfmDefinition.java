package dev.segment.jobs.rfm;

import java.util.Locale;

/**
 * The RFM definitions we compute; each is documented in the README and in {@link RfmCalculator}.
 */
public enum RfmDefinition {
    /** Recency days, distinct orders, sum; NTILE(5) scores and the segment table. */
    CLASSIC("classic"),
    /** lifetimes' summary_data_from_transaction_data (and calibration_and_holdout_data). */
    LIFETIMES("lifetimes"),
    /** The R rfm package's rfm_table_order with its quantile bins. */
    RFM_PACKAGE("rfm-package");

    private final String label;

    RfmDefinition(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static RfmDefinition parse(String raw) {
        for (RfmDefinition d : values()) {
            if (d.label.equalsIgnoreCase(raw.trim()) || d.name().equalsIgnoreCase(raw.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "--definition must be classic, lifetimes or rfm-package but was '" + raw + "'");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
