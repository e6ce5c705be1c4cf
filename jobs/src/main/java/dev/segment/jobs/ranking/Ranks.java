package dev.segment.jobs.ranking;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact keys at the wanted ranks of each order, and the population size: what a parallel task
 * needs to score its own records against the whole population (an NTILE bucket is the number of
 * bucket-boundary keys at or below a record's key; a quantile is read off two order statistics).
 */
public final class Ranks implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Records in the population. */
    public long n;

    /** Per order, the wanted ranks, ascending and distinct. */
    public long[][] rank;

    /** Per order, the value at each wanted rank. */
    public long[][] value;

    /** Per order, the id at each wanted rank. */
    public String[][] id;

    public Ranks() {}

    Ranks(long n, long[][] rank, long[][] value, String[][] id) {
        this.n = n;
        this.rank = rank;
        this.value = value;
        this.id = id;
    }

    /** The value at rank {@code r} of order {@code dim}; {@code r} must have been wanted. */
    public long valueAt(int dim, long r) {
        return value[dim][indexOf(dim, r)];
    }

    /** The id at rank {@code r} of order {@code dim}; {@code r} must have been wanted. */
    public String idAt(int dim, long r) {
        return id[dim][indexOf(dim, r)];
    }

    private int indexOf(int dim, long r) {
        int i = Arrays.binarySearch(rank[dim], r);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "rank " + r + " of order " + dim + " was not wanted");
        }
        return i;
    }

    /** The order of keys: value, then id in string order. */
    public static int compare(long v1, String id1, long v2, String id2) {
        int c = Long.compare(v1, v2);
        return c != 0 ? c : id1.compareTo(id2);
    }
}
