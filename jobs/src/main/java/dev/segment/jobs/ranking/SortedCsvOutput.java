package dev.segment.jobs.ranking;

import dev.segment.common.io.CsvLines;
import dev.segment.common.io.SortedCsvSink;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes a stream as one CSV file sorted by id, without a single task seeing every row: the ids are
 * cut into as many equal ranges as the job has tasks ({@link ParallelRanks}, exact, so the parts
 * are equal in rows), each range goes to one writer of a {@link SortedCsvSink}, and the parts are
 * joined in range order. The file is the same at every parallelism.
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
        TupleTypeInfo<Tuple3<Integer, String, String>> lines =
                new TupleTypeInfo<>(Types.INT, Types.STRING, Types.STRING);
        rows.connect(cuts.starts().broadcast())
                .transform(name + ": id range and line", lines, new TagRange<>(idOf, formatter))
                .setParallelism(rows.getParallelism())
                .partitionCustom((Partitioner<Integer>) (range, n) -> range, t -> t.f0)
                .sinkTo(
                        new SortedCsvSink<Tuple3<Integer, String, String>>(
                                file, header, t -> t.f1, t -> t.f2))
                .setParallelism(cuts.parts())
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

    /** Tags each row with its id range (the number of range starts at or below its id) and line. */
    private static final class TagRange<T>
            extends BroadcastFirst<T, String[], Tuple3<Integer, String, String>> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, String> idOf;
        private final CsvLines.Formatter<T> formatter;
        private transient String[] starts;

        TagRange(SerializableFunction<T, String> idOf, CsvLines.Formatter<T> formatter) {
            this.idOf = idOf;
            this.formatter = formatter;
        }

        @Override
        protected void onBroadcast(String[] value) {
            starts = value;
        }

        @Override
        protected void onRecord(T row) {
            String id = idOf.apply(row);
            int range = Arrays.binarySearch(starts, id);
            // found: the row starts that range; not found: the insertion point is the count below
            range = range >= 0 ? range + 1 : -range - 1;
            output.collect(new StreamRecord<>(Tuple3.of(range, id, formatter.format(row))));
        }
    }
}
