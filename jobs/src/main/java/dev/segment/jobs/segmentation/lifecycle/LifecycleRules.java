package dev.segment.jobs.segmentation.lifecycle;

import java.io.Serializable;

/**
 * Thresholds of the lifecycle stage and the customer profile (see {@link LifecycleStage} and {@link
 * CustomerProfile} for the rules). Immutable and validated on construction.
 */
public final class LifecycleRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The documented defaults: 30 / 90 / 180 days, long-standing from 365 days and 2 orders. */
    public static final LifecycleRules DEFAULT = new LifecycleRules(30, 90, 180, 365, 2);

    private final int newDays;
    private final int activeDays;
    private final int lapsedDays;
    private final int longStandingDays;
    private final int longStandingOrders;

    public LifecycleRules(
            int newDays,
            int activeDays,
            int lapsedDays,
            int longStandingDays,
            int longStandingOrders) {
        if (newDays < 1) {
            throw new IllegalArgumentException("lifecycle newDays must be >= 1 but was " + newDays);
        }
        if (activeDays < newDays) {
            throw new IllegalArgumentException(
                    "lifecycle activeDays ("
                            + activeDays
                            + ") must be >= newDays ("
                            + newDays
                            + ")");
        }
        if (lapsedDays <= activeDays) {
            throw new IllegalArgumentException(
                    "lifecycle lapsedDays ("
                            + lapsedDays
                            + ") must be > activeDays ("
                            + activeDays
                            + ")");
        }
        if (longStandingDays < 1 || longStandingOrders < 1) {
            throw new IllegalArgumentException(
                    "long-standing thresholds must be >= 1 (days "
                            + longStandingDays
                            + ", orders "
                            + longStandingOrders
                            + ")");
        }
        this.newDays = newDays;
        this.activeDays = activeDays;
        this.lapsedDays = lapsedDays;
        this.longStandingDays = longStandingDays;
        this.longStandingOrders = longStandingOrders;
    }

    /**
     * Stage of a customer.
     *
     * @param asOfDay as-of epoch day
     * @param firstDay first purchase epoch day
     * @param lastDay last purchase epoch day
     * @param previousDay the distinct purchase day before {@code lastDay}, or {@code
     *     Integer.MIN_VALUE} when the customer bought on one day only
     */
    public LifecycleStage stage(int asOfDay, int firstDay, int lastDay, int previousDay) {
        int sinceFirst = asOfDay - firstDay;
        int sinceLast = asOfDay - lastDay;
        if (sinceFirst <= newDays) {
            return LifecycleStage.NEW;
        }
        if (sinceLast <= activeDays) {
            boolean hadGap = previousDay != Integer.MIN_VALUE && lastDay - previousDay > lapsedDays;
            return hadGap ? LifecycleStage.REACTIVATED : LifecycleStage.ACTIVE;
        }
        if (sinceLast <= lapsedDays) {
            return LifecycleStage.AT_RISK;
        }
        return LifecycleStage.LAPSED;
    }

    /** Profile of a customer with the given tenure (as-of minus first purchase) and order count. */
    public CustomerProfile profile(int tenureDays, int orders) {
        return tenureDays >= longStandingDays && orders >= longStandingOrders
                ? CustomerProfile.LONG_STANDING
                : CustomerProfile.NEW;
    }

    public int newDays() {
        return newDays;
    }

    public int activeDays() {
        return activeDays;
    }

    public int lapsedDays() {
        return lapsedDays;
    }

    public int longStandingDays() {
        return longStandingDays;
    }

    public int longStandingOrders() {
        return longStandingOrders;
    }
}
