package dev.segment.jobs.rfm;

/**
 * SQL {@code NTILE(buckets)}: rows in a given order are split into buckets numbered from 1 whose
 * sizes differ by at most one, the first {@code n % buckets} buckets taking one extra row.
 */
public final class Ntile {
    private Ntile() {}

    /** Bucket (1-based) of the row at 0-based {@code rank} among {@code n} rows. */
    public static int bucket(int rank, int n, int buckets) {
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (n - 1));
        }
        int base = n / buckets;
        int extra = n % buckets;
        int bigRows = extra * (base + 1);
        if (rank < bigRows) {
            return rank / (base + 1) + 1;
        }
        return extra + (rank - bigRows) / base + 1;
    }
}
