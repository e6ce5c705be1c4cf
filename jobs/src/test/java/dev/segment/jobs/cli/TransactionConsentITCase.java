package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.io.CsvLines;
import dev.segment.common.store.SegmentLedger;
import dev.segment.common.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent stated in a consent column of the transactions, through {@code bin/segment run} on real
 * CDNOW rows and both stores: the newest statement of each customer counts (a withdrawal wins a
 * tie), a withdrawing customer gets the {@code generic} segment in the files and the store and is
 * left out of training and of the CRM export, a statement is recorded once however often a run
 * reads it, and a value that is no consent is a dead letter naming the field.
 */
class TransactionConsentITCase {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @Test
    void consentColumnsOnTheEmbeddedStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        scenario(
                dir,
                List.of("--store-dir", store.toString()),
                () ->
                        DriverManager.getConnection(
                                "jdbc:duckdb:" + store.resolve("segment.duckdb")));
    }

    @Test
    void consentColumnsOnPostgres(@TempDir Path dir) throws Exception {
        String schema = "it_txconsent_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            String url = TestData.postgresUrlInSchema(schema);
            scenario(
                    dir,
                    List.of("--jdbc-url", url),
                    () ->
                            DriverManager.getConnection(
                                    url, TestData.postgresUser(), TestData.postgresPassword()));
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    interface Connect {
        Connection open() throws Exception;
    }

    private static void scenario(Path dir, List<String> storeArgs, Connect connect)
            throws Exception {
        // CDNOW rows as canonical CSV with an empty consent column
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        List<String> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String line : cdnow.subList(0, 4000)) {
            String[] f = line.trim().split("\\s+");
            if (!f[1].matches("\\d{8}")) {
                continue; // the header line
            }
            String d = f[1];
            rows.add(
                    f[0]
                            + ","
                            + d.substring(0, 4)
                            + "-"
                            + d.substring(4, 6)
                            + "-"
                            + d.substring(6)
                            + "T12:00:00Z,"
                            + f[3]
                            + ",");
            if (!ids.contains(f[0])) {
                ids.add(f[0]);
            }
        }
        String header = "customer_id,timestamp,amount,consent";
        Path input1 = dir.resolve("tx1.csv");
        List<String> first = new ArrayList<>(List.of(header));
        first.addAll(rows);
        String granter = ids.get(2);
        String leaver = ids.get(4);
        String changedMind = ids.get(6);
        String tie = ids.get(8);
        first.add(granter + ",1998-01-05T09:00:00Z,10.00,true");
        Files.write(input1, first);
        String out1 = run(input1, dir.resolve("run1"), storeArgs);
        assertTrue(
                out1.contains("consent stated in the transactions: 1 customers (1 granted, 0"),
                out1);
        assertTrue(out1.contains("consent: 1 new statements from the transactions recorded"), out1);
        Map<String, List<String>> assigned1 = csvById(dir.resolve("run1/assignments.csv"));
        assertNotEquals(SegmentLedger.GENERIC, assigned1.get(leaver).get(2));

        // the second delivery: a withdrawal, a change of mind (newest wins), a tie (withdrawal
        // wins), and a value that is no consent
        List<String> second = new ArrayList<>(first);
        second.add(leaver + ",1998-02-01T10:00:00Z,5.00,no");
        second.add(changedMind + ",1998-02-01T10:00:00Z,5.00,withdrawn");
        second.add(changedMind + ",1998-03-01T10:00:00Z,5.00,GRANTED");
        second.add(tie + ",1998-04-01T10:00:00Z,5.00,yes");
        second.add(tie + ",1998-04-01T10:00:00Z,6.00,0");
        second.add(ids.get(10) + ",1998-04-01T10:00:00Z,6.00,maybe");
        Path input2 = dir.resolve("tx2.csv");
        Files.write(input2, second);
        String out2 = run(input2, dir.resolve("run2"), storeArgs);
        assertTrue(
                out2.contains("consent stated in the transactions: 4 customers (2 granted, 2"),
                out2);
        assertTrue(
                out2.contains(
                        "consent: 3 new statements from the transactions recorded (2 customers"
                                + " withdrawn now, 1 granted now)"),
                out2);
        String deadLetters =
                Files.readString(dir.resolve("run2/dead-letters.csv"), StandardCharsets.UTF_8);
        assertTrue(deadLetters.contains("consent 'maybe' is not one of"), deadLetters);
        assertTrue(deadLetters.contains(",consent,"), deadLetters);

        // the files: the withdrawn are generic and no cluster's members
        Map<String, List<String>> assigned = csvById(dir.resolve("run2/assignments.csv"));
        for (String id : List.of(leaver, tie)) {
            assertEquals(SegmentLedger.GENERIC, assigned.get(id).get(2), id);
            assertEquals("", assigned.get(id).get(1), id);
        }
        for (String id : List.of(granter, changedMind)) {
            assertNotEquals(SegmentLedger.GENERIC, assigned.get(id).get(2), id);
        }
        long trained = 0;
        for (List<String> p : csvById(dir.resolve("run2/personas.csv")).values()) {
            trained += Long.parseLong(p.get(2));
        }
        assertEquals(assigned.size() - 2, trained, "the withdrawn are not learnt from");

        // the store: consent recorded with its source, current segments generic
        try (Connection c = connect.open()) {
            Map<String, String> consent =
                    strings(
                            c,
                            "SELECT customer_id, consent FROM customers WHERE consent <> 'unknown'");
            assertEquals(
                    Map.of(
                            granter, "granted",
                            leaver, "withdrawn",
                            changedMind, "granted",
                            tie, "withdrawn"),
                    consent);
            Map<String, String> current =
                    strings(
                            c,
                            "SELECT customer_id, persona FROM segment_assignments WHERE persona = '"
                                    + SegmentLedger.GENERIC
                                    + "'");
            assertEquals(
                    Map.of(leaver, SegmentLedger.GENERIC, tie, SegmentLedger.GENERIC), current);
            assertEquals(
                    "2",
                    strings(
                                    c,
                                    "SELECT customer_id, COUNT(*) FROM segment_history WHERE"
                                            + " customer_id = '"
                                            + leaver
                                            + "' GROUP BY customer_id")
                            .get(leaver),
                    "the leaver's period closed and a generic one opened");
            assertTrue(
                    strings(c, "SELECT DISTINCT source, status FROM consent").keySet().stream()
                            .allMatch(s -> s.startsWith("transactions of run ")));
        }

        // read again: nothing new is recorded, the segments stay
        String out3 = run(input2, dir.resolve("run3"), storeArgs);
        assertFalse(out3.contains("new statements from the transactions recorded"), out3);
        assertTrue(out3.contains(" 0 moved, 0 exited; 2 generic by consent"), out3);

        // the CRM export leaves the withdrawn out
        Path export = dir.resolve("export");
        cli("export", storeArgs, "--date", TODAY, "--out", export.toString());
        Map<String, List<String>> exported = csvById(export.resolve("segments-" + TODAY + ".csv"));
        assertEquals(assigned.size() - 2, exported.size());
        assertFalse(exported.containsKey(leaver));
        assertFalse(exported.containsKey(tie));
        assertTrue(exported.containsKey(changedMind));
    }

    private static Map<String, String> strings(Connection c, String sql) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static String run(Path input, Path out, List<String> storeArgs) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                input.toString(),
                                "--as-of",
                                "1998-06-30",
                                "--k",
                                "4",
                                "--seed",
                                "7",
                                "--out",
                                out.toString(),
                                "--parallelism",
                                "2"));
        args.addAll(storeArgs);
        return CliRun.ok(args.toArray(new String[0]));
    }

    private static String cli(String command, List<String> storeArgs, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(more));
        args.addAll(storeArgs);
        return CliRun.ok(args.toArray(new String[0]));
    }

    /** A CSV file's rows by their first field, header skipped. */
    private static Map<String, List<String>> csvById(Path file) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvLines.split(line);
            out.put(f.get(0), f);
        }
        return out;
    }
}
