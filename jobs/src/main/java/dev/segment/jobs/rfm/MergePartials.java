package dev.segment.jobs.rfm;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges the partial aggregates of the customers hash-partitioned to this task and emits one per
 * customer at the end of input. A hash map instead of Flink's keyed reduce: in BATCH mode a keyed
 * reduce first sorts every record by key, which cost more than the whole aggregation here.
 */
final class MergePartials extends AbstractStreamOperator<CustomerPartial>
        implements OneInputStreamOperator<CustomerPartial, CustomerPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final boolean compact;
    private transient Map<String, CustomerPartial> merged;
    private transient org.apache.flink.api.common.accumulators.LongCounter duplicates;
    private transient org.apache.flink.api.common.accumulators.LongCounter granted;
    private transient org.apache.flink.api.common.accumulators.LongCounter withdrawn;

    /** Accumulator: customers whose newest consent statement in the input grants consent. */
    static final String CONSENT_GRANTED = "rfm.consent_granted";

    /** Accumulator: customers whose newest consent statement in the input withdraws it. */
    static final String CONSENT_WITHDRAWN = "rfm.consent_withdrawn";

    /**
     * @param compact emit {@link CustomerPartial#compact()} forms (all but lifetimes need no more)
     */
    MergePartials(boolean compact) {
        this.compact = compact;
    }

    @Override
    public void open() throws Exception {
        super.open();
        merged = new HashMap<>(1 << 16);
        duplicates = new org.apache.flink.api.common.accumulators.LongCounter();
        getRuntimeContext()
                .addAccumulator(dev.segment.common.io.InputCounters.DUPLICATES, duplicates);
        granted = new org.apache.flink.api.common.accumulators.LongCounter();
        withdrawn = new org.apache.flink.api.common.accumulators.LongCounter();
        getRuntimeContext().addAccumulator(CONSENT_GRANTED, granted);
        getRuntimeContext().addAccumulator(CONSENT_WITHDRAWN, withdrawn);
    }

    @Override
    public void processElement(StreamRecord<CustomerPartial> element) {
        CustomerPartial p = element.getValue();
        merged.merge(p.customerId, p.copy(), CustomerPartial::merge);
    }

    @Override
    public void endInput() {
        StreamRecord<CustomerPartial> reuse = new StreamRecord<>(null);
        for (CustomerPartial p : merged.values()) {
            // all of a customer's rows meet here: count identical ones, then drop the fingerprints
            // (the scoring task holds every customer and needs none of them)
            duplicates.add(p.duplicateRows());
            p.prints = null;
            if (p.consent == CustomerPartial.CONSENT_GRANTED) {
                granted.add(1);
            } else if (p.consent == CustomerPartial.CONSENT_WITHDRAWN) {
                withdrawn.add(1);
            }
            output.collect(reuse.replace(compact ? p.compact() : p));
        }
        merged = null;
    }
}
