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
 * Transactions from files: one file or a directory of {@code *.csv}, {@code *.txt}, {@code *.tsv}
 * (CSV in the configured layout, optionally gzipped as {@code *.csv.gz}) and {@code *.parquet}
 * (canonical Avro schema) files, read with Flink's {@link FileSource}. Files are checked when the
 * job is built, so a wrong path fails at once with its name rather than inside a running job. An
 * empty file given directly is an error; in a directory it is skipped, and every file of a
 * directory that is not read is listed by {@link #skipped()} with the reason.
 */
public final class TransactionFiles implements TransactionSource {
    private static final long serialVersionUID = 1L;

    /** Smallest byte range one reader gets; smaller files are read whole. */
    static final long MIN_SPLIT_BYTES = 16L << 20;

    private final String root;
    private final CsvLayout layout;
    private final List<String> csvFiles;
    private final List<String> parquetFiles;
    private final List<Skipped> skipped;
    private long minSplitBytes = MIN_SPLIT_BYTES;

    /** A file of a directory input that is not read, and why. */
    public record Skipped(String file, String reason) implements java.io.Serializable {}

    private TransactionFiles(
            String root,
            CsvLayout layout,
            List<String> csv,
            List<String> parquet,
            List<Skipped> skipped) {
        this.root = root;
        this.layout = layout;
        this.csvFiles = csv;
        this.parquetFiles = parquet;
        this.skipped = List.copyOf(skipped);
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
        List<Skipped> skipped = new ArrayList<>();
        if (Files.isDirectory(path)) {
            List<Path> entries;
            try (Stream<Path> s = Files.list(path)) {
                entries = s.sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path, e);
            }
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String why = null;
                if (name.startsWith(".") || name.startsWith("_")) {
                    why = "hidden or marker file";
                } else if (Files.isDirectory(p)) {
                    why = "a directory (sub-directories are not read)";
                } else if (!Files.isRegularFile(p)) {
                    why = "not a regular file";
                } else if (kind(p) == null) {
                    why = "not a transaction file (" + EXTENSIONS + ")";
                } else if (!Files.isReadable(p)) {
                    why = "not readable";
                } else if (size(p) == 0) {
                    why = "empty (0 bytes)";
                }
                if (why == null) {
                    files.add(p);
                } else {
                    skipped.add(new Skipped(p.toString(), why));
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException(
                        "--transactions "
                                + path
                                + " holds no non-empty "
                                + EXTENSIONS
                                + " files"
                                + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)"));
            }
        } else {
            if (kind(path) == null) {
                throw new IllegalArgumentException(
                        "--transactions "
                                + path
                                + ": unknown file type (expected "
                                + EXTENSIONS
                                + ")");
            }
            if (size(path) == 0) {
                throw new IllegalArgumentException(
                        "--transactions " + path + " is empty (0 bytes): nothing to read");
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
        return new TransactionFiles(path.toString(), layout, csv, parquet, skipped);
    }

    /** The file names read, for messages. */
    static final String EXTENSIONS = "*.csv, *.txt, *.tsv, their .gz, *.parquet";

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + p, e);
        }
    }

    private static String kind(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".parquet")) {
            return "parquet";
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".tsv")) {
            return "csv";
        }
        return null;
    }

    /** Smaller byte ranges than the default, so that tests can cut small files into many splits. */
    public TransactionFiles withMinSplitBytes(long bytes) {
        this.minSplitBytes = bytes;
        return this;
    }

    @Override
    public DuplicatePolicy duplicates() {
        return layout.duplicates();
    }

    /** Files of a directory input that are not read, with the reason; empty for a file input. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /**
     * Checks the header of every canonical CSV file against the layout before a job starts, so that
     * a {@code --columns} mapping naming a column a header lacks is a configuration error (exit 2)
     * rather than a failure inside the job.
     *
     * @throws IllegalArgumentException naming the file and the missing column
     */
    public TransactionFiles checkHeaders() {
        for (String f : parquetFiles) {
            try {
                ParquetTransactionFormat.checkColumns(Path.of(f));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        f + " is not a readable Parquet file: " + e.getMessage(), e);
            }
        }
        if (layout.format() != CsvLayout.Format.CANONICAL) {
            return this;
        }
        for (String f : csvFiles) {
            String first = firstRecord(Path.of(f));
            TransactionCsvParser.forFile(layout, f).acceptHeaderContext(first);
        }
        return this;
    }

    private String firstRecord(Path file) {
        try (java.io.InputStream raw = Files.newInputStream(file);
                java.io.InputStream in =
                        file.toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                                ? new java.util.zip.GZIPInputStream(raw)
                                : raw) {
            byte[] b = in.readNBytes(1 << 16);
            CsvRecordScanner s = new CsvRecordScanner(true, layout.delimiter());
            int nl = s.recordEnd(b, 0, b.length);
            int end = nl >= 0 ? nl : b.length;
            if (end > 0 && b[end - 1] == '\r') {
                end--;
            }
            return new String(b, 0, end, layout.charset());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + file, e);
        }
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
            SingleOutputStreamOperator<Transaction> parsed =
                    csvSource(env, NumberedLineFormat.of(layout))
                            .process(new ParseTransactions(layout))
                            .name("Parse CSV transactions")
                            .uid("parse-csv");
            transactions = parsed;
            dead = parsed.getSideOutput(ParseTransactions.DEAD_LETTERS);
        }
        TransactionStreams parquet = readParquet(env);
        if (parquet != null) {
            transactions =
                    transactions == null
                            ? parquet.transactions()
                            : transactions.union(parquet.transactions());
            dead = dead == null ? parquet.deadLetters() : dead.union(parquet.deadLetters());
        }
        return new TransactionStreams(transactions, dead);
    }

    /**
     * The input unparsed where it is CSV, for readers that parse bytes in place ({@link
     * BlockParser}): the CSV files as blocks of records, the Parquet files as transactions.
     *
     * @param csv record blocks of the CSV files, null when there are none
     * @param parquet transactions and dead letters of the Parquet files, null when there are none
     */
    public record Unparsed(DataStream<RecordBlock> csv, TransactionStreams parquet) {}

    /** Adds the readers to {@code env} without parsing the CSV files; see {@link Unparsed}. */
    public Unparsed readUnparsed(StreamExecutionEnvironment env) {
        DataStream<RecordBlock> blocks =
                csvFiles.isEmpty() ? null : csvSource(env, NumberedLineFormat.Blocks.of(layout));
        return new Unparsed(blocks, readParquet(env));
    }

    // the CSV files read in byte ranges by every reader, whatever each record becomes
    private <T> SingleOutputStreamOperator<T> csvSource(
            StreamExecutionEnvironment env,
            org.apache.flink.connector.file.src.reader.BulkFormat<
                            T, org.apache.flink.connector.file.src.FileSourceSplit>
                    format) {
        FileSource<T> source =
                FileSource.forBulkFileFormat(format, paths(csvFiles))
                        .setFileEnumerator(ByteRangeSplitter.provider(minSplitBytes))
                        .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "CSV transactions")
                .uid("csv-source");
    }

    /** The layout the CSV files are read in. */
    public CsvLayout layout() {
        return layout;
    }

    private TransactionStreams readParquet(StreamExecutionEnvironment env) {
        if (parquetFiles.isEmpty()) {
            return null;
        }
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
        return new TransactionStreams(parsed, parsed.getSideOutput(ParseTransactions.DEAD_LETTERS));
    }

    private static org.apache.flink.core.fs.Path[] paths(List<String> files) {
        return files.stream()
                .map(f -> new org.apache.flink.core.fs.Path(new java.io.File(f).toURI()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
    }
}
