package dev.segment.common.store;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An at-least-once sink for tables whose rows are upserted and deleted by key (live profiles, live
 * segments). flink-connector-jdbc runs one statement per sink, so a delete and an upsert of the
 * same key in two sinks could land in either order; here both go through one writer that keeps only
 * the latest change per key and writes a batch as one transaction: deletes, then upserts. Flushed
 * when {@link StoreConfig#batchSize()} keys are pending, every {@link
 * StoreConfig#batchIntervalMs()}, on every checkpoint and at the end of input, so a checkpoint
 * never completes before its changes are in the store. A failed batch is retried on a new
 * connection with growing pauses ({@link StoreConfig#maxRetries()}), then fails the job, which
 * restarts from its last checkpoint; every statement is idempotent.
 *
 * @param <T> the change type
 */
public final class UpsertDeleteSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UpsertDeleteSink.class);

    /** Reads a change: its key values, whether it deletes, and binds an upsert's columns. */
    public interface Rows<T> extends Serializable {
        List<Object> key(T change);

        boolean isDelete(T change);

        /**
         * The values of a delete's columns ({@code deleteBy}): the key unless the sink deletes by
         * fewer columns, as sessions are deleted per visitor.
         */
        default List<Object> deleteKey(T change) {
            return key(change);
        }

        void bind(PreparedStatement ps, T change) throws SQLException;
    }

    private final StoreConfig config;
    private final String table;
    private final List<String> columns;
    private final List<String> key;
    private final Rows<T> rows;
    private final List<String> deleteBy;

    public UpsertDeleteSink(
            StoreConfig config,
            String table,
            List<String> columns,
            List<String> key,
            Rows<T> rows) {
        this(config, table, columns, key, rows, key);
    }

    /**
     * A sink whose deletes match columns {@code deleteBy} (a leading part of the key, or the key).
     * A delete by fewer columns than the key drops the pending upserts it matches, so that none of
     * them lands after it.
     */
    public UpsertDeleteSink(
            StoreConfig config,
            String table,
            List<String> columns,
            List<String> key,
            Rows<T> rows,
            List<String> deleteBy) {
        this.config = config.validate();
        this.table = table;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.rows = rows;
        if (deleteBy.isEmpty() || !key.subList(0, deleteBy.size()).equals(deleteBy)) {
            throw new IllegalArgumentException(
                    "deletes of " + table + " must match a leading part of its key " + key);
        }
        this.deleteBy = List.copyOf(deleteBy);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer(context.getProcessingTimeService());
    }

    private final class Writer implements SinkWriter<T> {
        private final ProcessingTimeService time;
        private final Map<List<Object>, T> pending = new LinkedHashMap<>();
        private final String upsert = JdbcSinks.upsertSql(table, columns, key);
        private final String delete =
                "DELETE FROM "
                        + table
                        + " WHERE "
                        + deleteBy.stream()
                                .map(k -> k + " = ?")
                                .collect(Collectors.joining(" AND "));
        private Connection connection;
        private boolean timerSet;

        Writer(ProcessingTimeService time) {
            this.time = time;
        }

        @Override
        public void write(T change, Context context) throws IOException {
            if (deleteBy.size() < key.size() && rows.isDelete(change)) {
                // a delete of many keys: nothing it matches may be written after it
                List<Object> matches = rows.deleteKey(change);
                pending.values()
                        .removeIf(p -> !rows.isDelete(p) && rows.deleteKey(p).equals(matches));
            }
            pending.put(rows.key(change), change);
            if (pending.size() >= config.batchSize()) {
                flush(false);
            } else if (!timerSet && config.batchIntervalMs() > 0) {
                timerSet = true;
                time.registerTimer(
                        time.getCurrentProcessingTime() + config.batchIntervalMs(),
                        t -> {
                            timerSet = false;
                            flush(false);
                        });
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            List<T> batch = new ArrayList<>(pending.values());
            for (int attempt = 0; ; attempt++) {
                try {
                    write(batch);
                    pending.clear();
                    return;
                } catch (SQLException | Store.StoreException e) {
                    closeQuietly();
                    if (attempt >= config.maxRetries()) {
                        throw new IOException(
                                "writing "
                                        + batch.size()
                                        + " rows to "
                                        + table
                                        + " failed after "
                                        + (attempt + 1)
                                        + " attempts: "
                                        + Secrets.scrub(String.valueOf(e.getMessage())),
                                e);
                    }
                    long pause = Math.min(5_000L, 500L << Math.min(attempt, 4));
                    LOG.warn(
                            "writing {} rows to {} failed ({}), retry {} of {} in {} ms",
                            batch.size(),
                            table,
                            Secrets.scrub(String.valueOf(e.getMessage())),
                            attempt + 1,
                            config.maxRetries(),
                            pause);
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying a write to " + table, ie);
                    }
                }
            }
        }

        private void write(List<T> batch) throws SQLException {
            if (connection == null) {
                connection = Store.connect(config);
                connection.setAutoCommit(false);
            }
            try (PreparedStatement del = connection.prepareStatement(delete);
                    PreparedStatement up = connection.prepareStatement(upsert)) {
                int deletes = 0;
                int upserts = 0;
                for (T change : batch) {
                    if (rows.isDelete(change)) {
                        List<Object> k = rows.deleteKey(change);
                        for (int i = 0; i < k.size(); i++) {
                            del.setObject(i + 1, k.get(i));
                        }
                        del.addBatch();
                        deletes++;
                    } else {
                        rows.bind(up, change);
                        up.addBatch();
                        upserts++;
                    }
                }
                if (deletes > 0) {
                    del.executeBatch();
                }
                if (upserts > 0) {
                    up.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; it is replaced on the next attempt
                }
                throw e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
            }
        }

        private void closeQuietly() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
                connection = null;
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
