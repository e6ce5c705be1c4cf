package dev.segment.jobs.ranking;

import dev.segment.common.io.CsvLines;
import dev.segment.common.io.SortedCsvSink;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes a stream as one CSV file sorted by id, without a single task seeing every row: the ids are
 * cut into as many ranges as the job has tasks ({@link ParallelRanks}, at quantiles of a sample, so
 * the parts are about equal in rows), each range goes to one writer of a {@link SortedCsvSink}, and
 * the parts are joined in range order. The file is the same at every parallelism.
 */
public final class SortedCsvOutput {
    private SortedCsvOutput() {}

    /** Adds the file output of {@code rows}; {@code idOf} gives the sort id (the first column). */
    public static <T> void write(
            DataStream<T> rows,
            SerializableFunction<T, String> idOf,
            String header,
            CsvLines.Formatter<T> formatter,
            Path file,
            String name) {
        write(rows, idOf, header, formatter, file, name, cutsOf(rows, idOf, name));
    }

    /**
     * As above, cut where {@code cuts} says (cuts of a population {@code rows} is part of: saves
     * sampling the rows again).
     */
    public static <T> void write(
            DataStream<T> rows,
            SerializableFunction<T, String> idOf,
            String header,
            CsvLines.Formatter<T> formatter,
            Path file,
            String name,
            IdCuts cuts) {
        // formatted where the row is: only (range, id, line) crosses the network
        RangeLines<T> lines = new RangeLines<>(name, idOf, formatter);
        writeLines(
                rows.connect(cuts.starts().broadcast())
                        .transform(
                                name + ": id range and line",
                                RangeLines.TYPE,
                                new TagRange<>(lines))
                        .setParallelism(rows.getParallelism()),
                header,
                file,
                name,
                cuts.parts());
    }

    /**
     * Writes the file from lines tagged where the rows were produced: {@code producer}'s side
     * output {@code lines.tag()} (see {@link RangeLines}), cut into {@code parts} ranges.
     */
    public static void writeLines(
            SingleOutputStreamOperator<?> producer,
            RangeLines<?> lines,
            String header,
            Path file,
            String name,
            int parts) {
        writeLines(producer.getSideOutput(lines.tag()), header, file, name, parts);
    }

    private static void writeLines(
            DataStream<Tuple3<Integer, String, String>> lines,
            String header,
            Path file,
            String name,
            int parts) {
        lines.partitionCustom((Partitioner<Integer>) (range, n) -> range, t -> t.f0)
                .sinkTo(
                        new SortedCsvSink<Tuple3<Integer, String, String>>(
                                file, header, t -> t.f1, t -> t.f2))
                .setParallelism(parts)
                .name(name);
    }

    /** The cuts of {@code rows} into as many ranges as the job has tasks. */
    public static <T> IdCuts cutsOf(
            DataStream<T> rows, SerializableFunction<T, String> idOf, String name) {
        return ParallelRanks.idCuts(rows, idOf, name, parts(rows));
    }

    /** As many parts as the job has tasks. */
    public static int parts(DataStream<?> rows) {
        return Math.max(1, rows.getExecutionEnvironment().getParallelism());
    }

    /** Tags each row with its id range and line (for producers that cannot do it themselves). */
    private static final class TagRange<T>
            extends BroadcastFirst<T, String[], Tuple3<Integer, String, String>> {
        private static final long serialVersionUID = 1L;
        private final RangeLines<T> lines;

        TagRange(RangeLines<T> lines) {
            this.lines = lines;
        }

        @Override
        protected void onBroadcast(String[] value) {
            lines.cutAt(value);
        }

        @Override
        protected void onRecord(T row) {
            output.collect(new StreamRecord<>(lines.line(row)));
        }
    }
}
