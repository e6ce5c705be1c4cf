package dev.segment.jobs.rfm;

import dev.segment.common.model.CustomerRfm;
import dev.segment.jobs.ranking.BroadcastFirst;
import dev.segment.jobs.ranking.RangeLines;
import dev.segment.jobs.ranking.Ranks;
import java.util.List;
import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * Scores each customer of this task against the whole population, with the population's ranks
 * broadcast (see {@link RfmRanking}); the same rows as {@link RfmCalculator} on all customers at
 * once, at any parallelism. With the ranks comes the id cuts' record: each sorted CSV file's lines
 * are formatted and tagged here ({@link RangeLines}), so the rows need no further stage for them.
 */
final class ScoreRanked
        extends BroadcastFirst<CustomerPartial, Either<Ranks, String[]>, CustomerRfm> {
    private static final long serialVersionUID = 1L;

    /** Accumulator: customers in the RFM table. */
    static final String CUSTOMERS = "rfm.customers";

    private final RfmConfig config;
    private final List<RangeLines<CustomerRfm>> files;
    private transient RfmCalculator calculator;
    private transient RfmRanking ranking;
    private transient long[][] boundaryValue;
    private transient String[][] boundaryId;
    private transient int asOf;
    private transient RPackageBins rBins;
    private transient RPackageBins fBins;
    private transient RPackageBins mBins;
    private transient SegmentSummaryAccumulator summary;
    private transient LongCounter customerCount;
    private transient IntMaximum asOfDay;
    private transient StreamRecord<CustomerRfm> reuse;

    ScoreRanked(RfmConfig config, List<RangeLines<CustomerRfm>> files) {
        this.config = config;
        this.files = List.copyOf(files);
    }

    @Override
    public void open() throws Exception {
        super.open();
        calculator = new RfmCalculator(config);
        ranking = new RfmRanking(config.definition());
        summary = new SegmentSummaryAccumulator();
        customerCount = new LongCounter();
        asOfDay = new IntMaximum(Integer.MIN_VALUE);
        getRuntimeContext().addAccumulator(SegmentSummaryAccumulator.NAME, summary);
        getRuntimeContext().addAccumulator(CUSTOMERS, customerCount);
        getRuntimeContext().addAccumulator(RfmJob.AS_OF_DAY, asOfDay);
        reuse = new StreamRecord<>(null);
    }

    @Override
    protected void onBroadcast(Either<Ranks, String[]> value) {
        if (value.isRight()) {
            RangeLines.cutAt(files, value.right());
        } else {
            onRanks(value.left());
        }
    }

    private void onRanks(Ranks value) {
        if (value.n == 0) {
            return; // no customer will arrive
        }
        asOf = RfmRanking.asOfDay(config, value);
        if (config.definition() == RfmDefinition.CLASSIC) {
            long[] at = RfmRanking.boundaries(Math.toIntExact(value.n));
            boundaryValue = new long[3][at.length];
            boundaryId = new String[3][at.length];
            for (int d = 0; d < 3; d++) {
                for (int k = 0; k < at.length; k++) {
                    boundaryValue[d][k] = value.valueAt(d, at[k]);
                    boundaryId[d][k] = value.idAt(d, at[k]);
                }
            }
        }
        if (config.definition() == RfmDefinition.RFM_PACKAGE) {
            int n = Math.toIntExact(value.n);
            rBins =
                    RPackageBins.fitSorted(
                            i -> asOf - value.valueAt(0, n - 1 - i), n, RfmRanking.BUCKETS);
            fBins = RPackageBins.fitSorted(i -> value.valueAt(1, i), n, RfmRanking.BUCKETS);
            mBins =
                    RPackageBins.fitSorted(
                            i -> (double) value.valueAt(2, i) / CustomerPartial.UNITS,
                            n,
                            RfmRanking.BUCKETS);
        }
    }

    @Override
    protected void onRecord(CustomerPartial c) {
        CustomerRfm row;
        switch (config.definition()) {
            case CLASSIC:
                row = calculator.classicRow(c, asOf, bucket(0, c), bucket(1, c), bucket(2, c));
                break;
            case RFM_PACKAGE:
                row = calculator.rfmPackageRow(c, asOf, rBins, fBins, mBins);
                break;
            default:
                row = calculator.lifetimesRow(c, asOf);
                break;
        }
        if (row == null) {
            return;
        }
        customerCount.add(1);
        asOfDay.add(row.asOfDay);
        summary.add(
                row.rfmSegment == null ? "(none)" : row.rfmSegment,
                row.monetary == null ? 0L : Math.round(row.monetary * CustomerPartial.UNITS));
        RangeLines.emit(files, row, output);
        output.collect(reuse.replace(row));
    }

    /** NTILE bucket of the customer in order {@code dim}: 1 + boundary keys at or below its key. */
    private int bucket(int dim, CustomerPartial c) {
        long v = ranking.value(c, dim);
        int bucket = 1;
        for (int k = 0; k < boundaryValue[dim].length; k++) {
            if (Ranks.compare(boundaryValue[dim][k], boundaryId[dim][k], v, c.customerId) <= 0) {
                bucket++;
            }
        }
        return bucket;
    }
}
