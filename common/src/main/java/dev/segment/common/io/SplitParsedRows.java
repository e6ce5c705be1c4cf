package dev.segment.common.io;

import dev.segment.common.model.Transaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits converted Parquet rows into transactions and dead letters, counting both. */
final class SplitParsedRows extends ProcessFunction<ParsedRow, Transaction> {
    private static final long serialVersionUID = 1L;

    private transient InputCounters.Task counters;

    @Override
    public void open(OpenContext openContext) {
        counters = InputCounters.Task.register(getRuntimeContext());
    }

    @Override
    public void processElement(ParsedRow row, Context ctx, Collector<Transaction> out) {
        counters.read(1);
        if (row.transaction != null) {
            counters.accepted();
            out.collect(row.transaction);
        } else {
            counters.deadLetter(row.deadLetter);
            ctx.output(ParseTransactions.DEAD_LETTERS, row.deadLetter);
        }
    }
}
