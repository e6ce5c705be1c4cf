package dev.segment.jobs.segmentation;

import dev.segment.common.io.ByteRangeSplitter;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.NumberedLineFormat;
import dev.segment.common.io.ParseTransactions;
import dev.segment.common.io.SourceLine;
import dev.segment.common.model.DeadLetter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A ready feature table (CSV with a header; a {@code customer_id} column if there is one, otherwise
 * rows are numbered from 0 in file order; every other column numeric) read in parallel with Flink's
 * FileSource. Bad rows go to the dead letters with line and column and are counted like transaction
 * rows.
 */
public final class FeatureTable {

    private final Path file;
    private final List<String> features;
    private final int idColumn;
    private final int columns;

    private FeatureTable(Path file, List<String> features, int idColumn, int columns) {
        this.file = file;
        this.features = features;
        this.idColumn = idColumn;
        this.columns = columns;
    }

    /** Reads the header; fails with the file's name when it is missing or has no feature column. */
    public static FeatureTable open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--features " + file + " does not exist");
        }
        String header;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = r.readLine();
        }
        if (header == null) {
            throw new IllegalArgumentException("--features " + file + " is empty");
        }
        String[] cols = header.replace("\uFEFF", "").split(",");
        List<String> names = new ArrayList<>();
        int id = -1;
        for (int i = 0; i < cols.length; i++) {
            String c = cols[i].trim();
            if (c.equalsIgnoreCase("customer_id")) {
                id = i;
            } else {
                names.add(c);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(
                    "--features " + file + ": no feature columns besides customer_id");
        }
        return new FeatureTable(file, List.copyOf(names), id, cols.length);
    }

    public List<String> features() {
        return features;
    }

    /** Rows and dead letters. */
    public record Streams(DataStream<FeatureRow> rows, DataStream<DeadLetter> deadLetters) {}

    public Streams read(StreamExecutionEnvironment env) {
        FileSource<SourceLine> source =
                FileSource.forBulkFileFormat(
                                new NumberedLineFormat(),
                                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
                        .setFileEnumerator(ByteRangeSplitter.provider(16L << 20))
                        .build();
        SingleOutputStreamOperator<FeatureRow> rows =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "Feature table")
                        .process(new ParseRows(idColumn, columns, features))
                        .name("Parse feature rows");
        return new Streams(rows, rows.getSideOutput(ParseTransactions.DEAD_LETTERS));
    }

    /** One CSV line -> feature row, or a dead letter naming the column. */
    static final class ParseRows extends ProcessFunction<SourceLine, FeatureRow> {
        private static final long serialVersionUID = 1L;
        private final int idColumn;
        private final int columns;
        private final List<String> names;
        private transient InputCounters.Task counters;

        ParseRows(int idColumn, int columns, List<String> names) {
            this.idColumn = idColumn;
            this.columns = columns;
            this.names = names;
        }

        @Override
        public void open(OpenContext ctx) {
            counters = InputCounters.Task.register(getRuntimeContext());
        }

        @Override
        public void processElement(SourceLine line, Context ctx, Collector<FeatureRow> out) {
            if (line.headerContext || line.lineNumber == 1 || line.text.isBlank()) {
                return;
            }
            counters.read(1);
            String[] f = line.text.split(",", -1);
            if (f.length != columns) {
                reject(ctx, line, null, "expected " + columns + " fields but found " + f.length);
                return;
            }
            double[] v = new double[names.size()];
            int t = 0;
            for (int i = 0; i < f.length; i++) {
                if (i == idColumn) {
                    continue;
                }
                String s = f[i].trim();
                try {
                    v[t] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    reject(ctx, line, names.get(t), names.get(t) + " '" + s + "' is not a number");
                    return;
                }
                if (!Double.isFinite(v[t])) {
                    reject(ctx, line, names.get(t), names.get(t) + " '" + s + "' is not finite");
                    return;
                }
                t++;
            }
            String id = idColumn >= 0 ? f[idColumn].trim() : String.valueOf(line.lineNumber - 2);
            if (id.isEmpty()) {
                reject(ctx, line, "customer_id", "customer_id is empty");
                return;
            }
            counters.accepted();
            out.collect(new FeatureRow(id, v, 0));
        }

        private void reject(Context ctx, SourceLine line, String field, String reason) {
            counters.rejected();
            ctx.output(
                    ParseTransactions.DEAD_LETTERS,
                    new DeadLetter(line.path, line.lineNumber, field, reason, line.text));
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s (%d features: %s)",
                file,
                features.size(),
                String.join(", ", features));
    }
}
