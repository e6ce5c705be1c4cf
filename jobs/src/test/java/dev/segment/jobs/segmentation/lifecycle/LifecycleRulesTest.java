package dev.segment.jobs.segmentation.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

    private static final int AS_OF = (int) LocalDate.of(2024, 6, 30).toEpochDay();
    private static final int ONE_DAY_ONLY = Integer.MIN_VALUE;
    private final LifecycleRules rules = LifecycleRules.DEFAULT;

    private static int daysAgo(int n) {
        return AS_OF - n;
    }

    @Test
    void firstPurchaseWithinThirtyDaysIsNewEvenWithSeveralOrders() {
        assertEquals(LifecycleStage.NEW, rules.stage(AS_OF, daysAgo(30), daysAgo(0), daysAgo(10)));
        assertEquals(LifecycleStage.NEW, rules.stage(AS_OF, daysAgo(0), daysAgo(0), ONE_DAY_ONLY));
    }

    @Test
    void recentBuyerWithOlderFirstPurchaseIsActive() {
        assertEquals(
                LifecycleStage.ACTIVE, rules.stage(AS_OF, daysAgo(31), daysAgo(31), ONE_DAY_ONLY));
        assertEquals(
                LifecycleStage.ACTIVE, rules.stage(AS_OF, daysAgo(400), daysAgo(90), daysAgo(100)));
    }

    @Test
    void returnAfterLongGapIsReactivated() {
        // previous purchase 181 days before the last one: more than the 180-day lapse threshold
        assertEquals(
                LifecycleStage.REACTIVATED,
                rules.stage(AS_OF, daysAgo(500), daysAgo(5), daysAgo(186)));
        // exactly 180 days is not a lapse
        assertEquals(
                LifecycleStage.ACTIVE, rules.stage(AS_OF, daysAgo(500), daysAgo(5), daysAgo(185)));
    }

    @Test
    void ninetyOneToOneEightyDaysIsAtRiskBeyondIsLapsed() {
        assertEquals(
                LifecycleStage.AT_RISK,
                rules.stage(AS_OF, daysAgo(300), daysAgo(91), ONE_DAY_ONLY));
        assertEquals(
                LifecycleStage.AT_RISK,
                rules.stage(AS_OF, daysAgo(300), daysAgo(180), ONE_DAY_ONLY));
        assertEquals(
                LifecycleStage.LAPSED,
                rules.stage(AS_OF, daysAgo(300), daysAgo(181), ONE_DAY_ONLY));
    }

    @Test
    void profileNeedsBothTenureAndRepeatOrders() {
        assertEquals(CustomerProfile.LONG_STANDING, rules.profile(365, 2));
        assertEquals(CustomerProfile.NEW, rules.profile(364, 20));
        assertEquals(CustomerProfile.NEW, rules.profile(900, 1));
    }

    @Test
    void inconsistentThresholdsAreRejectedWithTheirNames() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new LifecycleRules(30, 90, 60, 365, 2));
        assertTrue(e.getMessage().contains("lapsedDays"), e.getMessage());
    }
}
