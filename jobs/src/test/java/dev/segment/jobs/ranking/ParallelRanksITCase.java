package dev.segment.jobs.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exact ranks from {@link ParallelRanks} against a plain sort of all keys, at parallelism 1 to 3,
 * with a sample much smaller than the population (so cells hold many keys and heavy ties span
 * cells) and with populations smaller than the parallelism.
 */
class ParallelRanksITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(3);

    /** A record: an id, a value with heavy ties, and a value with hardly any. */
    public static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        public String id;
        public long tied;
        public long spread;

        public Item() {}

        Item(String id, long tied, long spread) {
            this.id = id;
            this.tied = tied;
            this.spread = spread;
        }
    }

    private static final class ItemKeys implements RankKeys<Item> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dims() {
            return 2;
        }

        @Override
        public String id(Item r) {
            return r.id;
        }

        @Override
        public long value(Item r, int dim) {
            return dim == 0 ? r.tied : r.spread;
        }
    }

    /** Wanted: the ends, NTILE(7)-like cuts, and a few fixed positions. */
    private static final class Wanted implements RankTargets {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] ranks(long n, int dim) {
            TreeSet<Long> at = new TreeSet<>();
            for (long k = 0; k <= 7 && n > 0; k++) {
                at.add(Math.min(n - 1, k * n / 7));
            }
            for (long r : new long[] {1, 17, 1234, 4321}) {
                if (r < n) {
                    at.add(r);
                }
            }
            return at.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static List<Item> items(int n, long seed) {
        Random random = new Random(seed);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // ids whose string order differs from creation order
            out.add(
                    new Item(
                            "c" + Integer.toString(random.nextInt(1 << 30), 36) + "-" + i,
                            random.nextInt(6) - 2, // six values, negatives included
                            random.nextLong()));
        }
        return out;
    }

    private static Ranks run(List<Item> items, int parallelism, int sample, int cells)
            throws Exception {
        StreamExecutionEnvironment env = MiniClusters.batch(parallelism);
        DataStream<Item> records =
                env.fromData(items.isEmpty() ? List.of(new Item("x", 0, 0)) : items)
                        .filter(i -> !items.isEmpty())
                        .returns(TypeInformation.of(Item.class))
                        .rebalance();
        CollectingSink<Ranks> sink = new CollectingSink<>();
        ParallelRanks.of(records, new ItemKeys(), new Wanted(), "test ranks", sample, cells)
                .sinkTo(sink);
        env.execute("parallel-ranks-test");
        assertEquals(1, sink.results().size(), "one Ranks record");
        return sink.results().get(0);
    }

    private static void assertExact(List<Item> items, Ranks ranks) {
        assertEquals(items.size(), ranks.n);
        ItemKeys keys = new ItemKeys();
        Wanted wanted = new Wanted();
        for (int d = 0; d < 2; d++) {
            int dim = d;
            List<Item> sorted = new ArrayList<>(items);
            sorted.sort(
                    Comparator.<Item>comparingLong(i -> keys.value(i, dim))
                            .thenComparing(i -> i.id));
            long[] at = wanted.ranks(items.size(), d);
            assertArrayEquals(at, ranks.rank[d], "ranks of order " + d);
            for (long r : at) {
                Item expected = sorted.get((int) r);
                assertEquals(expected.id, ranks.idAt(d, r), "id at rank " + r + " of order " + d);
                assertEquals(keys.value(expected, d), ranks.valueAt(d, r));
            }
        }
    }

    @Test
    void exactAtEveryParallelismWithASmallSample() throws Exception {
        List<Item> items = items(5_000, 7);
        for (int p = 1; p <= 3; p++) {
            assertExact(items, run(items, p, 64, 16));
        }
    }

    @Test
    void exactWithTheProductionSampleAndTinyPopulations() throws Exception {
        for (int n : new int[] {0, 1, 2, 5}) {
            List<Item> items = items(n, n);
            assertExact(items, run(items, 3, ParallelRanks.SAMPLE, ParallelRanks.CELLS));
        }
    }
}
