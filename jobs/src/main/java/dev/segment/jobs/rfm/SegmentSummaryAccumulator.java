package dev.segment.jobs.rfm;

import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * Customers and revenue (in money units) per RFM segment, gathered while scoring so the run summary
 * needs no second pass over the output.
 */
public final class SegmentSummaryAccumulator
        implements Accumulator<String[], TreeMap<String, long[]>> {
    private static final long serialVersionUID = 1L;

    /** Accumulator name. */
    public static final String NAME = "rfm.segments";

    private TreeMap<String, long[]> bySegment = new TreeMap<>();

    /** Adds one customer: {segment, revenueUnits}. */
    @Override
    public void add(String[] segmentAndUnits) {
        long[] v = bySegment.computeIfAbsent(segmentAndUnits[0], k -> new long[2]);
        v[0]++;
        v[1] = Money.add(v[1], Long.parseLong(segmentAndUnits[1]));
    }

    public void add(String segment, long units) {
        long[] v = bySegment.get(segment);
        if (v == null) {
            v = new long[2];
            bySegment.put(segment, v);
        }
        v[0]++;
        v[1] = Money.add(v[1], units);
    }

    @Override
    public TreeMap<String, long[]> getLocalValue() {
        return bySegment;
    }

    @Override
    public void resetLocal() {
        bySegment = new TreeMap<>();
    }

    @Override
    public void merge(Accumulator<String[], TreeMap<String, long[]>> other) {
        other.getLocalValue()
                .forEach(
                        (k, v) -> {
                            long[] mine = bySegment.computeIfAbsent(k, x -> new long[2]);
                            mine[0] += v[0];
                            mine[1] = Money.add(mine[1], v[1]);
                        });
    }

    @Override
    public SegmentSummaryAccumulator clone() {
        SegmentSummaryAccumulator c = new SegmentSummaryAccumulator();
        bySegment.forEach((k, v) -> c.bySegment.put(k, v.clone()));
        return c;
    }
}
