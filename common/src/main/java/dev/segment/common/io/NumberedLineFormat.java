package dev.segment.common.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads text files line by line for Flink's {@code FileSource}, keeping each line's file path and
 * 1-based line number so that a rejected row can be traced back to its origin.
 *
 * <p>Files are not split: line numbers need the whole file read from its start by one reader.
 * Parallelism comes from reading several files at once. On recovery (streaming checkpoints) a
 * file is re-read from its start, skipping the lines already emitted.
 */
public final class NumberedLineFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 2048;

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition().map(p -> p.getRecordsAfterOffset()).orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private static final class LineReader implements BulkFormat.Reader<SourceLine> {
        private final String path;
        private final FSDataInputStream stream;
        private final BufferedReader in;
        private long lineNumber;

        LineReader(FileSourceSplit split, long skip) throws IOException {
            this.path = split.path().toString();
            FileSystem fs = split.path().getFileSystem();
            this.stream = fs.open(split.path());
            this.in =
                    new BufferedReader(
                            new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
            for (long i = 0; i < skip && in.readLine() != null; i++) {
                lineNumber++;
            }
        }

        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            SourceLine[] batch = new SourceLine[BATCH];
            int n = 0;
            String line;
            long first = lineNumber;
            while (n < BATCH && (line = in.readLine()) != null) {
                lineNumber++;
                batch[n++] = new SourceLine(path, lineNumber, line);
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<SourceLine> it = new ArrayResultIterator<>();
            it.set(batch, n, org.apache.flink.connector.file.src.util.CheckpointedPosition.NO_OFFSET, first);
            return it;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
