package dev.segment.jobs.ranking;

import java.io.Serializable;

/** Which 0-based ranks of each order are wanted, once the population size is known. */
public interface RankTargets extends Serializable {
    /** Wanted ranks of order {@code dim} among {@code n} records (each in 0..n-1). */
    long[] ranks(long n, int dim);
}
