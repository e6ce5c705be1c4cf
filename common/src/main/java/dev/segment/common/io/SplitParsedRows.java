package dev.segment.common.io;

import dev.segment.common.model.Transaction;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits converted Parquet rows into transactions and dead letters, counting both. */
final class SplitParsedRows extends ProcessFunction<ParsedRow, Transaction> {
    private static final long serialVersionUID = 1L;

    private transient LongCounter read;
    private transient LongCounter accepted;
    private transient LongCounter rejected;

    @Override
    public void open(OpenContext openContext) {
        read = new LongCounter();
        accepted = new LongCounter();
        rejected = new LongCounter();
        getRuntimeContext().addAccumulator(InputCounters.READ, read);
        getRuntimeContext().addAccumulator(InputCounters.ACCEPTED, accepted);
        getRuntimeContext().addAccumulator(InputCounters.REJECTED, rejected);
    }

    @Override
    public void processElement(ParsedRow row, Context ctx, Collector<Transaction> out) {
        read.add(1);
        if (row.transaction != null) {
            accepted.add(1);
            out.collect(row.transaction);
        } else {
            rejected.add(1);
            ctx.output(ParseTransactions.DEAD_LETTERS, row.deadLetter);
        }
    }
}
