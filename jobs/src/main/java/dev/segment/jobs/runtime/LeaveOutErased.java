package dev.segment.jobs.runtime;

import dev.segment.common.store.Suppression;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Drops the records of customers the store's erasure list names ({@link Suppression}), counted in
 * {@link #ERASED_LEFT_OUT}: their rows may still be in a run's input files, but nothing of them is
 * computed or written.
 */
public final class LeaveOutErased<T> extends RichFilterFunction<T> {
    private static final long serialVersionUID = 1L;

    /** Accumulator: customers left out because the store's erasure list names them. */
    public static final String ERASED_LEFT_OUT = "rfm.erased_left_out";

    private final Suppression suppression;
    private final KeySelector<T, String> customerId;
    private transient LongCounter leftOut;

    public LeaveOutErased(Suppression suppression, KeySelector<T, String> customerId) {
        this.suppression = suppression;
        this.customerId = customerId;
    }

    @Override
    public void open(OpenContext context) {
        leftOut = new LongCounter();
        getRuntimeContext().addAccumulator(ERASED_LEFT_OUT, leftOut);
    }

    @Override
    public boolean filter(T row) throws Exception {
        if (suppression.erased(customerId.getKey(row))) {
            leftOut.add(1);
            return false;
        }
        return true;
    }
}
