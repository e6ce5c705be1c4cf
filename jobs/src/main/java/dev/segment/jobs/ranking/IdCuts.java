package dev.segment.jobs.ranking;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where ids are cut into {@code parts} ranges for parallel file writers: one record, the sorted ids
 * that start ranges 1..parts-1 (a range holds the ids at or above its start, below the next). Cut
 * from a sample, so the ranges are about equal; any cuts give the same joined file. Cuts of a
 * population serve any subset of it (the assignments of the customers that were scored).
 */
public record IdCuts(DataStream<String[]> starts, int parts) {}
