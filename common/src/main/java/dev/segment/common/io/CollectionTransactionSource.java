package dev.segment.common.io;

import dev.segment.common.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Transactions from memory, for tests and small programmatic runs; rejects nothing. */
public final class CollectionTransactionSource implements TransactionSource {
    private static final long serialVersionUID = 1L;

    private final ArrayList<Transaction> transactions;

    public CollectionTransactionSource(List<Transaction> transactions) {
        this.transactions = new ArrayList<>(transactions);
    }

    @Override
    public TransactionStreams read(StreamExecutionEnvironment env) {
        return new TransactionStreams(
                env.fromData(transactions, TypeInformation.of(Transaction.class))
                        .name("Transactions (memory)"),
                null);
    }

    @Override
    public String describe() {
        return transactions.size() + " transactions in memory";
    }
}
