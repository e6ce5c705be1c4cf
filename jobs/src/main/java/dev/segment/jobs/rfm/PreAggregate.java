package dev.segment.jobs.rfm;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Aggregates the transactions one task reads into one {@link CustomerPartial} per customer and
 * emits them when the input ends, so that the shuffle carries one record per customer and task
 * instead of one per transaction (a map-side combiner; BATCH execution only). {@link
 * PreAggregateBlocks} does the same straight from the bytes of CSV files.
 */
abstract class PreAggregate<IN> extends AbstractStreamOperator<CustomerPartial>
        implements OneInputStreamOperator<IN, CustomerPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Dropped identical records (--duplicates drop). */
    static final OutputTag<DeadLetter> DROPPED =
            new OutputTag<>("duplicates-dropped", TypeInformation.of(DeadLetter.class));

    /** Transactions in, partials out. */
    static PreAggregate<Transaction> ofTransactions(int asOfDay, boolean dropDuplicates) {
        return new OfTransactions(asOfDay, dropDuplicates);
    }

    private static final class OfTransactions extends PreAggregate<Transaction> {
        private static final long serialVersionUID = 1L;

        OfTransactions(int asOfDay, boolean dropDuplicates) {
            super(asOfDay, dropDuplicates);
        }

        @Override
        public void processElement(StreamRecord<Transaction> element) {
            add(element.getValue());
        }
    }

    private final int asOfDay;
    private final boolean dropDuplicates;
    private transient CustomerRows customers;
    private transient Map<String, java.util.Set<Long>> seen;
    private transient org.apache.flink.api.common.accumulators.LongCounter dropped;
    private transient org.apache.flink.api.common.accumulators.LongCounter ignored;

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
        customers = new CustomerRows();
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

    /** Where the rows of this task are kept. */
    final CustomerRows customers() {
        return customers;
    }

    /**
     * True when a row of {@code day} counts; a row after the as-of date is counted as ignored
     * (those on it count).
     */
    final boolean inWindow(int day) {
        if (day > asOfDay) {
            ignored.add(1);
            return false;
        }
        return true;
    }

    /** Adds one transaction. */
    final void add(Transaction t) {
        if (!inWindow(t.purchaseDay)) {
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
                            new DeadLetter(
                                    t.sourcePath,
                                    t.sourceLine,
                                    null,
                                    dev.segment.common.io.DuplicatePolicy.DROPPED_REASON,
                                    t.sourceText != null ? t.sourceText : t.toString())));
            return;
        }
        int c = customers.customer(t.customerId);
        customers.add(c, orderKey, t.purchaseDay, CustomerPartial.units(t.amount), print);
        customers.stated(c, t.consent, t.timestampMillis);
    }

    @Override
    public void endInput() {
        StreamRecord<CustomerPartial> reuse = new StreamRecord<>(null);
        customers.emit(p -> output.collect(reuse.replace(p)));
        customers = null;
        seen = null;
    }
}
