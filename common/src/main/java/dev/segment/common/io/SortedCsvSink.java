package dev.segment.common.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A parallel sink of one CSV file sorted by id: writer {@code i} gets the i-th id range (the caller
 * range-partitions, see {@code SortedCsvOutput}), sorts its rows by (id, line) in bounded memory
 * (sorted runs spilled to disk when a sixteenth of the heap is full, merged at the end) and writes
 * part {@code i}; the writer that completes the last part joins header and parts into the file.
 * Every row is formatted and sorted in parallel; the join is a byte copy.
 *
 * <p>Parts live in {@code FILE.parts-JOBID/} beside the file (all writers must share that
 * directory: the local disk on one machine, a shared one on a cluster). The file appears only when
 * every part is complete, so a failed job never leaves a complete-looking file.
 */
public final class SortedCsvSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /**
     * Characters (id and line) a writer sorts in memory before it spills a run: a sixteenth of the
     * heap, so that a 1M-row file on the default heap needs no run files and a 1 GB heap still
     * spills early enough.
     */
    static long runChars() {
        return Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 16 / 2);
    }

    private final String file;
    private final String header;
    private final SerializableFunction<T, String> idOf;
    private final CsvLines.Formatter<T> formatter;
    private final int runRows; // a cap in rows beside the budget in characters (tests: small)

    public SortedCsvSink(
            Path file,
            String header,
            SerializableFunction<T, String> idOf,
            CsvLines.Formatter<T> formatter) {
        this(file, header, idOf, formatter, Integer.MAX_VALUE);
    }

    SortedCsvSink(
            Path file,
            String header,
            SerializableFunction<T, String> idOf,
            CsvLines.Formatter<T> formatter,
            int runRows) {
        this.file = file.toAbsolutePath().toString();
        this.header = header;
        this.idOf = idOf;
        this.formatter = formatter;
        this.runRows = runRows;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path target = Paths.get(file);
        Path parts =
                target.resolveSibling(
                        target.getFileName() + ".parts-" + context.getJobInfo().getJobId());
        return new Writer<>(
                target,
                parts,
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks(),
                this);
    }

    private record Row(String id, String line) {}

    private static final Comparator<Row> ORDER =
            Comparator.comparing(Row::id).thenComparing(Row::line);

    private static final class Writer<T> implements SinkWriter<T> {
        private final Path target;
        private final Path parts;
        private final int index;
        private final int count;
        private final SortedCsvSink<T> sink;
        private final List<Row> buffer = new ArrayList<>();
        private final List<Path> runs = new ArrayList<>();
        private final long runChars = runChars();
        private long bufferedChars;
        private boolean finished;

        Writer(Path target, Path parts, int index, int count, SortedCsvSink<T> sink)
                throws IOException {
            this.target = target;
            this.parts = parts;
            this.index = index;
            this.count = count;
            this.sink = sink;
            Files.createDirectories(parts);
        }

        private Path part(int i) {
            return parts.resolve(String.format("part-%05d.csv", i));
        }

        @Override
        public void write(T element, Context context) throws IOException {
            Row row = new Row(sink.idOf.apply(element), sink.formatter.format(element));
            buffer.add(row);
            // a row costs its characters plus about 80 bytes of objects (two Strings, a Row)
            bufferedChars += row.id().length() + row.line().length() + 40;
            if (buffer.size() >= sink.runRows || bufferedChars >= runChars) {
                spill();
            }
        }

        /** Writes the buffer sorted as a run file: (id, line) pairs. */
        private void spill() throws IOException {
            buffer.sort(ORDER);
            Path run = parts.resolve(String.format("part-%05d.run-%d", index, runs.size()));
            try (DataOutputStream out =
                    new DataOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                for (Row r : buffer) {
                    writeString(out, r.id());
                    writeString(out, r.line());
                }
            }
            runs.add(run);
            buffer.clear();
            bufferedChars = 0;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput || finished) {
                return;
            }
            Path inProgress = parts.resolve(part(index).getFileName() + ".inprogress");
            try (BufferedWriter out = Files.newBufferedWriter(inProgress, StandardCharsets.UTF_8)) {
                if (runs.isEmpty()) {
                    buffer.sort(ORDER);
                    for (Row r : buffer) {
                        out.write(r.line());
                        out.write('\n');
                    }
                } else {
                    if (!buffer.isEmpty()) {
                        spill();
                    }
                    merge(out);
                }
            }
            buffer.clear();
            Files.move(inProgress, part(index), StandardCopyOption.REPLACE_EXISTING);
            finished = true;
            joinWhenComplete();
        }

        /** K-way merge of the sorted runs into {@code out}. */
        private void merge(BufferedWriter out) throws IOException {
            record Head(Row row, DataInputStream in) {}
            PriorityQueue<Head> heads =
                    new PriorityQueue<>((a, b) -> ORDER.compare(a.row(), b.row()));
            List<DataInputStream> open = new ArrayList<>();
            try {
                for (Path run : runs) {
                    DataInputStream in =
                            new DataInputStream(
                                    new BufferedInputStream(Files.newInputStream(run), 1 << 16));
                    open.add(in);
                    Row first = read(in);
                    if (first != null) {
                        heads.add(new Head(first, in));
                    }
                }
                while (!heads.isEmpty()) {
                    Head h = heads.poll();
                    out.write(h.row().line());
                    out.write('\n');
                    Row next = read(h.in());
                    if (next != null) {
                        heads.add(new Head(next, h.in()));
                    }
                }
            } finally {
                for (DataInputStream in : open) {
                    in.close();
                }
                for (Path run : runs) {
                    Files.deleteIfExists(run);
                }
                runs.clear();
            }
        }

        /**
         * When every part is complete, one writer (the first to claim the marker) writes the file:
         * header, then the parts in order, then removes the parts.
         */
        private void joinWhenComplete() throws IOException {
            for (int i = 0; i < count; i++) {
                if (!Files.exists(part(i))) {
                    return; // a later writer joins
                }
            }
            try {
                Files.createFile(parts.resolve("joining"));
            } catch (FileAlreadyExistsException | java.nio.file.NoSuchFileException another) {
                // another writer claimed the join; it may even have finished and removed the
                // parts folder between our check of the parts and this claim
                return;
            }
            Path joined = target.resolveSibling(target.getFileName() + ".inprogress");
            try (FileChannel out =
                    FileChannel.open(
                            joined,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                out.write(
                        java.nio.ByteBuffer.wrap(
                                (sink.header + "\n").getBytes(StandardCharsets.UTF_8)));
                for (int i = 0; i < count; i++) {
                    try (FileChannel in = FileChannel.open(part(i), StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, out);
                        }
                    }
                }
            }
            Files.move(joined, target, StandardCopyOption.REPLACE_EXISTING);
            Folders.deleteTree(parts);
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                buffer.clear();
                for (Path run : runs) {
                    Files.deleteIfExists(run);
                }
                Files.deleteIfExists(parts.resolve(part(index).getFileName() + ".inprogress"));
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static Row read(DataInputStream in) throws IOException {
        String id;
        try {
            id = readString(in);
        } catch (EOFException end) {
            return null;
        }
        return new Row(id, readString(in));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
