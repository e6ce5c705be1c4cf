package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.model.Channel;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reading real files on a mini cluster with two slots. */
class TransactionFilesITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(2);
        return env;
    }

    private record Run(
            List<Transaction> accepted, List<DeadLetter> dead, InputCounters.Counts counts) {}

    private static Run read(TransactionSource source) throws Exception {
        StreamExecutionEnvironment env = env();
        TransactionStreams s = source.read(env);
        CollectingSink<Transaction> ok = new CollectingSink<>();
        CollectingSink<DeadLetter> bad = new CollectingSink<>();
        s.transactions().sinkTo(ok);
        s.deadLetters().sinkTo(bad);
        JobExecutionResult result = env.execute("read");
        return new Run(ok.results(), bad.results(), InputCounters.Counts.of(result));
    }

    @Test
    void cdnowMasterReadsCompletely() throws Exception {
        Run run =
                read(
                        TransactionFiles.of(
                                TestData.file("cdnow/CDNOW_master.txt"), CsvLayout.cdnow()));
        // Oracle: data/cdnow/SOURCE.txt documents 69,659 rows, 23,570 customers, 167,881 CDs,
        // $2,500,315.63 in CDNOW_master.txt.
        assertEquals(69_659, run.accepted().size());
        assertEquals(0, run.dead().size());
        assertEquals(new InputCounters.Counts(69_659, 69_659, 0), run.counts());
        assertEquals(23_570, run.accepted().stream().map(t -> t.customerId).distinct().count());
        assertEquals(167_881, run.accepted().stream().mapToLong(t -> t.quantity).sum());
        BigDecimal total =
                run.accepted().stream()
                        .map(t -> BigDecimal.valueOf(t.amount))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(new BigDecimal("2500315.63"), total);
        assertEquals(
                69_659,
                run.accepted().stream().map(t -> t.orderId).distinct().count(),
                "one order per row");
    }

    @Test
    void badRowsInSeveralFilesAreTracedToFileLineAndField(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("a.csv"),
                "customer_id,order_id,timestamp,amount\n"
                        + "C1,O1,2024-01-05,10.00\n"
                        + "C2,O2,2024-02-30,5.00\n"
                        + "C3,O3,2024-01-06,ten\n");
        Files.writeString(
                dir.resolve("b.csv"),
                "timestamp,customer_id,amount,channel\n"
                        + "2024-01-07T08:00:00Z,C1,1.50,store\n"
                        + "2024-01-07T08:00:00Z,,1.50,store\n"
                        + "2024-01-07T08:00:00Z,C4,1.50\n"
                        + "\n"
                        + "2024-01-08T08:00:00Z,C5,2.00,online\n");
        Files.writeString(dir.resolve("notes.md"), "ignored: not an input file type\n");
        Run run = read(TransactionFiles.of(dir, CsvLayout.canonical()));
        assertEquals(3, run.accepted().size());
        assertEquals(new InputCounters.Counts(7, 3, 4), run.counts());
        List<String> dead =
                run.dead().stream()
                        .sorted(
                                Comparator.comparing((DeadLetter d) -> d.source)
                                        .thenComparingLong(d -> d.position))
                        .map(
                                d ->
                                        Path.of(d.source).getFileName()
                                                + ":"
                                                + d.position
                                                + ":"
                                                + d.field
                                                + ":"
                                                + d.reason)
                        .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "a.csv:3:timestamp:timestamp '2024-02-30' is not a valid ISO-8601 date or date-time",
                        "a.csv:4:amount:amount 'ten' is not a number",
                        "b.csv:3:customer_id:customer_id is empty",
                        "b.csv:4:null:expected 4 fields but found 3"),
                dead);
        assertEquals(
                "C3,O3,2024-01-06,ten",
                run.dead().stream()
                        .filter(d -> d.position == 4 && d.source.endsWith("a.csv"))
                        .findFirst()
                        .orElseThrow()
                        .original);
        assertEquals(4.0 / 7, run.counts().rejectedShare(), 1e-12);
        assertTrue(run.counts().gateViolation(0.01).contains("4 of 7 rows"));
    }

    @Test
    void parquetRoundTripThroughParquetAvro(@TempDir Path dir) throws Exception {
        List<Transaction> written =
                List.of(
                        tx(
                                "C1",
                                "O1",
                                "2024-03-01T10:00:00Z",
                                12.34,
                                2,
                                "EUR",
                                Channel.ONLINE,
                                "P1",
                                "books"),
                        tx(
                                "C2",
                                "O2",
                                "2024-03-02T23:59:59Z",
                                -5.00,
                                1,
                                null,
                                Channel.STORE,
                                null,
                                null),
                        tx(
                                "C1",
                                "O3",
                                "2024-03-03T00:00:00Z",
                                0.99,
                                1,
                                "EUR",
                                Channel.UNKNOWN,
                                null,
                                "music"));
        try (TransactionParquetWriter w = new TransactionParquetWriter(dir.resolve("t.parquet"))) {
            for (Transaction t : written) {
                w.write(t);
            }
        }
        Run run = read(TransactionFiles.of(dir, CsvLayout.canonical()));
        List<Transaction> read =
                run.accepted().stream()
                        .sorted(Comparator.comparing(t -> t.orderId))
                        .collect(Collectors.toList());
        assertEquals(written, read);
        assertEquals(new InputCounters.Counts(3, 3, 0), run.counts());
    }

    @Test
    void missingPathIsNamedAtBuildTime(@TempDir Path dir) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TransactionFiles.of(dir.resolve("nope.csv"), CsvLayout.canonical()));
        assertTrue(e.getMessage().contains("nope.csv does not exist"), e.getMessage());
        IllegalArgumentException empty =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TransactionFiles.of(dir, CsvLayout.canonical()));
        assertTrue(empty.getMessage().contains("holds no"), empty.getMessage());
    }

    private static Transaction tx(
            String c,
            String o,
            String ts,
            double amount,
            int qty,
            String cur,
            Channel ch,
            String p,
            String cat) {
        long ms = Instant.parse(ts).toEpochMilli();
        int day =
                (int) LocalDate.ofInstant(Instant.parse(ts), java.time.ZoneOffset.UTC).toEpochDay();
        return new Transaction(c, o, ms, day, amount, qty, cur, ch, p, cat);
    }

    /**
     * RFC 4180 records with commas, doubled quotes and line breaks (LF and CRLF) inside quoted
     * fields, in a file cut into byte ranges of 97 bytes, so that many ranges start inside a quoted
     * line break: every record is read exactly once, whole, with the line it starts on.
     */
    @Test
    void quotedLineBreaksAreOneRecordEvenWhereASplitStartsInsideThem(@TempDir Path dir)
            throws Exception {
        StringBuilder csv = new StringBuilder("customer_id,timestamp,amount,category\n");
        java.util.Map<String, String> expected = new java.util.HashMap<>();
        java.util.Map<String, Long> startLine = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(7);
        long line = 2;
        for (int i = 0; i < 1_500; i++) {
            String category;
            String written;
            switch (i % 5) {
                case 0 -> {
                    category = "Books, Music";
                    written = "\"Books, Music\"";
                }
                case 1 -> {
                    category = "He said \"hi\"\nand left,\nC9,2024-01-01,1.00,x";
                    written = "\"He said \"\"hi\"\"\nand left,\nC9,2024-01-01,1.00,x\"";
                }
                case 2 -> {
                    category = "line one\r\nline two";
                    written = "\"line one\r\nline two\"";
                }
                case 3 -> {
                    category = "12\" vinyl";
                    written = "12\" vinyl"; // a stray quote inside an unquoted value is text
                }
                default -> {
                    category = "plain" + random.nextInt(1000);
                    written = category;
                }
            }
            String id = "C" + i;
            expected.put(id, category);
            startLine.put(id, line);
            csv.append(id).append(",2024-01-0").append(1 + i % 9).append(",1.00,");
            csv.append(written).append(i % 7 == 0 ? "\r\n" : "\n");
            line += 1 + written.chars().filter(c -> c == '\n').count();
        }
        Path file = dir.resolve("quoted.csv");
        Files.writeString(file, csv.toString());
        Run run = read(TransactionFiles.of(file, CsvLayout.canonical()).withMinSplitBytes(97));
        assertEquals(List.of(), run.dead());
        assertEquals(new InputCounters.Counts(1_500, 1_500, 0), run.counts());
        java.util.Map<String, String> got = new java.util.HashMap<>();
        for (Transaction t : run.accepted()) {
            got.put(t.customerId, t.category);
            assertEquals(
                    "quoted.csv#" + startLine.get(t.customerId),
                    t.orderId,
                    "the record's first line names it");
        }
        assertEquals(expected, got);
    }

    @Test
    void anUnterminatedQuoteIsADeadLetterNeverAValue(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("open.csv");
        Files.writeString(
                file,
                "customer_id,order_id,timestamp,amount\n"
                        + "C1,O1,2024-01-01,10.00\n"
                        + "C2,O2,2024-01-02,\"7.00\"x\n"
                        + "C3,O3,2024-01-03,\"10.00\n");
        Run run = read(TransactionFiles.of(file, CsvLayout.canonical()));
        assertEquals(new InputCounters.Counts(3, 1, 2), run.counts());
        assertEquals("C1", run.accepted().get(0).customerId);
        List<String> reasons =
                run.dead().stream()
                        .sorted(Comparator.comparingLong(d -> d.position))
                        .map(d -> d.position + ":" + d.field + ":" + d.reason)
                        .toList();
        assertEquals(
                List.of(
                        "3:amount:text after the closing quote of a quoted field at character 18",
                        "4:amount:unterminated quoted field (the quote at character 18 is never"
                                + " closed)"),
                reasons);
    }

    @Test
    void invalidBytesInTheEncodingAreDeadLettersAndEncodingOptionReadsLatin1(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("latin1.csv");
        Files.write(
                file,
                "customer_id,order_id,timestamp,amount\nJosé,O1,2024-01-01,1.00\nJosè,O2,2024-01-02,2.00\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Run utf8 = read(TransactionFiles.of(file, CsvLayout.canonical()));
        assertEquals(new InputCounters.Counts(2, 0, 2), utf8.counts());
        assertTrue(
                utf8.dead().get(0).reason.startsWith("invalid UTF-8 bytes at byte 4"),
                utf8.dead().get(0).reason);
        Run latin1 =
                read(TransactionFiles.of(file, CsvLayout.canonical().withEncoding("ISO-8859-1")));
        assertEquals(
                java.util.Set.of("José", "Josè"),
                latin1.accepted().stream().map(t -> t.customerId).collect(Collectors.toSet()));
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvLayout.canonical().withEncoding("UTF-16").validate(),
                "not ASCII-compatible");
    }

    @Test
    void gzipIsReadEmptyAndUnknownFilesAreListedAndAnEmptyInputIsAnError(@TempDir Path dir)
            throws Exception {
        try (var out =
                new java.util.zip.GZIPOutputStream(
                        Files.newOutputStream(dir.resolve("a.csv.gz")))) {
            out.write(
                    "customer_id,order_id,timestamp,amount\nG1,O1,2024-01-01,3.00\nG2,O2,2024-01-02,4.00\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("empty.csv"), "");
        Files.writeString(dir.resolve("readme.md"), "# not data\n");
        TransactionFiles files = TransactionFiles.of(dir, CsvLayout.canonical());
        assertEquals(
                List.of("empty.csv: empty", "readme.md: not a transaction file"),
                files.skipped().stream()
                        .map(
                                s ->
                                        Path.of(s.file()).getFileName()
                                                + ": "
                                                + s.reason().replaceAll(" \\(.*", ""))
                        .toList());
        Run run = read(files);
        assertEquals(new InputCounters.Counts(2, 2, 0), run.counts());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TransactionFiles.of(dir.resolve("empty.csv"), CsvLayout.canonical()));
        assertTrue(e.getMessage().contains("empty.csv is empty"), e.getMessage());
    }

    @Test
    void aColumnsMappingTheHeaderLacksIsFoundBeforeTheJob(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "CustomerID,ts,amount\nC1,2024-01-01,1\n");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TransactionFiles.of(
                                                file,
                                                CsvLayout.canonical()
                                                        .withColumns(
                                                                "customer_id=CustomerID,timestamp=Date"))
                                        .checkHeaders());
        assertTrue(e.getMessage().contains("no column 'Date' for timestamp"), e.getMessage());
    }

    /**
     * Parquet written by another writer: DuckDB's own Parquet writer (timestamps as INT64 TIMESTAMP
     * in microseconds, its own encodings and row groups) must be read with the same values DuckDB
     * holds.
     */
    @Test
    void parquetWrittenByDuckDbIsReadRight(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("duck.parquet");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement st = c.createStatement()) {
            st.execute(
                    "COPY (SELECT 'C' || (i % 50) AS customer_id, 'O' || i AS order_id,"
                            + " TIMESTAMPTZ '2024-03-01 10:15:30+00' + INTERVAL (i) HOUR AS"
                            + " \"timestamp\", CAST(i AS DOUBLE) / 4 AS amount, CAST(1 + i % 3 AS"
                            + " INTEGER) AS quantity, 'EUR' AS currency, CASE WHEN i % 2 = 0"
                            + " THEN 'online' ELSE 'store' END AS channel, NULL::VARCHAR AS"
                            + " product_id, 'cat' || (i % 4) AS category FROM range(1000) t(i))"
                            + " TO '"
                            + file
                            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 300)");
        }
        Run run = read(TransactionFiles.of(file, CsvLayout.canonical()));
        assertEquals(List.of(), run.dead());
        assertEquals(new InputCounters.Counts(1_000, 1_000, 0), run.counts());
        Transaction t =
                run.accepted().stream()
                        .filter(x -> x.orderId.equals("O999"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("C49", t.customerId);
        assertEquals(
                Instant.parse("2024-03-01T10:15:30Z").plusSeconds(999L * 3600).toEpochMilli(),
                t.timestampMillis,
                "the instant DuckDB wrote, not micros read as millis");
        assertEquals(999 / 4.0, t.amount);
        assertEquals(1, t.quantity);
        assertEquals("EUR", t.currency);
        assertEquals(Channel.STORE, t.channel);
        assertEquals("cat3", t.category);
        assertEquals(
                1_000 * 999 / 2 / 4.0, run.accepted().stream().mapToDouble(x -> x.amount).sum());
    }

    /** Bad records in a Parquet file go to the dead letters with record number and reason. */
    @Test
    void badParquetRecordsAreDeadLettersWithTheirRecordNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.parquet");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement st = c.createStatement()) {
            st.execute(
                    "COPY (SELECT * FROM (VALUES"
                            + " (1, 'C1', 'O1', TIMESTAMP '2024-01-01 10:00:00', 10.0, 'online'),"
                            + " (2, '', 'O2', TIMESTAMP '2024-01-02 10:00:00', 20.0, 'online'),"
                            + " (3, 'C3', 'O3', NULL, 30.0, 'store'),"
                            + " (4, 'C4', 'O4', TIMESTAMP '2024-01-04 10:00:00', 'NaN'::DOUBLE,"
                            + " 'store'),"
                            + " (5, 'C5', 'O5', TIMESTAMP '2024-01-05 10:00:00', 1e12, 'store'),"
                            + " (6, 'C6', 'O6', TIMESTAMP '2024-01-06 10:00:00', 6.0, 'pigeon'),"
                            + " (7, 'C7', 'O7', TIMESTAMP '2024-01-07 10:00:00', 7.0, NULL))"
                            + " AS t(n, customer_id, order_id, \"timestamp\", amount, channel)"
                            + " ORDER BY n) TO '"
                            + file
                            + "' (FORMAT PARQUET)");
        }
        Run run = read(TransactionFiles.of(file, CsvLayout.canonical()));
        assertEquals(new InputCounters.Counts(7, 2, 5), run.counts());
        assertEquals(
                java.util.Set.of("C1", "C7"),
                run.accepted().stream().map(t -> t.customerId).collect(Collectors.toSet()));
        List<String> dead =
                run.dead().stream()
                        .sorted(Comparator.comparingLong(d -> d.position))
                        .map(d -> d.position + ":" + d.field)
                        .toList();
        assertEquals(
                List.of("2:customer_id", "3:timestamp", "4:amount", "5:amount", "6:channel"), dead);
        assertTrue(
                run.dead().stream()
                        .allMatch(d -> d.source.endsWith("bad.parquet") && d.original != null));
        // a file without a required column is refused before any job starts, naming it
        Path noAmount = dir.resolve("sub/no-amount.parquet");
        Files.createDirectories(noAmount.getParent());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement st = c.createStatement()) {
            st.execute(
                    "COPY (SELECT 'C1' AS customer_id, TIMESTAMP '2024-01-01' AS \"timestamp\")"
                            + " TO '"
                            + noAmount
                            + "' (FORMAT PARQUET)");
        }
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TransactionFiles.of(noAmount, CsvLayout.canonical()).checkHeaders());
        assertTrue(e.getMessage().contains("no column 'amount'"), e.getMessage());
    }
}
