package dev.segment.common.io;

import java.io.Serializable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where a job's transactions come from; injected so tests can swap it. */
public interface TransactionSource extends Serializable {

    /**
     * Adds the reading operators to {@code env}; returns accepted transactions and dead letters.
     */
    TransactionStreams read(StreamExecutionEnvironment env);

    /** Human description for run summaries ("3 CSV files under data/"). */
    String describe();

    /** What the input's configuration says to do with identical records. */
    default DuplicatePolicy duplicates() {
        return DuplicatePolicy.KEEP;
    }
}
