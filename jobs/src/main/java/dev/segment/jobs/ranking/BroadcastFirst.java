package dev.segment.jobs.ranking;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InputSelectable;
import org.apache.flink.streaming.api.operators.InputSelection;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A bounded two-input operator that reads its second input (a small, broadcast one) to the end
 * before the first record of its first input, and hears when the first input ends. Unlike a {@code
 * BroadcastProcessFunction} it can emit at the end of its input, which the ranking stages need (one
 * summary per task). In BATCH execution both inputs are materialised upstream, so waiting for one
 * cannot deadlock.
 */
public abstract class BroadcastFirst<IN, B, OUT> extends AbstractStreamOperator<OUT>
        implements TwoInputStreamOperator<IN, B, OUT>, InputSelectable, BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private transient boolean broadcastDone;

    /** One record of the broadcast input; all of them arrive before any record of the first. */
    protected abstract void onBroadcast(B value) throws Exception;

    /** One record of the first input. */
    protected abstract void onRecord(IN value) throws Exception;

    /** The first input has ended (called once, also when it held no record). */
    protected void onEnd() throws Exception {}

    @Override
    public final void processElement1(StreamRecord<IN> element) throws Exception {
        if (!broadcastDone) {
            throw new IllegalStateException(
                    getOperatorName() + ": a record arrived before the broadcast input ended");
        }
        onRecord(element.getValue());
    }

    @Override
    public final void processElement2(StreamRecord<B> element) throws Exception {
        onBroadcast(element.getValue());
    }

    @Override
    public final InputSelection nextSelection() {
        return broadcastDone ? InputSelection.FIRST : InputSelection.SECOND;
    }

    @Override
    public final void endInput(int inputId) throws Exception {
        if (inputId == 2) {
            broadcastDone = true;
        } else {
            onEnd();
        }
    }
}
