package dev.segment.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink (Sink v2) that writes all records into exactly one local file, for results a person
 * opens directly ({@code rfm.csv}, {@code dead-letters.csv}). Attach it with parallelism 1.
 *
 * <p>The writer writes to {@code FILE.inprogress} and renames it to {@code FILE} only when the
 * input has ended ({@code flush(true)}), so a failed job never leaves a complete-looking file. For
 * outputs too large for one writer use Flink's {@code FileSink} instead.
 */
public final class SingleFileSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final RecordFileWriter.Factory<T> factory;

    public SingleFileSink(Path file, RecordFileWriter.Factory<T> factory) {
        this.file = file.toAbsolutePath().toString();
        this.factory = factory;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException(
                    "SingleFileSink for " + file + " must run with parallelism 1");
        }
        return new Writer<>(Paths.get(file), factory);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Path target;
        private final Path inProgress;
        private final RecordFileWriter<T> out;
        private boolean finished;

        Writer(Path target, RecordFileWriter.Factory<T> factory) throws IOException {
            this.target = target;
            this.inProgress = target.resolveSibling(target.getFileName() + ".inprogress");
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.deleteIfExists(inProgress);
            this.out = factory.open(inProgress);
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(element);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (endOfInput && !finished) {
                finished = true;
                out.close();
                Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                out.close();
                Files.deleteIfExists(inProgress);
            }
        }
    }
}
