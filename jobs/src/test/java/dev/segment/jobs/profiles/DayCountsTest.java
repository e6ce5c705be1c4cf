package dev.segment.jobs.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link DayCounts} against a sorted map doing the same, on random days in random order. */
class DayCountsTest {

    private static final long EPOCH_DAY = 19_000;

    @Test
    void everyOperationAgreesWithASortedMap() {
        Random r = new Random(21);
        for (int round = 0; round < 2_000; round++) {
            DayCounts ours = new DayCounts();
            TreeMap<Long, Long> ref = new TreeMap<>();
            int n = r.nextInt(60);
            for (int i = 0; i < n; i++) {
                // mostly in order, as events arrive, sometimes back in time
                long day = EPOCH_DAY + (r.nextInt(4) == 0 ? r.nextInt(40) : i / 2);
                long value = r.nextInt(1_000) - 100;
                ours.add(day, value);
                ref.merge(day, value, Long::sum);
                if (r.nextInt(10) == 0) {
                    long oldest = EPOCH_DAY + r.nextInt(40);
                    ours.dropBefore(oldest);
                    ref.headMap(oldest).clear();
                }
            }
            String why = "round " + round + ": " + ref;
            assertEquals(ref.toString(), ours.toString(), why);
            assertEquals(ref.size(), ours.size(), why);
            for (long day = EPOCH_DAY - 2; day < EPOCH_DAY + 45; day++) {
                assertEquals(ref.getOrDefault(day, 0L), ours.get(day), why + " day " + day);
                for (int window : new int[] {1, 7, 30}) {
                    long sum = 0;
                    for (Map.Entry<Long, Long> e : ref.entrySet()) {
                        if (e.getKey() > day - window && e.getKey() <= day) {
                            sum += e.getValue();
                        }
                    }
                    assertEquals(sum, ours.within(day, window), why + " within " + window);
                }
            }
            DayCounts copy = ours.copy();
            assertEquals(ours, copy, why);
            assertEquals(ours.hashCode(), copy.hashCode(), why);
            // another summary's days, before, between and after these
            DayCounts other = new DayCounts();
            TreeMap<Long, Long> sumRef = new TreeMap<>(ref);
            for (int i = r.nextInt(8); i > 0; i--) {
                long day = EPOCH_DAY - 5 + r.nextInt(55);
                other.add(day, i);
                sumRef.merge(day, (long) i, Long::sum);
            }
            DayCounts sum = ours.copy();
            sum.addAll(other);
            assertEquals(sumRef.toString(), sum.toString(), why);
            if (!ref.isEmpty()) {
                copy.add(ref.firstKey(), 1);
                assertNotEquals(ours, copy, "a copy is not shared: " + why);
            }
        }
    }
}
