package dev.segment.jobs.rfm;

import dev.segment.common.io.BlockParser;
import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.ParseTransactions;
import dev.segment.common.io.PlainRow;
import dev.segment.common.io.RecordBlock;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Parses blocks of CSV records and aggregates them per customer in one step: a plain row goes from
 * its bytes into {@link CustomerRows} without a String or an object of its own; any other row is
 * parsed as text into a {@link Transaction} or a dead letter ({@link
 * ParseTransactions#DEAD_LETTERS}, with file, line and reason), exactly as {@link
 * ParseTransactions} would. Keeps identical rows (the duplicate policy {@code keep}); {@code drop}
 * needs the rows partitioned by customer first and takes the transaction path.
 */
final class PreAggregateBlocks extends PreAggregate<RecordBlock> {
    private static final long serialVersionUID = 1L;

    private final CsvLayout layout;
    private transient BlockParser parser;
    private transient BlockParser.Rows rows;

    PreAggregateBlocks(CsvLayout layout, int asOfDay) {
        super(asOfDay, false);
        this.layout = layout;
    }

    @Override
    public void open() throws Exception {
        super.open();
        parser = new BlockParser(layout, InputCounters.Task.register(getRuntimeContext()));
        StreamRecord<DeadLetter> dead = new StreamRecord<>(null);
        rows =
                new BlockParser.Rows() {
                    @Override
                    public void plain(PlainRow r) {
                        addPlain(r);
                    }

                    @Override
                    public void accepted(Transaction t) {
                        add(t);
                    }

                    @Override
                    public void rejected(DeadLetter d) {
                        output.collect(ParseTransactions.DEAD_LETTERS, dead.replace(d));
                    }
                };
    }

    @Override
    public void processElement(StreamRecord<RecordBlock> element) {
        parser.parse(element.getValue(), rows);
    }

    private void addPlain(PlainRow r) {
        if (!inWindow(r.day)) {
            return;
        }
        long orderKey = CustomerPartial.orderKey(r.line, r.orderFrom, r.orderTo);
        long print = r.fingerprint(orderKey);
        CustomerRows customers = customers();
        int offset = r.line.offset();
        int c = customers.customer(r.line.bytes(), offset + r.customerFrom, offset + r.customerTo);
        customers.add(c, orderKey, r.day, CustomerPartial.units(r.amount), print);
        customers.stated(c, r.consent, r.millis);
    }
}
