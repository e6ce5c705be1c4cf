package dev.segment.common.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A bounded job's rows streamed into a PostgreSQL table with {@code COPY ... FROM STDIN}: one COPY
 * per parallel writer, sent in 1 MB chunks and ended with the input. Meant for the run's staging
 * table ({@link BulkTables}): rows become visible only when the run publishes them, and a writer
 * that fails leaves its COPY uncommitted. A writer attempt that is retried after its COPY ended can
 * leave duplicates; publishing removes them.
 */
public final class PgCopySink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 1 << 20;

    private final StoreConfig config;
    private final String table;
    private final List<String> columns;
    private final RowBinding<T> binding;

    public PgCopySink(
            StoreConfig config, String table, List<String> columns, RowBinding<T> binding) {
        this.config = config;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.binding = binding;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer();
    }

    private final class Writer implements SinkWriter<T> {
        private final Connection connection;
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
        private final CsvRowWriter row = new CsvRowWriter(buffer);
        private boolean ended;

        Writer() throws IOException {
            try {
                connection = Store.connect(config);
                copy =
                        connection
                                .unwrap(PGConnection.class)
                                .getCopyAPI()
                                .copyIn(
                                        "COPY "
                                                + table
                                                + " ("
                                                + String.join(", ", columns)
                                                + ") FROM STDIN WITH (FORMAT csv)");
            } catch (SQLException e) {
                throw new IOException("cannot start COPY into " + table + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void write(T element, Context context) throws IOException {
            try {
                binding.bind(element, row);
            } catch (SQLException e) {
                throw new IOException(e);
            }
            row.endRow();
            if (buffer.length() >= CHUNK) {
                send();
            }
        }

        private void send() throws IOException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IOException("COPY into " + table + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && !ended) {
                send();
                try {
                    copy.endCopy();
                } catch (SQLException e) {
                    throw new IOException("COPY into " + table + " failed: " + e.getMessage(), e);
                }
                ended = true;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                if (!ended && copy.isActive()) {
                    copy.cancelCopy(); // a failed or cancelled task: nothing of it is kept
                }
            } finally {
                connection.close();
            }
        }
    }
}
