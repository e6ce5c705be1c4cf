package dev.segment.jobs.ranking;

import java.io.Serializable;

/**
 * The orders a record is ranked in: per dimension a {@code long} value, ascending, ties broken by
 * the record's id in string order. Ids must be unique, so every order is total.
 */
public interface RankKeys<T> extends Serializable {
    /** Number of orders (dimensions). */
    int dims();

    /** The record's unique id (the tie-breaker). */
    String id(T record);

    /** The record's value in order {@code dim}. */
    long value(T record, int dim);
}
