package dev.segment.jobs.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The profile's figures computed without sorting streams or printing doubles give what the plain
 * definitions give: shares rounded half-up from the quotient's decimal form, the top interests by
 * score then name.
 */
class LiveProfileTest {

    @Test
    void sharesRoundLikeTheQuotientsDecimalForm() {
        for (long whole = 1; whole <= 2_000; whole++) {
            for (long part = 0; part <= whole; part++) {
                double expected =
                        BigDecimal.valueOf(part / (double) whole)
                                .setScale(4, RoundingMode.HALF_UP)
                                .doubleValue();
                assertEquals(expected, LiveProfile.share(part, whole), part + "/" + whole);
            }
        }
        assertEquals(0.0313, LiveProfile.share(1, 32), "a tie rounds up");
        assertEquals(0.3333, LiveProfile.share(333_333_333, 1_000_000_000L));
    }

    @Test
    void scoresPrintAsTheirHalfUpRoundingToThousandths() {
        // every thousandth up to 2,000 exactly, then random values up to and beyond the fast range
        for (long k = 0; k < 2_000_000; k++) {
            assertScore(k / 1000.0);
            assertScore(k / 1000.0 + 0.0005); // ties, by the decimal form
            assertScore(k / 1000.0 + 0.00049);
        }
        Random r = new Random(3);
        for (int i = 0; i < 2_000_000; i++) {
            assertScore(r.nextDouble() * Math.pow(10, r.nextInt(12) - 4));
        }
        assertScore(0.0);
        assertScore(Double.MIN_VALUE);
        assertScore(99_999.9995);
        assertScore(100_000.0);
        assertScore(Math.pow(2, 1000));
    }

    private static void assertScore(double v) {
        String expected =
                Double.toString(
                        BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue());
        String actual = LiveProfile.appendScore(new StringBuilder(), v).toString();
        if (!expected.equals(actual)) {
            assertEquals(expected, actual, "score " + v);
        }
    }

    @Test
    void topInterestsAreTheHighestScoresThenNames() {
        Random r = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            Map<String, Double> scores = new HashMap<>();
            int n = r.nextInt(7);
            for (int i = 0; i < n; i++) {
                // few distinct values, so that ties occur
                scores.put("c" + r.nextInt(10), (double) r.nextInt(4));
            }
            String expected =
                    scores.entrySet().stream()
                            .sorted(
                                    Comparator.<Map.Entry<String, Double>>comparingDouble(
                                                    e -> -e.getValue())
                                            .thenComparing(Map.Entry::getKey))
                            .limit(LiveProfile.TOP_INTERESTS)
                            .map(
                                    e ->
                                            e.getKey()
                                                    + ":"
                                                    + BigDecimal.valueOf(
                                                                    Math.pow(2, e.getValue() - 1))
                                                            .setScale(3, RoundingMode.HALF_UP)
                                                            .doubleValue())
                            .collect(Collectors.joining("|"));
            assertEquals(expected, LiveProfile.topInterests(scores, 1), scores.toString());
        }
    }

    @Test
    void liveRfmAddsThePurchaseDaysAfterTheBaseline() {
        Random r = new Random(13);
        ProfileRules rules =
                new ProfileRules(
                        "UTC",
                        java.time.Duration.ofDays(7),
                        true,
                        java.time.Duration.ofDays(1),
                        false);
        for (int round = 0; round < 3_000; round++) {
            ProfileAccumulator a = new ProfileAccumulator();
            a.last = (19_000L + 40) * 86_400_000L;
            int n = r.nextInt(5);
            java.util.Map<Long, Long> purchases = new java.util.HashMap<>();
            java.util.Map<Long, Long> revenue = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                long day = 19_000L + r.nextInt(40);
                long count = 1L + r.nextInt(2);
                long units = r.nextInt(1_000_000);
                purchases.merge(day, count, Long::sum);
                revenue.merge(day, units, Long::sum);
                a.purchasesPerDay.add(day, count);
                a.revenuePerDay.add(day, units);
            }
            RfmBaseline b = RfmBaseline.NONE;
            if (r.nextBoolean()) {
                b = new RfmBaseline();
                b.runId = "run";
                b.asOfDay = 19_000L + r.nextInt(40);
                b.frequency = 1 + r.nextInt(5);
                b.monetaryUnits = r.nextInt(10_000_000);
                b.firstDay = b.asOfDay - 100;
                b.lastDay = b.asOfDay - r.nextInt(30);
                b.lifecycleStage = "active";
            }
            LiveProfile p = LiveProfile.of("C", a, 1, rules, b);
            // the definition, written out with sorted days
            java.util.TreeMap<Long, Long> since = new java.util.TreeMap<>();
            long frequency = b.isNone() ? 0 : b.frequency;
            long units = b.isNone() ? 0 : b.monetaryUnits;
            for (var e : purchases.entrySet()) {
                if (b.isNone() || e.getKey() > b.asOfDay) {
                    since.put(e.getKey(), e.getValue());
                    frequency += e.getValue();
                    units += revenue.get(e.getKey());
                }
            }
            String why = purchases + " baseline " + (b.isNone() ? "none" : b.asOfDay);
            assertEquals(frequency, p.frequency, why);
            assertEquals(units / 10_000.0, p.monetary, why);
            if (frequency == 0) {
                assertEquals(null, p.lastPurchase, why);
                continue;
            }
            long last = since.isEmpty() ? b.lastDay : since.lastKey();
            assertEquals((int) last, p.lastPurchase, why);
            assertEquals((int) (b.isNone() ? since.firstKey() : b.firstDay), p.firstPurchase, why);
            Integer previous =
                    since.size() >= 2
                            ? Integer.valueOf((int) (long) since.lowerKey(last))
                            : since.size() == 1 && !b.isNone()
                                    ? Integer.valueOf((int) b.lastDay)
                                    : null;
            assertEquals(previous, p.previousPurchase, why);
            assertEquals(since.isEmpty() ? b.lifecycleStage : null, p.baselineStage, why);
        }
    }
}
