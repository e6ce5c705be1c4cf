package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Transactions from files: one file or a directory of {@code *.csv}, {@code *.txt} (CSV in the
 * configured layout) and {@code *.parquet} (canonical Avro schema) files, read with Flink's {@link
 * FileSource}. Files are checked when the job is built, so a wrong path fails at once with its name
 * rather than inside a running job.
 */
public final class TransactionFiles implements TransactionSource {
    private static final long serialVersionUID = 1L;

    /** Smallest byte range one reader gets; smaller files are read whole. */
    static final long MIN_SPLIT_BYTES = 16L << 20;

    private final String root;
    private final CsvLayout layout;
    private final List<String> csvFiles;
    private final List<String> parquetFiles;

    private TransactionFiles(
            String root, CsvLayout layout, List<String> csv, List<String> parquet) {
        this.root = root;
        this.layout = layout;
        this.csvFiles = csv;
        this.parquetFiles = parquet;
    }

    /**
     * Finds the input files under {@code path}.
     *
     * @throws IllegalArgumentException naming the path when it does not exist or holds no input
     */
    public static TransactionFiles of(Path path, CsvLayout layout) {
        layout.validate();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--transactions " + path + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("--transactions " + path + " is not readable");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> kind(p) != null)
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path, e);
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException(
                        "--transactions " + path + " holds no *.csv, *.txt or *.parquet files");
            }
        } else {
            if (kind(path) == null) {
                throw new IllegalArgumentException(
                        "--transactions "
                                + path
                                + ": unknown file type (expected .csv, .txt or .parquet)");
            }
            files.add(path);
        }
        List<String> csv = new ArrayList<>();
        List<String> parquet = new ArrayList<>();
        for (Path f : files) {
            String uri = f.toAbsolutePath().normalize().toString();
            if ("parquet".equals(kind(f))) {
                parquet.add(uri);
            } else {
                csv.add(uri);
            }
        }
        return new TransactionFiles(path.toString(), layout, csv, parquet);
    }

    private static String kind(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".parquet")) {
            return "parquet";
        }
        if (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".tsv")) {
            return "csv";
        }
        return null;
    }

    /** Every input file, absolute. */
    public List<String> files() {
        List<String> all = new ArrayList<>(csvFiles);
        all.addAll(parquetFiles);
        return all;
    }

    @Override
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s (%d CSV, %d Parquet file%s, format %s)",
                root,
                csvFiles.size(),
                parquetFiles.size(),
                parquetFiles.size() == 1 ? "" : "s",
                layout.format().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public TransactionStreams read(StreamExecutionEnvironment env) {
        DataStream<Transaction> transactions = null;
        DataStream<DeadLetter> dead = null;
        if (!csvFiles.isEmpty()) {
            FileSource<SourceLine> source =
                    FileSource.forBulkFileFormat(new NumberedLineFormat(), paths(csvFiles))
                            .setFileEnumerator(ByteRangeSplitter.provider(MIN_SPLIT_BYTES))
                            .build();
            SingleOutputStreamOperator<Transaction> parsed =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "CSV transactions")
                            .uid("csv-source")
                            .process(new ParseTransactions(layout))
                            .name("Parse CSV transactions")
                            .uid("parse-csv");
            transactions = parsed;
            dead = parsed.getSideOutput(ParseTransactions.DEAD_LETTERS);
        }
        if (!parquetFiles.isEmpty()) {
            FileSource<ParsedRow> source =
                    FileSource.forBulkFileFormat(
                                    new ParquetTransactionFormat(layout.zone(), layout.returns()),
                                    paths(parquetFiles))
                            .build();
            SingleOutputStreamOperator<Transaction> parsed =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "Parquet transactions")
                            .uid("parquet-source")
                            .process(new SplitParsedRows())
                            .name("Check Parquet transactions")
                            .uid("check-parquet");
            DataStream<DeadLetter> d = parsed.getSideOutput(ParseTransactions.DEAD_LETTERS);
            transactions = transactions == null ? parsed : transactions.union(parsed);
            dead = dead == null ? d : dead.union(d);
        }
        return new TransactionStreams(transactions, dead);
    }

    private static org.apache.flink.core.fs.Path[] paths(List<String> files) {
        return files.stream()
                .map(f -> new org.apache.flink.core.fs.Path(new java.io.File(f).toURI()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
    }
}
