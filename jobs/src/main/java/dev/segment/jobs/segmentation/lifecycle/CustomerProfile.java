package dev.segment.jobs.segmentation.lifecycle;

/**
 * New versus long-standing customer. A newcomer must not be treated like an old friend, so every
 * downstream table carries this explicitly: {@link #LONG_STANDING} needs a tenure (as-of minus
 * first purchase) of at least {@code longStandingDays} [365] days and at least {@code
 * longStandingOrders} [2] orders; everyone else is {@link #NEW}.
 */
public enum CustomerProfile {
    NEW,
    LONG_STANDING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
