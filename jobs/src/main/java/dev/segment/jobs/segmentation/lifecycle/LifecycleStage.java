package dev.segment.jobs.segmentation.lifecycle;

/**
 * Where a customer stands in their relationship with the business, independent of the clusters.
 *
 * <p>Rules (first match wins; thresholds in {@link LifecycleRules}, defaults in brackets), with
 * {@code days since last} = as-of minus the last purchase day:
 *
 * <ol>
 *   <li>{@link #NEW}: first purchase at most {@code newDays} [30] days before the as-of date.
 *   <li>{@link #REACTIVATED}: bought at most {@code activeDays} [90] days ago after a gap of more
 *       than {@code lapsedDays} [180] days between the previous purchase day and the last.
 *   <li>{@link #ACTIVE}: bought at most {@code activeDays} [90] days ago.
 *   <li>{@link #AT_RISK}: last purchase more than {@code activeDays} and at most {@code lapsedDays}
 *       days ago.
 *   <li>{@link #LAPSED}: last purchase more than {@code lapsedDays} days ago.
 * </ol>
 */
public enum LifecycleStage {
    NEW,
    ACTIVE,
    AT_RISK,
    LAPSED,
    REACTIVATED;

    /** Lower-case name used in files and tables ({@code at_risk}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
