package dev.segment.jobs.rfm;

import dev.segment.jobs.ranking.RankKeys;
import dev.segment.jobs.ranking.RankTargets;
import dev.segment.jobs.ranking.Ranks;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * The orders an RFM definition scores customers in, and the ranks it needs from each, so that the
 * scores of the whole population come out of {@link dev.segment.jobs.ranking.ParallelRanks} instead
 * of one task holding every customer.
 *
 * <p>Order 0 is always the last purchase day (its top rank is the as-of date derived from the
 * data). <b>classic</b>: NTILE(5) over (recency_days DESC, id), which is (last day, id) ascending,
 * over (frequency, id) and over (monetary, id); a bucket is one plus the number of bucket-boundary
 * keys at or below the customer's key. The last order is by id alone: its cuts split the customers
 * into equal ranges for the parallel file writers. <b>rfm-package</b>: the order statistics R's
 * type-7 quantiles read, of recency (last day descending), transaction rows and amount.
 * <b>lifetimes</b>: only the as-of date.
 */
final class RfmRanking implements RankKeys<CustomerPartial>, RankTargets {
    private static final long serialVersionUID = 1L;

    static final int BUCKETS = 5;

    private final RfmDefinition definition;

    RfmRanking(RfmDefinition definition) {
        this.definition = definition;
    }

    @Override
    public int dims() {
        return definition == RfmDefinition.LIFETIMES ? 1 : 3;
    }

    @Override
    public String id(CustomerPartial c) {
        return c.customerId;
    }

    @Override
    public long value(CustomerPartial c, int dim) {
        switch (dim) {
            case 0:
                return c.lastDay();
            case 1:
                return definition == RfmDefinition.CLASSIC ? c.distinctOrders() : c.rows;
            default:
                return c.units;
        }
    }

    @Override
    public long[] ranks(long n, int dim) {
        int size = Math.toIntExact(n);
        if (size == 0) {
            return new long[0];
        }
        long[] wanted;
        if (definition == RfmDefinition.CLASSIC) {
            wanted = boundaries(size);
        } else if (definition == RfmDefinition.RFM_PACKAGE) {
            wanted = RPackageBins.positionsRead(size, BUCKETS);
            if (dim == 0) {
                // recency ascending is the last day descending
                wanted = Arrays.stream(wanted).map(p -> size - 1 - p).toArray();
            }
        } else {
            wanted = new long[0];
        }
        // order 0's top rank: the newest last purchase, the derived as-of date
        return dim == 0
                ? LongStream.concat(Arrays.stream(wanted), LongStream.of(size - 1L)).toArray()
                : wanted;
    }

    /** The first rank of each NTILE bucket after the first that holds a row (see {@link Ntile}). */
    static long[] boundaries(int n) {
        int base = n / BUCKETS;
        int extra = n % BUCKETS;
        long[] at = new long[BUCKETS - 1];
        int count = 0;
        long start = 0;
        for (int bucket = 1; bucket < BUCKETS; bucket++) {
            start += bucket <= extra ? base + 1 : base;
            if (start < n) {
                at[count++] = start;
            }
        }
        return Arrays.copyOf(at, count);
    }

    /** The as-of day: configured, else the newest last purchase of the population. */
    static int asOfDay(RfmConfig config, Ranks ranks) {
        if (config.asOf() != null) {
            return (int) config.asOf().toEpochDay();
        }
        return Math.toIntExact(ranks.valueAt(0, ranks.n - 1));
    }
}
