package dev.segment.jobs.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BottomKTest {

    private static List<String> keptIds(BottomK<String> sample) {
        List<String> ids = new ArrayList<>();
        for (BottomK.Entry<String> e : sample.entries()) {
            ids.add(e.id());
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void keepsTheSmallestHashesWhateverTheOrderTiesBrokenById() {
        List<long[]> offers = new ArrayList<>(); // {hash, id}
        for (int i = 0; i < 1_000; i++) {
            offers.add(new long[] {i % 97, i}); // many equal hashes: ties decide
        }
        List<String> first = null;
        for (long seed = 0; seed < 20; seed++) {
            Collections.shuffle(offers, new Random(seed));
            BottomK<String> sample = new BottomK<>(25);
            for (long[] o : offers) {
                String id = String.format("c%04d", o[1]);
                sample.offer(o[0], id, () -> id);
            }
            List<String> ids = keptIds(sample);
            if (first == null) {
                first = ids;
            }
            assertEquals(first, ids, "seed " + seed);
        }
        // hash 0 is held by ids 0, 97, 194, ... (11 of them), hash 1 by 1, 98, ...: the 25
        // smallest (hash, id) are all of hash 0 and 1 (22) and the three smallest ids of hash 2
        List<String> expected = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            for (int i = h, n = 0; i < 1_000 && (h < 2 || n < 3); i += 97, n++) {
                expected.add(String.format("c%04d", i));
            }
        }
        expected.sort(null);
        assertEquals(expected, first);
    }

    @Test
    void asksForTheValueOnlyOfEntriesItKeeps() {
        BottomK<String> sample = new BottomK<>(2);
        AtomicInteger built = new AtomicInteger();
        assertTrue(sample.offer(5, "a", () -> "va" + built.incrementAndGet()));
        assertTrue(sample.offer(3, "b", () -> "vb" + built.incrementAndGet()));
        assertFalse(sample.mayKeep(6));
        assertFalse(sample.offer(6, "c", () -> "vc" + built.incrementAndGet()));
        assertFalse(sample.offer(5, "z", () -> "vz" + built.incrementAndGet())); // tie, larger id
        assertTrue(sample.offer(5, "A", () -> "vA" + built.incrementAndGet())); // tie, smaller id
        assertEquals(3, built.get());
        assertEquals(List.of("A", "b"), keptIds(sample));
    }
}
