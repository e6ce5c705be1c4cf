package dev.segment.common.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A bounded job's rows spooled for the embedded DuckDB store: each parallel writer writes its rows
 * as CSV (PostgreSQL COPY's format, with a header naming the columns) to {@code part-<subtask>.csv}
 * in the run's spool folder of a table ({@link BulkTables#spool}), and the run's publication loads
 * the folder with DuckDB's parallel CSV reader in the transaction that makes the rows visible. The
 * file appears (by a rename) only when the writer has seen the end of its input, and a retried
 * writer replaces its own file: rows are never spooled twice.
 */
public final class SpoolCsvSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 1 << 20;

    private final String folder;
    private final List<String> columns;
    private final RowBinding<T> binding;

    public SpoolCsvSink(Path folder, List<String> columns, RowBinding<T> binding) {
        this.folder = folder.toString();
        this.columns = List.copyOf(columns);
        this.binding = binding;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer(context.getTaskInfo().getIndexOfThisSubtask());
    }

    private final class Writer implements SinkWriter<T> {
        private final Path done;
        private final Path partial;
        private final OutputStream out;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
        private final CsvRowWriter row = new CsvRowWriter(buffer);
        private boolean ended;

        Writer(int subtask) throws IOException {
            Path dir = Path.of(folder);
            Files.createDirectories(dir);
            done = dir.resolve("part-" + subtask + ".csv");
            partial = dir.resolve("part-" + subtask + ".csv.inprogress");
            out = Files.newOutputStream(partial);
            buffer.append(String.join(",", columns)).append('\n');
        }

        @Override
        public void write(T element, Context context) throws IOException {
            try {
                binding.bind(element, row);
            } catch (java.sql.SQLException e) {
                throw new IOException(e);
            }
            row.endRow();
            if (buffer.length() >= CHUNK) {
                send();
            }
        }

        private void send() throws IOException {
            out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
            buffer.setLength(0);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && !ended) {
                send();
                out.close();
                Files.move(
                        partial,
                        done,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                ended = true;
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                out.close();
                Files.deleteIfExists(partial); // a failed or cancelled task leaves nothing
            }
        }
    }
}
