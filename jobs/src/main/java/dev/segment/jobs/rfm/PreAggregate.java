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

    /** Dropped identical records (--duplicates drop). */
    static final org.apache.flink.util.OutputTag<dev.segment.common.model.DeadLetter> DROPPED =
            new org.apache.flink.util.OutputTag<>(
                    "duplicates-dropped",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(
                            dev.segment.common.model.DeadLetter.class));

    private final int asOfDay;
    private final boolean dropDuplicates;
    private transient Map<String, PartialBuilder> customers;
    private transient Map<String, java.util.Set<Long>> seen;
    private transient org.apache.flink.api.common.accumulators.LongCounter dropped;
    private transient org.apache.flink.api.common.accumulators.LongCounter ignored;

    PreAggregate(int asOfDay) {
        this(asOfDay, false);
    }

    /**
     * @param dropDuplicates drop rows identical to an earlier row of the customer to {@link
     *     #DROPPED}; the input must then be partitioned by customer, so that all of a customer's
     *     rows meet in this task
     */
    PreAggregate(int asOfDay, boolean dropDuplicates) {
        this.asOfDay = asOfDay;
        this.dropDuplicates = dropDuplicates;
    }

    @Override
    public void open() throws Exception {
        super.open();
        customers = new HashMap<>(1 << 16);
        ignored = new org.apache.flink.api.common.accumulators.LongCounter();
        if (dropDuplicates) {
            seen = new HashMap<>(1 << 16);
            dropped = new org.apache.flink.api.common.accumulators.LongCounter();
            getRuntimeContext()
                    .addAccumulator(
                            dev.segment.common.io.InputCounters.DUPLICATES_DROPPED, dropped);
        }
        getRuntimeContext().addAccumulator(dev.segment.common.io.InputCounters.IGNORED, ignored);
    }

    @Override
    public void processElement(StreamRecord<Transaction> element) {
        Transaction t = element.getValue();
        if (t.purchaseDay > asOfDay) {
            ignored.add(1); // after the as-of date: counted, not used (those on it count)
            return;
        }
        long orderKey = CustomerPartial.orderKey(t.orderId);
        long print = t.fingerprint(orderKey);
        if (dropDuplicates
                && !seen.computeIfAbsent(t.customerId, k -> new java.util.HashSet<>()).add(print)) {
            dropped.add(1);
            output.collect(
                    DROPPED,
                    new StreamRecord<>(
                            new dev.segment.common.model.DeadLetter(
                                    t.sourcePath,
                                    t.sourceLine,
                                    null,
                                    dev.segment.common.io.DuplicatePolicy.DROPPED_REASON,
                                    t.sourceText != null ? t.sourceText : t.toString())));
            return;
        }
        PartialBuilder b = customers.get(t.customerId);
        if (b == null) {
            b = new PartialBuilder(t.customerId);
            customers.put(t.customerId, b);
        }
        b.add(orderKey, t.purchaseDay, CustomerPartial.units(t.amount), print);
        b.stated(t.consent, t.timestampMillis);
    }

    @Override
    public void endInput() {
        StreamRecord<CustomerPartial> reuse = new StreamRecord<>(null);
        for (PartialBuilder b : customers.values()) {
            output.collect(reuse.replace(b.build()));
        }
        customers = null;
        seen = null;
    }
}
