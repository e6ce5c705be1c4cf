package dev.segment.common.io;

import java.util.Locale;

/**
 * What to do with identical records: rows of one customer whose every field equals an earlier row's
 * (see {@link dev.segment.common.model.Transaction#fingerprint(long)}). Either way they are counted
 * and reported.
 */
public enum DuplicatePolicy {
    /** Keep them (default: the RFM peers count every row, so their numbers stay equal). */
    KEEP,
    /** Drop every copy after the first to the dead letters, with the reason. */
    DROP;

    /** Dead-letter reason of a dropped copy. */
    public static final String DROPPED_REASON =
            "identical to an earlier record of this customer (dropped: --duplicates drop)";

    public static DuplicatePolicy parse(String raw) {
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--duplicates must be keep or drop but was '" + raw + "'");
        }
    }
}
