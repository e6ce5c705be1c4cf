package dev.segment.jobs.ranking;

import dev.segment.common.io.CsvLines;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Rows of one sorted CSV file ({@link SortedCsvOutput}) as (id range, id, line): formatted and
 * tagged by the operator that produces the rows, once it has the id cuts, so the rows themselves
 * never cross a task boundary on their way to the file. The operator emits the lines to {@link
 * #tag()}, a side output {@link SortedCsvOutput#writeLines} sends to the file's writers.
 */
public final class RangeLines<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** (range, id, line): all that crosses the network to a file's writers. */
    public static final TypeInformation<Tuple3<Integer, String, String>> TYPE =
            new TupleTypeInfo<>(Types.INT, Types.STRING, Types.STRING);

    private final SerializableFunction<T, String> idOf;
    private final CsvLines.Formatter<T> formatter;
    private final OutputTag<Tuple3<Integer, String, String>> tag;
    private transient String[] starts;
    // the record emit() sends lines in, made with the cuts (each task has its own copy)
    private transient StreamRecord<Tuple3<Integer, String, String>> record;

    /**
     * @param name the file's name in the job (names its side output; unique per producer)
     * @param idOf the sort id (the first column)
     */
    public RangeLines(
            String name, SerializableFunction<T, String> idOf, CsvLines.Formatter<T> formatter) {
        this.idOf = idOf;
        this.formatter = formatter;
        this.tag = new OutputTag<>("lines: " + name, TYPE);
    }

    /** The side output the producer emits {@link #line}s to. */
    public OutputTag<Tuple3<Integer, String, String>> tag() {
        return tag;
    }

    /** The cuts' range starts (the one record of {@link IdCuts#starts()}). */
    public void cutAt(String[] rangeStarts) {
        this.starts = rangeStarts;
        this.record = new StreamRecord<>(null);
    }

    /** Hands the cuts' range starts to each of {@code files}. */
    public static <T> void cutAt(List<RangeLines<T>> files, String[] rangeStarts) {
        for (RangeLines<T> f : files) {
            f.cutAt(rangeStarts);
        }
    }

    /**
     * Emits {@code row}'s line of each of {@code files} to its side output of {@code output}. A
     * producer calls it before it emits the row itself: a chained consumer of the row may change it
     * (object reuse).
     */
    public static <T> void emit(List<RangeLines<T>> files, T row, Output<?> output) {
        for (RangeLines<T> f : files) {
            Tuple3<Integer, String, String> line = f.line(row);
            output.collect(f.tag, f.record.replace(line));
        }
    }

    /** {@code row} as (its id range: the number of range starts at or below its id, id, line). */
    public Tuple3<Integer, String, String> line(T row) {
        if (starts == null) {
            throw new IllegalStateException("a row arrived before the id cuts of " + tag.getId());
        }
        String id = idOf.apply(row);
        int range = Arrays.binarySearch(starts, id);
        // found: the row starts that range; not found: the insertion point is the count below
        range = range >= 0 ? range + 1 : -range - 1;
        return Tuple3.of(range, id, formatter.format(row));
    }
}
