package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class LatencyBenchCommandTest {

    private static String click(String profile, long eventTime) {
        return profile + '\u0000' + eventTime;
    }

    private static List<long[]> writes(long[]... lastSeenWrittenAt) {
        return new ArrayList<>(List.of(lastSeenWrittenAt));
    }

    @Test
    void aClickIsVisibleAtTheEarliestWriteThatCoversItsEventTime() {
        Map<String, Long> appended = new HashMap<>();
        appended.put(click("c1", 100), 1_000L); // covered by the writes of last_seen 100 and 300
        appended.put(click("c1", 300), 1_100L); // covered only by the write of last_seen 300
        appended.put(click("c2", 50), 1_000L); // c2's only write is older: not measured
        appended.put(click("c3", 10), 1_000L); // c3 was never written: not measured
        Map<String, List<long[]>> writesOf = new HashMap<>();
        // the write of last_seen 300 landed before the one of last_seen 100 (writes coalesce and
        // reorder): the click at 100 is visible from the earlier of the two
        writesOf.put("c1", writes(new long[] {100, 1_900}, new long[] {300, 1_400}));
        writesOf.put("c2", writes(new long[] {40, 1_200}));

        List<long[]> got = LatencyBenchCommand.latencies(appended, writesOf);
        got.sort(Comparator.comparingLong((long[] c) -> c[0]).thenComparingLong(c -> c[1]));

        assertEquals(2, got.size());
        assertEquals(List.of(1_000L, 400L), List.of(got.get(0)[0], got.get(0)[1]));
        assertEquals(List.of(1_100L, 300L), List.of(got.get(1)[0], got.get(1)[1]));
    }

    @Test
    void theWarmUpAndEachIntervalAreReportedByAppendTime() {
        List<long[]> clicks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clicks.add(new long[] {10_000 + i * 10L, 3_000 + i}); // first second: a backlog
        }
        for (int i = 0; i < 100; i++) {
            clicks.add(new long[] {16_000 + i * 10L, 100 + i}); // later: steady
        }

        LatencyBenchCommand.Latencies all =
                LatencyBenchCommand.Latencies.of(clicks, 10_000, Long.MAX_VALUE);
        LatencyBenchCommand.Latencies steady =
                LatencyBenchCommand.Latencies.of(clicks, 10_000 + 5_000, Long.MAX_VALUE);
        assertEquals(200, all.count());
        assertEquals(199, all.p50()); // nearest rank: the 100th of 200
        assertEquals(3_097, all.p99());
        assertEquals(3_099, all.max());
        assertEquals(100, steady.count());
        assertEquals(149, steady.p50());
        assertEquals(198, steady.p99());

        SortedMap<Long, LatencyBenchCommand.Latencies> by =
                LatencyBenchCommand.byInterval(clicks, 10_000, 5_000);
        assertEquals(List.of(0L, 5_000L), List.copyOf(by.keySet()));
        assertEquals(3_099, by.get(0L).max());
        assertEquals(149, by.get(5_000L).p50());
        // a click appended at an interval's end belongs to the next one
        List<long[]> edge = List.<long[]>of(new long[] {15_000, 50});
        assertEquals(0, LatencyBenchCommand.Latencies.of(edge, 10_000, 15_000).count());
        assertEquals(1, LatencyBenchCommand.Latencies.of(edge, 15_000, 20_000).count());
    }

    @Test
    void nearestRankPercentile() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5, LatencyBenchCommand.percentile(sorted, 0.5));
        assertEquals(10, LatencyBenchCommand.percentile(sorted, 0.99));
        assertEquals(1, LatencyBenchCommand.percentile(sorted, 0.0));
    }
}
