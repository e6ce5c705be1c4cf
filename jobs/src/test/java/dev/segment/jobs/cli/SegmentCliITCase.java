package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/segment's commands end to end, in process, with their exit codes (each run on its own
 * embedded mini cluster).
 */
class SegmentCliITCase {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndUsageErrors(@TempDir Path dir) {
        assertEquals(ExitCodes.OK, SegmentCli.execute("--help"));
        assertEquals(
                ExitCodes.USAGE, SegmentCli.execute("rfm"), "missing --transactions and --out");
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        dir.resolve("nope.csv").toString(),
                        "--out",
                        dir.resolve("o.csv").toString(),
                        "--no-store"));
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "run",
                        "--transactions",
                        dir.toString(),
                        "--out",
                        dir.toString(),
                        "--k",
                        "one"));
        assertEquals(ExitCodes.USAGE, SegmentCli.execute("no-such-command"));
        // configuration errors found before the job starts (exit 2, not a failed job)
        String cdnow = TestData.file("cdnow/CDNOW_sample.txt").toString();
        for (String[] bad :
                new String[][] {
                    {"--k", "0"},
                    {"--k-range", "10..2"},
                    {"--k-range", "1..3"},
                    {"--out", "/proc/x/out"},
                    {"--dead-letters", "/proc/x/dead.csv"}
                }) {
            List<String> args =
                    new java.util.ArrayList<>(
                            List.of(
                                    "run",
                                    "--transactions",
                                    cdnow,
                                    "--format",
                                    "cdnow",
                                    "--no-store"));
            if (!bad[0].equals("--out")) {
                args.addAll(List.of("--out", dir.resolve("o").toString()));
            }
            args.addAll(List.of(bad));
            assertEquals(
                    ExitCodes.USAGE,
                    SegmentCli.execute(args.toArray(new String[0])),
                    String.join(" ", bad));
        }
        Path orders = dir.resolve("orders.csv");
        try {
            Files.writeString(orders, "customer_id,order_date,revenue\nC1,2024-01-01,3\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        orders.toString(),
                        "--columns",
                        "timestamp=Date,amount=revenue",
                        "--out",
                        dir.resolve("r.csv").toString(),
                        "--no-store"),
                "--columns naming a column the header lacks");
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        orders.toString(),
                        "--out",
                        "/proc/x/rfm.csv",
                        "--no-store"),
                "--out that cannot be created");
        // the streaming job's state options, before anything connects
        for (String[] bad :
                new String[][] {
                    {"--timers", "disk"},
                    {"--timers", "rocksdb"}, // with the default hashmap state
                    {"--state-backend", "memory"}
                }) {
            List<String> args =
                    new java.util.ArrayList<>(
                            List.of(
                                    "stream",
                                    "--bootstrap-servers",
                                    "127.0.0.1:1",
                                    "--topic",
                                    "t",
                                    "--no-store"));
            args.addAll(List.of(bad));
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            try {
                // a check that is missing would start the job, which waits for a broker forever
                int code =
                        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                                java.time.Duration.ofSeconds(60),
                                () -> SegmentCli.execute(args.toArray(new String[0])),
                                String.join(" ", bad));
                assertEquals(ExitCodes.USAGE, code, String.join(" ", bad));
            } finally {
                System.setErr(originalErr);
            }
            String message = errors.toString(StandardCharsets.UTF_8);
            assertTrue(message.contains(bad[0]), message);
        }
    }

    @Test
    void rejectedShareAboveTheLimitFailsWithExitCodeThreeButLosesNothing(@TempDir Path dir)
            throws Exception {
        Path in = dir.resolve("tx.csv");
        Files.write(
                in,
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,10",
                        "C2,O2,2024-01-02,20",
                        "C3,O3,2024-01-03,oops",
                        "C4,O4,2024-01-04,40",
                        "C5,O5,2024-13-01,50"));
        Path out = dir.resolve("rfm.csv");
        int code =
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        in.toString(),
                        "--as-of",
                        "2024-02-01",
                        "--out",
                        out.toString(),
                        "--no-store",
                        "--parallelism",
                        "2");
        assertEquals(ExitCodes.DATA_QUALITY, code, printed());
        assertTrue(printed().contains("rejected 2 (40.00%)"), printed());
        assertTrue(printed().contains("FAILED quality gate"), printed());
        assertEquals(4, Files.readAllLines(out).size(), "header + 3 customers");
        List<String> dead = Files.readAllLines(dir.resolve("dead-letters.csv"));
        assertEquals(3, dead.size(), "header + 2 rejected rows");
        assertTrue(
                dead.get(1).contains("amount 'oops' is not a number")
                        || dead.get(2).contains("amount 'oops' is not a number"));
        // with a generous limit the same input passes
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        in.toString(),
                        "--as-of",
                        "2024-02-01",
                        "--out",
                        out.toString(),
                        "--no-store",
                        "--max-rejected-share",
                        "0.5"));
    }

    @Test
    void rfmWritesParquetWhenTheOutputEndsInParquet(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rfm.parquet");
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        dev.segment.common.testkit.TestData.file("cdnow/CDNOW_sample.txt")
                                .getParent()
                                .resolve("CDNOW_master.txt")
                                .toString(),
                        "--format",
                        "cdnow",
                        "--definition",
                        "rfm-package",
                        "--as-of",
                        "1998-07-01",
                        "--out",
                        out.toString(),
                        "--no-store"));
        long rows = 0;
        double amount = 0;
        try (org.apache.parquet.hadoop.ParquetReader<org.apache.avro.generic.GenericRecord> r =
                org.apache.parquet.avro.AvroParquetReader
                        .<org.apache.avro.generic.GenericRecord>builder(
                                new org.apache.parquet.io.LocalInputFile(out))
                        .build()) {
            org.apache.avro.generic.GenericRecord g;
            while ((g = r.read()) != null) {
                rows++;
                amount += (Double) g.get("amount");
            }
        }
        // CDNOW_master: 23,570 customers, $2,500,315.63 (data/cdnow/SOURCE.txt)
        assertEquals(23_570, rows);
        assertEquals(2_500_315.63, amount, 0.005);
    }

    @Test
    void generateRunAndQueryTheStore(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "generate",
                        "--customers",
                        "600",
                        "--days",
                        "365",
                        "--seed",
                        "3",
                        "--out",
                        data.toString()));
        assertTrue(
                Files.exists(data.resolve("transactions.parquet"))
                        && Files.exists(data.resolve("truth.csv")));
        String url = "jdbc:duckdb:" + dir.resolve("store/segment.duckdb");
        Path out = dir.resolve("run");
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "run",
                        "--transactions",
                        data.resolve("transactions.parquet").toString(),
                        "--clicks",
                        data.resolve("clicks.jsonl").toString(),
                        "--k",
                        "4",
                        "--out",
                        out.toString(),
                        "--jdbc-url",
                        url,
                        "--run-id",
                        "r1"),
                printed());
        assertTrue(
                Files.exists(out.resolve("model.json"))
                        && Files.exists(out.resolve("personas.csv"))
                        && Files.exists(out.resolve("assignments.csv")));
        assertTrue(printed().contains("persona"), printed());
        // the clicks went through the streaming operators: their sessions and profiles are there
        assertTrue(printed().contains("sessions "), printed());
        assertTrue(
                Files.readAllLines(out.resolve("profiles.csv"))
                                .get(0)
                                .equals(dev.segment.jobs.profiles.LiveProfile.HEADER)
                        && Files.readAllLines(out.resolve("sessions.csv")).size() > 100,
                "sessions.csv and profiles.csv");
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql",
                        "SELECT COUNT(*) AS n FROM run_assignments WHERE run_id = 'r1'",
                        "--jdbc-url",
                        url));
        assertTrue(printed().contains("600"), printed());
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql", "SELECT status FROM runs WHERE run_id = 'r1'", "--jdbc-url", url));
        assertTrue(printed().contains("succeeded"), printed());
        // the effective values, so that the run can be reproduced; every input, clicks included
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql",
                        "SELECT parameters, input_paths FROM runs WHERE run_id = 'r1'",
                        "--format",
                        "json",
                        "--jdbc-url",
                        url));
        for (String expected :
                new String[] {
                    "\\\"as_of_used\\\":\\\"20",
                    "\\\"k_chosen\\\":\\\"4\\\"",
                    "\\\"seed\\\":\\\"42\\\"",
                    "\\\"returns\\\":\\\"net\\\"",
                    "\\\"definition\\\":\\\"classic\\\"",
                    "clicks.jsonl\\\"]"
                }) {
            assertTrue(printed().contains(expected), expected + " in " + printed());
        }
    }

    /**
     * Every row is accounted for: returns excluded by policy are counted apart from rejected rows
     * and do not trip the quality gate; rows after --as-of are counted as ignored; both are in the
     * runs table, and read = accepted + rejected + excluded.
     */
    @Test
    void excludedReturnsAndRowsAfterTheAsOfAreCountedApartAndDoNotTripTheGate(@TempDir Path dir)
            throws Exception {
        Path in = dir.resolve("tx.csv");
        Files.write(
                in,
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,10",
                        "C1,C2,2024-01-02,5",
                        "C2,O3,2024-01-03,-4",
                        "C3,O4,2024-01-05,7",
                        "C3,O5,2024-01-07,oops",
                        "C4,O6,2024-02-01,9"));
        String url = "jdbc:duckdb:" + dir.resolve("store/segment.duckdb");
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        in.toString(),
                        "--out",
                        dir.resolve("out/rfm.csv").toString(),
                        "--returns",
                        "exclude",
                        "--as-of",
                        "2024-01-10",
                        "--max-rejected-share",
                        "0.2",
                        "--jdbc-url",
                        url,
                        "--run-id",
                        "r1"),
                printed());
        assertTrue(
                printed()
                        .contains(
                                "rows read 6 | accepted 3 | rejected 1 (16.67%) | excluded by"
                                        + " policy 2 | of the accepted, 1 dated after the as-of"
                                        + " date are ignored"),
                printed());
        assertTrue(printed().contains("(3 rows: 1 rejected, 2 excluded by policy)"), printed());
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql",
                        "SELECT rows_read, rows_accepted, rows_rejected, rows_excluded,"
                                + " rows_ignored, customers FROM runs WHERE run_id = 'r1'",
                        "--format",
                        "csv",
                        "--jdbc-url",
                        url));
        assertTrue(printed().endsWith("6,3,1,2,1,2\n"), printed());
    }

    /**
     * The quality gate fails `run` and `cluster` with exit code 3 (the literal number a scheduler
     * checks) and records the run as failed with the reason, so nothing that reads succeeded runs
     * picks it up; the outputs are still written.
     */
    @Test
    void qualityGateFailsRunAndClusterWithExitCodeThreeAndAFailedRunsRow(@TempDir Path dir)
            throws Exception {
        List<String> tx = new java.util.ArrayList<>();
        tx.add("customer_id,order_id,timestamp,amount");
        List<String> features = new java.util.ArrayList<>();
        features.add("customer_id,a,b");
        for (int i = 0; i < 40; i++) {
            for (int o = 0; o <= i % 3; o++) {
                tx.add(
                        "C"
                                + i
                                + ",O"
                                + i
                                + "-"
                                + o
                                + ",2024-0"
                                + (1 + i % 9)
                                + "-1"
                                + o
                                + ","
                                + (10 + i * 3 + o));
            }
            features.add("C" + i + "," + (i % 4) + "." + i + "," + (i % 5));
        }
        for (int i = 0; i < 5; i++) {
            tx.add("X" + i + ",Q" + i + ",2024-01-01,not-a-number");
            features.add("Y" + i + ",n/a," + i);
        }
        Files.write(dir.resolve("tx.csv"), tx);
        Files.write(dir.resolve("features.csv"), features);
        String url = "jdbc:duckdb:" + dir.resolve("store/segment.duckdb");
        assertEquals(
                3,
                SegmentCli.execute(
                        "run",
                        "--transactions",
                        dir.resolve("tx.csv").toString(),
                        "--k",
                        "3",
                        "--out",
                        dir.resolve("run").toString(),
                        "--jdbc-url",
                        url,
                        "--run-id",
                        "gate-run"),
                printed());
        assertTrue(Files.exists(dir.resolve("run/assignments.csv")), "outputs are written");
        assertEquals(
                3,
                SegmentCli.execute(
                        "cluster",
                        "--features",
                        dir.resolve("features.csv").toString(),
                        "--k",
                        "3",
                        "--out",
                        dir.resolve("cluster").toString(),
                        "--jdbc-url",
                        url,
                        "--run-id",
                        "gate-cluster"),
                printed());
        // every row rejected: still the gate (3) and a failed run, not a failure inside the job
        Files.write(
                dir.resolve("all-bad.csv"),
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "Z1,Z1,2024-01-01,bad",
                        "Z2,Z2,2024-13-01,5"));
        assertEquals(
                3,
                SegmentCli.execute(
                        "run",
                        "--transactions",
                        dir.resolve("all-bad.csv").toString(),
                        "--k",
                        "3",
                        "--out",
                        dir.resolve("run-all-bad").toString(),
                        "--jdbc-url",
                        url,
                        "--run-id",
                        "gate-run-all-bad"),
                printed());
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql",
                        "SELECT run_id, status, rows_rejected FROM runs WHERE message LIKE"
                                + " '%rejected, above the limit%' ORDER BY run_id",
                        "--format",
                        "csv",
                        "--jdbc-url",
                        url));
        assertEquals(
                "run_id,status,rows_rejected\ngate-cluster,failed,5\ngate-run,failed,5\n"
                        + "gate-run-all-bad,failed,2\n",
                printed().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Re-running a run id with changed values and fewer customers leaves exactly the new rows in
     * every result table (customer_rfm, run_assignments, personas, models), on the embedded store
     * and on PostgreSQL.
     */
    @Test
    void reRunOfARunIdReplacesEveryTableExactlyOnBothStores(@TempDir Path dir) throws Exception {
        String schema = "it_rerun_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String pg = TestData.postgresUrlInSchema(schema);
        try {
            for (String url : List.of("jdbc:duckdb:" + dir.resolve("duck/segment.duckdb"), pg)) {
                Path a = dir.resolve("a.csv");
                Path b = dir.resolve("b.csv");
                Files.write(a, transactions(60, 10));
                Files.write(b, transactions(45, 500));
                for (Path in : List.of(a, b)) {
                    assertEquals(
                            ExitCodes.OK,
                            SegmentCli.execute(
                                    "run",
                                    "--transactions",
                                    in.toString(),
                                    "--k",
                                    "3",
                                    "--out",
                                    dir.resolve("out").toString(),
                                    "--jdbc-url",
                                    url,
                                    "--jdbc-user",
                                    url.startsWith("jdbc:duckdb")
                                            ? "none"
                                            : TestData.postgresUser(),
                                    "--run-id",
                                    "r1"),
                            printed());
                }
                captured.reset();
                assertEquals(
                        ExitCodes.OK,
                        SegmentCli.execute(
                                "sql",
                                "SELECT (SELECT COUNT(*) FROM customer_rfm WHERE run_id = 'r1'),"
                                        + " (SELECT COUNT(*) FROM run_assignments WHERE"
                                        + " run_id = 'r1'), (SELECT COUNT(*) FROM personas WHERE"
                                        + " run_id = 'r1'), (SELECT COUNT(*) FROM models WHERE"
                                        + " run_id = 'r1'), (SELECT MIN(monetary) FROM"
                                        + " customer_rfm WHERE run_id = 'r1')",
                                "--format",
                                "csv",
                                "--jdbc-url",
                                url,
                                "--jdbc-user",
                                url.startsWith("jdbc:duckdb") ? "none" : TestData.postgresUser()));
                String last = printed().strip().lines().reduce((x, y) -> y).orElse("");
                assertEquals(
                        "45,45,3,1,500.00", last.replace(".0,", ".00,"), url + ": " + printed());
            }
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** {@code customers} customers, one to three orders each, the smallest order {@code base}. */
    private static List<String> transactions(int customers, int base) {
        List<String> tx = new java.util.ArrayList<>();
        tx.add("customer_id,order_id,timestamp,amount");
        for (int i = 0; i < customers; i++) {
            for (int o = 0; o <= i % 3; o++) {
                tx.add(
                        "C"
                                + i
                                + ",O"
                                + i
                                + "-"
                                + o
                                + ",2024-0"
                                + (1 + i % 9)
                                + "-1"
                                + o
                                + ","
                                + (base + i * 7 + o));
            }
        }
        return tx;
    }

    /**
     * Identical records (every field equal), also across files read by different tasks, are counted
     * and kept by default (so the numbers equal other RFM tools'), or dropped to the dead letters
     * with --duplicates drop; runs.rows_duplicate records them.
     */
    @Test
    void identicalRecordsAreCountedKeptByDefaultAndDroppedOnRequest(@TempDir Path dir)
            throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.write(
                in.resolve("a.csv"),
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,10",
                        "C2,O2,2024-01-02,20"));
        Files.write(
                in.resolve("b.csv"),
                List.of(
                        "customer_id,order_id,timestamp,amount",
                        "C1,O1,2024-01-01,10",
                        "C3,O3,2024-01-03,30",
                        "C3,O3,2024-01-03,30",
                        "C3,O4,2024-01-03,30"));
        String url = "jdbc:duckdb:" + dir.resolve("store/segment.duckdb");
        for (String mode : List.of("keep", "drop")) {
            captured.reset();
            Path out = dir.resolve(mode + "/rfm.csv");
            assertEquals(
                    ExitCodes.OK,
                    SegmentCli.execute(
                            "rfm",
                            "--transactions",
                            in.toString(),
                            "--out",
                            out.toString(),
                            "--duplicates",
                            mode,
                            "--parallelism",
                            "2",
                            "--jdbc-url",
                            url,
                            "--run-id",
                            mode),
                    printed());
            List<String> rfm = Files.readAllLines(out);
            String c1 = rfm.stream().filter(l -> l.startsWith("C1,")).findFirst().orElseThrow();
            String c3 = rfm.stream().filter(l -> l.startsWith("C3,")).findFirst().orElseThrow();
            List<String> dead = Files.readAllLines(dir.resolve(mode + "/dead-letters.csv"));
            if (mode.equals("keep")) {
                assertTrue(printed().contains("2 identical to an earlier row, kept"), printed());
                assertTrue(c1.contains(",1,20.00,"), c1);
                assertTrue(c3.contains(",2,90.00,"), c3);
                assertEquals(1, dead.size(), "header only");
            } else {
                assertTrue(printed().contains("2 identical to an earlier row, dropped"), printed());
                assertTrue(c1.contains(",1,10.00,"), c1);
                assertTrue(c3.contains(",2,60.00,"), c3);
                assertEquals(3, dead.size(), "header + the two dropped copies");
                assertTrue(dead.get(1).contains("identical to an earlier record"), dead.get(1));
            }
        }
        captured.reset();
        SegmentCli.execute(
                "sql",
                "SELECT run_id, rows_read, rows_accepted, rows_duplicate FROM runs ORDER BY run_id",
                "--format",
                "csv",
                "--jdbc-url",
                url);
        assertTrue(printed().endsWith("drop,6,6,2\nkeep,6,6,2\n"), printed());
    }

    /**
     * Through the CLI: a customer who comes back after more than 180 days is "reactivated" in
     * assignments.csv; a second run into the same folder with another seed finds the previous
     * model.json and keeps every customer's cluster id and every persona name.
     */
    @Test
    void reactivatedCustomersAndStableIdsAcrossSeedsThroughTheCli(@TempDir Path dir)
            throws Exception {
        List<String> tx = new java.util.ArrayList<>();
        tx.add("customer_id,order_id,timestamp,amount");
        java.time.LocalDate asOf = java.time.LocalDate.of(2024, 12, 31);
        for (int i = 0; i < 90; i++) {
            int group = i % 3;
            if (group == 0) { // one small order long ago
                tx.add("A" + i + ",A" + i + "-0," + asOf.minusDays(300 + i) + "," + (8 + i % 5));
            } else if (group == 1) { // frequent, recent, mid-size
                for (int o = 0; o < 6; o++) {
                    tx.add(
                            "B"
                                    + i
                                    + ",B"
                                    + i
                                    + "-"
                                    + o
                                    + ","
                                    + asOf.minusDays(5 + o * 20 + i % 7)
                                    + ","
                                    + (90 + i % 11));
                }
            } else { // two big orders, lapsed
                for (int o = 0; o < 2; o++) {
                    tx.add(
                            "C"
                                    + i
                                    + ",C"
                                    + i
                                    + "-"
                                    + o
                                    + ","
                                    + asOf.minusDays(200 + o * 90 + i)
                                    + ","
                                    + (700 + i * 3));
                }
            }
        }
        // back after 400 days away
        tx.add("R1,R1-0," + asOf.minusDays(420) + ",50");
        tx.add("R1,R1-1," + asOf.minusDays(10) + ",60");
        Path in = dir.resolve("tx.csv");
        Files.write(in, tx);
        Path out = dir.resolve("out");
        for (String seed : List.of("1", "99")) {
            assertEquals(
                    ExitCodes.OK,
                    SegmentCli.execute(
                            "run",
                            "--transactions",
                            in.toString(),
                            "--as-of",
                            asOf.toString(),
                            "--k",
                            "3",
                            "--seed",
                            seed,
                            "--tol",
                            "0",
                            "--max-iter",
                            "300",
                            "--out",
                            out.toString(),
                            "--no-store"),
                    printed());
            Files.copy(
                    out.resolve("assignments.csv"),
                    dir.resolve("assignments-" + seed + ".csv"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    out.resolve("personas.csv"),
                    dir.resolve("personas-" + seed + ".csv"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> first = Files.readAllLines(dir.resolve("assignments-1.csv"));
        String r1 = first.stream().filter(l -> l.startsWith("R1,")).findFirst().orElseThrow();
        assertEquals("reactivated", r1.split(",")[4], r1);
        assertEquals(92, first.size(), "header + 91 customers");
        java.util.function.Function<List<String>, Map<String, String>> idAndPersona =
                lines ->
                        lines.stream()
                                .skip(1)
                                .collect(
                                        java.util.stream.Collectors.toMap(
                                                l -> l.split(",")[0],
                                                l -> l.split(",")[1] + "|" + l.split(",")[2]));
        assertEquals(
                idAndPersona.apply(first),
                idAndPersona.apply(Files.readAllLines(dir.resolve("assignments-99.csv"))),
                "cluster id and persona of every customer, seed 1 vs seed 99");
        assertEquals(
                Files.readAllLines(dir.resolve("personas-1.csv")).stream()
                        .map(l -> l.split(",")[0] + "," + l.split(",")[1])
                        .toList(),
                Files.readAllLines(dir.resolve("personas-99.csv")).stream()
                        .map(l -> l.split(",")[0] + "," + l.split(",")[1])
                        .toList());
    }

    /**
     * The demo is the main job on the bundled CDNOW data: RFM segments and personas printed, every
     * output written, the run recorded as succeeded in the embedded store.
     */
    @Test
    void demoRunsTheWholePipelineOnCdnow(@TempDir Path dir) throws Exception {
        System.setProperty("segment.home", TestData.file("..").toAbsolutePath().toString());
        try {
            assertEquals(
                    ExitCodes.OK,
                    SegmentCli.execute(
                            "demo",
                            "--out",
                            dir.resolve("demo").toString(),
                            "--store-dir",
                            dir.resolve("store").toString()),
                    printed());
        } finally {
            System.clearProperty("segment.home");
        }
        String out = printed();
        assertTrue(out.contains("rows read 69,659 | accepted 69,659"), out);
        assertTrue(out.contains("RFM segments (classic definition):"), out);
        assertTrue(out.contains("Champions          |     2,510"), out);
        assertTrue(out.contains("| persona "), out);
        assertTrue(out.contains("Loyal high spenders"), out);
        for (String f : List.of("assignments.csv", "personas.csv", "model.json", "rfm.csv")) {
            assertTrue(Files.exists(dir.resolve("demo").resolve(f)), f);
        }
        assertEquals(23_571, Files.readAllLines(dir.resolve("demo/assignments.csv")).size());
        captured.reset();
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sql",
                        "SELECT command, status, customers FROM runs",
                        "--format",
                        "csv",
                        "--store-dir",
                        dir.resolve("store").toString()));
        assertEquals("command,status,customers\nrun,succeeded,23570\n", printed());

        // the gate holds for the demo too: a damaged bundled file fails it with exit code 3
        Path home = dir.resolve("damaged");
        Files.createDirectories(home.resolve("data/cdnow"));
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            lines.add(String.format("%05d 19970101 1 %d.00", i, 10 + i));
        }
        lines.add("00041 1997-01-01 1 oops");
        Files.write(home.resolve("data/cdnow/CDNOW_master.txt"), lines);
        System.setProperty("segment.home", home.toString());
        try {
            assertEquals(
                    3,
                    SegmentCli.execute(
                            "demo",
                            "--out",
                            dir.resolve("demo-damaged").toString(),
                            "--store-dir",
                            dir.resolve("store-damaged").toString()),
                    printed());
        } finally {
            System.clearProperty("segment.home");
        }
        captured.reset();
        SegmentCli.execute(
                "sql",
                "SELECT status, rows_rejected FROM runs",
                "--format",
                "csv",
                "--store-dir",
                dir.resolve("store-damaged").toString());
        assertEquals("status,rows_rejected\nfailed,1\n", printed());
    }

    /** `sessions` on the REES46 sample: sessions.csv with the table's columns, a summary. */
    @Test
    void sessionsCommandWritesSessionsCsv(@TempDir Path dir) throws Exception {
        assertEquals(
                ExitCodes.OK,
                SegmentCli.execute(
                        "sessions",
                        "--clicks",
                        TestData.file("rees46/2019-Oct-sample.csv").toString(),
                        "--format",
                        "rees46",
                        "--out",
                        dir.toString()),
                printed());
        List<String> lines = Files.readAllLines(dir.resolve("sessions.csv"));
        assertEquals(dev.segment.jobs.sessions.Session.HEADER, lines.get(0));
        assertEquals(331, lines.size(), "header + 330 sessions");
        assertTrue(
                printed().contains("events read 1,000 | accepted 1,000 | rejected 0"), printed());
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "sessions",
                        "--clicks",
                        dir.toString(),
                        "--gap",
                        "soon",
                        "--out",
                        dir.toString()));
    }

    @Test
    void clickEventsPassTheQualityGateOfSessionsAndRun(@TempDir Path dir) throws Exception {
        // the REES46 sample with every tenth line broken: 10% rejected, above the default 1%
        List<String> lines = Files.readAllLines(TestData.file("rees46/2019-Oct-sample.csv"));
        List<String> broken = new java.util.ArrayList<>(lines.subList(0, 1));
        for (int i = 1; i < lines.size(); i++) {
            broken.add(i % 10 == 0 ? "not,an,event" : lines.get(i));
        }
        Path clicks = dir.resolve("clicks.csv");
        Files.write(clicks, broken);
        List<String> sessions =
                List.of(
                        "sessions",
                        "--clicks",
                        clicks.toString(),
                        "--format",
                        "rees46",
                        "--out",
                        dir.resolve("s").toString());
        assertEquals(ExitCodes.DATA_QUALITY, SegmentCli.execute(sessions.toArray(String[]::new)));
        assertTrue(
                printed().contains("100 of 1,000 click events (10.00%) were rejected"), printed());
        assertTrue(Files.exists(dir.resolve("s/sessions.csv")), "the files are still written");
        List<String> lenient = new java.util.ArrayList<>(sessions);
        lenient.addAll(List.of("--max-rejected-share", "0.2"));
        assertEquals(ExitCodes.OK, SegmentCli.execute(lenient.toArray(String[]::new)));

        // run --clicks: the transactions are clean, the clicks are not
        StringBuilder orders = new StringBuilder("customer_id,timestamp,amount\n");
        for (int c = 0; c < 20; c++) {
            for (int o = 0; o <= c % 4; o++) {
                orders.append(
                        String.format("C%d,2019-0%d-1%dT10:00:00Z,%d%n", c, 1 + o, c % 10, 5 + c));
            }
        }
        Path transactions = dir.resolve("orders.csv");
        Files.writeString(transactions, orders);
        captured.reset();
        assertEquals(
                ExitCodes.DATA_QUALITY,
                SegmentCli.execute(
                        "run",
                        "--transactions",
                        transactions.toString(),
                        "--clicks",
                        clicks.toString(),
                        "--clicks-format",
                        "rees46",
                        "--out",
                        dir.resolve("r").toString(),
                        "--store-dir",
                        dir.resolve("store").toString()),
                printed());
        assertTrue(printed().contains("FAILED quality gate: 100 of 1,000 click events"), printed());
        captured.reset();
        SegmentCli.execute(
                "sql",
                "SELECT status, (SELECT COUNT(*) FROM segment_assignments) AS current FROM runs",
                "--format",
                "csv",
                "--store-dir",
                dir.resolve("store").toString());
        assertEquals("status,current\nfailed,0\n", printed().replace("\r", ""), "not published");
    }
}
