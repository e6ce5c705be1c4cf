package dev.segment.common.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Consent changes a stream sees, into the store through {@link ConsentLedger} (the {@code consent}
 * table, the golden record's status, a withdrawal's generic batch segment; the live tables are the
 * stream's own). Changes are applied in batches at each checkpoint and at the end; a batch replayed
 * after a restart is recognised by the consent table's key, so at-least-once delivery records each
 * change once.
 */
public final class ConsentSink implements Sink<ConsentLedger.Change> {
    private static final long serialVersionUID = 1L;

    private final StoreConfig config;

    public ConsentSink(StoreConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<ConsentLedger.Change> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private final List<ConsentLedger.Change> pending = new ArrayList<>();

            @Override
            public void write(ConsentLedger.Change change, Context context) throws IOException {
                pending.add(change);
                if (pending.size() >= config.batchSize()) {
                    flush(false);
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                if (pending.isEmpty()) {
                    return;
                }
                for (int attempt = 0; ; attempt++) {
                    try (Connection c = Store.connect(config)) {
                        c.setAutoCommit(false);
                        try {
                            ConsentLedger.apply(c, pending, Instant.now(), false);
                            c.commit();
                            pending.clear();
                            return;
                        } catch (SQLException | RuntimeException e) {
                            c.rollback();
                            throw e;
                        }
                    } catch (SQLException | RuntimeException e) {
                        if (attempt >= config.maxRetries()) {
                            throw new IOException(
                                    "recording "
                                            + pending.size()
                                            + " consent changes failed: "
                                            + Secrets.scrub(String.valueOf(e.getMessage())),
                                    e);
                        }
                        try {
                            Thread.sleep(Math.min(5_000L, 500L << Math.min(attempt, 4)));
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted while recording consent", ie);
                        }
                    }
                }
            }

            @Override
            public void close() {}
        };
    }
}
