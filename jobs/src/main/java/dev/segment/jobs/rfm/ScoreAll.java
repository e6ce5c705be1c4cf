package dev.segment.jobs.rfm;

import dev.segment.common.model.CustomerRfm;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Collects every customer's aggregate in one task and computes the RFM table with {@link
 * RfmCalculator} when the input ends: scores are quantiles of the whole population. Customers are
 * sorted by id first so the output does not depend on arrival order.
 */
final class ScoreAll extends AbstractStreamOperator<CustomerRfm>
        implements OneInputStreamOperator<CustomerPartial, CustomerRfm>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final RfmConfig config;
    private transient List<CustomerPartial> customers;

    ScoreAll(RfmConfig config) {
        this.config = config;
    }

    private transient SegmentSummaryAccumulator summary;
    private transient org.apache.flink.api.common.accumulators.LongCounter customerCount;

    @Override
    public void open() throws Exception {
        super.open();
        customers = new ArrayList<>();
        summary = new SegmentSummaryAccumulator();
        customerCount = new org.apache.flink.api.common.accumulators.LongCounter();
        getRuntimeContext().addAccumulator(SegmentSummaryAccumulator.NAME, summary);
        getRuntimeContext().addAccumulator(CUSTOMERS, customerCount);
        asOfDay = new org.apache.flink.api.common.accumulators.IntMaximum(Integer.MIN_VALUE);
        getRuntimeContext().addAccumulator(RfmJob.AS_OF_DAY, asOfDay);
    }

    private transient org.apache.flink.api.common.accumulators.IntMaximum asOfDay;

    /** Accumulator: customers in the RFM table. */
    static final String CUSTOMERS = "rfm.customers";

    @Override
    public void processElement(StreamRecord<CustomerPartial> element) {
        customers.add(element.getValue().copy()); // kept: copy (object reuse)
    }

    @Override
    public void endInput() {
        // sort by id on all cores: with a million customers this is a visible part of the task
        CustomerPartial[] sorted = customers.toArray(new CustomerPartial[0]);
        java.util.Arrays.parallelSort(sorted, (a, b) -> a.customerId.compareTo(b.customerId));
        customers = java.util.Arrays.asList(sorted);
        StreamRecord<CustomerRfm> reuse = new StreamRecord<>(null);
        for (CustomerRfm row : new RfmCalculator(config).compute(customers)) {
            customerCount.add(1);
            asOfDay.add(row.asOfDay);
            summary.add(
                    row.rfmSegment == null ? "(none)" : row.rfmSegment,
                    row.monetary == null ? 0L : Math.round(row.monetary * CustomerPartial.UNITS));
            output.collect(reuse.replace(row));
        }
        customers = null;
    }
}
