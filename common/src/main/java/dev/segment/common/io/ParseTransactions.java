package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses numbered CSV lines into transactions; rejected rows go to {@link #DEAD_LETTERS} and every
 * row is counted in the {@link InputCounters} accumulators. One parser per file, because every file
 * has its own header.
 */
public final class ParseTransactions extends ProcessFunction<SourceLine, Transaction> {
    private static final long serialVersionUID = 1L;

    /** Side output of rejected rows. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>(
                    "dead-letters",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    private final CsvLayout layout;
    private transient Map<String, TransactionCsvParser> parsers;
    private transient InputCounters.Task counters;

    public ParseTransactions(CsvLayout layout) {
        this.layout = layout;
    }

    @Override
    public void open(OpenContext openContext) {
        parsers = new HashMap<>();
        counters = InputCounters.Task.register(getRuntimeContext());
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<Transaction> out) {
        TransactionCsvParser parser =
                parsers.computeIfAbsent(line.path, p -> TransactionCsvParser.forFile(layout, p));
        if (line.headerContext) {
            parser.acceptHeaderContext(line.text);
            return;
        }
        long before = parser.rowsRead();
        parser.accept(
                line.lineNumber,
                line.text,
                line.encodingError,
                new TransactionCsvParser.Output() {
                    @Override
                    public void accepted(Transaction t) {
                        counters.accepted();
                        out.collect(t);
                    }

                    @Override
                    public void rejected(DeadLetter d) {
                        counters.deadLetter(d);
                        ctx.output(DEAD_LETTERS, d);
                    }
                });
        counters.read(parser.rowsRead() - before);
    }
}
