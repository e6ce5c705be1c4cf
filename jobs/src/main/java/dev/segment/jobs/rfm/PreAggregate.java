package dev.segment.jobs.rfm;

import dev.segment.common.model.Transaction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Aggregates the transactions one task reads into one {@link CustomerPartial} per customer and
 * emits them when the input ends, so that the shuffle carries one record per customer and task
 * instead of one per transaction (a map-side combiner; BATCH execution only).
 */
final class PreAggregate extends AbstractStreamOperator<CustomerPartial>
        implements OneInputStreamOperator<Transaction, CustomerPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final int asOfDay;
    private transient Map<String, PartialBuilder> customers;
    private transient org.apache.flink.api.common.accumulators.LongCounter ignored;

    PreAggregate(int asOfDay) {
        this.asOfDay = asOfDay;
    }

    @Override
    public void open() throws Exception {
        super.open();
        customers = new HashMap<>(1 << 16);
        ignored = new org.apache.flink.api.common.accumulators.LongCounter();
        getRuntimeContext().addAccumulator(dev.segment.common.io.InputCounters.IGNORED, ignored);
    }

    @Override
    public void processElement(StreamRecord<Transaction> element) {
        Transaction t = element.getValue();
        if (t.purchaseDay > asOfDay) {
            ignored.add(1); // after the as-of date: counted, not used (those on it count)
            return;
        }
        PartialBuilder b = customers.get(t.customerId);
        if (b == null) {
            b = new PartialBuilder(t.customerId);
            customers.put(t.customerId, b);
        }
        b.add(CustomerPartial.orderKey(t.orderId), t.purchaseDay, CustomerPartial.units(t.amount));
    }

    @Override
    public void endInput() {
        StreamRecord<CustomerPartial> reuse = new StreamRecord<>(null);
        for (PartialBuilder b : customers.values()) {
            output.collect(reuse.replace(b.build()));
        }
        customers = null;
    }
}
