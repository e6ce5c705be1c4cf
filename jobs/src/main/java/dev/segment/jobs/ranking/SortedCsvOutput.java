package dev.segment.jobs.ranking;

import dev.segment.common.io.CsvLines;
import dev.segment.common.io.SortedCsvSink;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
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
        int parts = Math.max(1, rows.getExecutionEnvironment().getParallelism());
        IdOrder<T> byId = new IdOrder<>(idOf);
        DataStream<Ranks> cuts = ParallelRanks.of(rows, byId, new EqualParts(parts), name);
        TupleTypeInfo<Tuple2<Integer, T>> tagged = new TupleTypeInfo<>(Types.INT, rows.getType());
        rows.connect(cuts.broadcast())
                .transform(name + ": id range", tagged, new TagRange<>(idOf))
                .setParallelism(rows.getParallelism())
                .partitionCustom((Partitioner<Integer>) (range, n) -> range, t -> t.f0)
                .sinkTo(
                        new SortedCsvSink<Tuple2<Integer, T>>(
                                file, header, t -> idOf.apply(t.f1), t -> formatter.format(t.f1)))
                .setParallelism(parts)
                .name(name);
    }

    /** One order: by id alone. */
    private static final class IdOrder<T> implements RankKeys<T> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, String> idOf;

        IdOrder(SerializableFunction<T, String> idOf) {
            this.idOf = idOf;
        }

        @Override
        public int dims() {
            return 1;
        }

        @Override
        public String id(T record) {
            return idOf.apply(record);
        }

        @Override
        public long value(T record, int dim) {
            return 0;
        }
    }

    /** The first rank of each of {@code parts} equal ranges after the first. */
    private static final class EqualParts implements RankTargets {
        private static final long serialVersionUID = 1L;
        private final int parts;

        EqualParts(int parts) {
            this.parts = parts;
        }

        @Override
        public long[] ranks(long n, int dim) {
            return LongStream.range(1, parts)
                    .map(k -> k * n / parts)
                    .filter(r -> r > 0 && r < n)
                    .distinct()
                    .toArray();
        }
    }

    /** Tags each row with its id range: the number of range starts at or below its id. */
    private static final class TagRange<T> extends BroadcastFirst<T, Ranks, Tuple2<Integer, T>> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, String> idOf;
        private transient String[] starts;

        TagRange(SerializableFunction<T, String> idOf) {
            this.idOf = idOf;
        }

        @Override
        protected void onBroadcast(Ranks value) {
            starts = value.n == 0 ? new String[0] : value.id[0];
        }

        @Override
        protected void onRecord(T row) {
            int range = Arrays.binarySearch(starts, idOf.apply(row));
            // found: the row starts that range; not found: the insertion point is the count below
            range = range >= 0 ? range + 1 : -range - 1;
            output.collect(new StreamRecord<>(Tuple2.of(range, row)));
        }
    }
}
