package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.io.CsvLines;
import dev.segment.common.store.RunRegistry;
import dev.segment.common.store.SegmentLedger;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.testkit.StoreScan;
import dev.segment.common.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly CRM export with consent and erasure, through {@code bin/segment}'s commands on real
 * runs of CDNOW data (both stores), and the export's changes between two dates on a store whose
 * publications happened at known instants.
 */
class ExportITCase {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @Test
    void consentAndErasureReachTheStoreAndTheExportOnTheEmbeddedStore(@TempDir Path dir)
            throws Exception {
        Path store = dir.resolve("store");
        endToEnd(
                dir,
                List.of("--store-dir", store.toString()),
                () ->
                        DriverManager.getConnection(
                                "jdbc:duckdb:" + store.resolve("segment.duckdb")));
    }

    @Test
    void consentAndErasureReachTheStoreAndTheExportOnPostgres(@TempDir Path dir) throws Exception {
        String schema = "it_export_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            String url = TestData.postgresUrlInSchema(schema);
            endToEnd(
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

    private static void endToEnd(Path dir, List<String> storeArgs, Connect connect)
            throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path input = dir.resolve("cdnow.txt");
        Files.write(input, cdnow.subList(0, 4000), StandardCharsets.ISO_8859_1);
        String first = run(input, dir.resolve("run1"), storeArgs);
        Map<String, List<String>> assigned = csvById(dir.resolve("run1/assignments.csv"));
        int customers = assigned.size();
        assertTrue(
                first.contains(
                        String.format(
                                "segments: %,d customers current (%,d entered, 0 moved, 0 exited",
                                customers, customers)),
                first);
        List<String> ids = new ArrayList<>(assigned.keySet());
        String withdrawn = ids.get(3);
        String granted = ids.get(5);
        String erased = ids.get(7);

        Path before = dir.resolve("export0");
        cli("export", storeArgs, "--date", TODAY, "--out", before.toString());
        assertEquals(customers, csvById(before.resolve("segments-" + TODAY + ".csv")).size());

        Path consent = dir.resolve("consent.csv");
        Files.write(
                consent,
                List.of(
                        "customer_id,consent,changed_at,note",
                        withdrawn + ",granted,2025-01-01,first",
                        withdrawn + ",withdrawn,2025-06-01T10:00:00Z,then",
                        granted + ",true,2025-06-01,ok"));
        String out = cli("consent", storeArgs, "--file", consent.toString());
        assertTrue(out.contains("3 changes recorded"), out);
        assertTrue(out.contains("1 customers withdrew"), out);
        String twice = cli("consent", storeArgs, "--file", consent.toString());
        assertTrue(
                twice.contains("3 lines read: 0 changes recorded, 3 already recorded, 0"), twice);

        out = cli("forget", storeArgs, "--customer", erased);
        assertTrue(out.contains("1 erased"), out);
        assertFalse(out.contains(erased + " "), "the id is not printed");
        try (Connection c = connect.open()) {
            assertEquals(List.of(), StoreScan.whereFound(c, erased, true));
        }

        // a second run over the same input: the erased customer stays out, the withdrawn one is
        // generic. Neither is learnt from or ranked any more, so others may move (the ranks and
        // the clusters are of a population without them)
        String second = run(input, dir.resolve("run2"), storeArgs);
        java.util.regex.Matcher summary =
                java.util.regex.Pattern.compile(
                                String.format(
                                        "segments: %,d customers current \\(0 entered, ([0-9,]+)"
                                                + " moved, 0 exited; 1 generic by consent, 1 erased"
                                                + " left out\\)",
                                        customers - 1))
                        .matcher(second);
        assertTrue(summary.find(), second);
        try (Connection c = connect.open()) {
            assertEquals(List.of(), StoreScan.whereFound(c, erased, true));
        }
        // the run's own files too: the erased customer is in none, the withdrawn one is generic
        assertTrue(second.contains("erased customers left out: 1"), second);
        Map<String, List<String>> again = csvById(dir.resolve("run2/assignments.csv"));
        assertEquals(customers - 1, again.size());
        assertFalse(again.containsKey(erased), "erased, yet in assignments.csv");
        assertEquals(
                SegmentLedger.GENERIC,
                again.get(withdrawn).get(2),
                again.get(withdrawn).toString());
        assertFalse(
                csvById(dir.resolve("run2/rfm.csv")).containsKey(erased), "erased, yet in rfm.csv");
        clickFilesLeaveOutErasedAndWithdrawn(dir, input, storeArgs, erased, withdrawn, granted);
        // re-running the first run's id would rewrite the history the second built on: refused
        java.util.regex.Matcher firstId =
                java.util.regex.Pattern.compile(", run (\\S+) \\(tables").matcher(first);
        assertTrue(firstId.find(), first);
        List<String> rerun =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                input.toString(),
                                "--format",
                                "cdnow",
                                "--out",
                                dir.resolve("rerun").toString(),
                                "--run-id",
                                firstId.group(1)));
        rerun.addAll(storeArgs);
        assertEquals(ExitCodes.USAGE, SegmentCli.execute(rerun.toArray(new String[0])));

        Path a = dir.resolve("exportA");
        Path b = dir.resolve("exportB");
        for (Path p : List.of(a, b)) {
            cli("export", storeArgs, "--date", TODAY, "--out", p.toString());
            cli("export", storeArgs, "--date", TODAY, "--out", p.toString(), "--format", "parquet");
        }
        Map<String, List<String>> snapshot = csvById(a.resolve("segments-" + TODAY + ".csv"));
        assertEquals(customers - 2, snapshot.size(), "neither the withdrawn nor the erased one");
        assertFalse(snapshot.containsKey(withdrawn));
        assertFalse(snapshot.containsKey(erased));
        assertTrue(snapshot.containsKey(granted));
        for (String id : snapshot.keySet()) {
            // today's snapshot instant is that of its first export (export0, before the second
            // run): the first run's personas
            assertEquals(assigned.get(id).get(2), snapshot.get(id).get(1), id);
        }
        assertEquals(
                snapshot,
                parquetById(a.resolve("segments-" + TODAY + ".parquet")),
                "parquet holds the csv's rows");
        for (String f :
                List.of(
                        "segments-" + TODAY + ".csv",
                        "changes-" + TODAY + ".csv",
                        "segments-" + TODAY + ".parquet",
                        "changes-" + TODAY + ".parquet",
                        "manifest-" + TODAY + ".json")) {
            assertArrayEquals(
                    Files.readAllBytes(a.resolve(f)),
                    Files.readAllBytes(b.resolve(f)),
                    f + " is the same when exported again");
        }
        JsonNode manifest =
                new ObjectMapper().readTree(a.resolve("manifest-" + TODAY + ".json").toFile());
        assertEquals(customers - 2, manifest.get("files").get(0).get("rows").asLong());
        assertEquals(
                sha256(a.resolve("segments-" + TODAY + ".parquet")),
                manifest.get("files").get(0).get("sha256").asText());
        assertEquals(1, manifest.get("runs").size(), "today's snapshot: the first run's periods");
        assertNotEquals(
                sha256(before.resolve("segments-" + TODAY + ".csv")),
                sha256(a.resolve("segments-" + TODAY + ".csv")));

        // no file of either export names the erased customer (snapshot, changes, manifest);
        // the export before the erasure does, so the scan can find the id
        assertFalse(exportFilesNaming(erased, before).isEmpty(), "the scan finds ids");
        assertEquals(List.of(), exportFilesNaming(erased, a, b));

        out = cli("forget", storeArgs, "--customer", erased);
        assertTrue(out.contains("1 already erased"), out);

        // cluster and rfm read the store's erasures and consent too
        Path features = dir.resolve("features.csv");
        List<String> table = new ArrayList<>(List.of("customer_id,a,b"));
        int i = 0;
        for (String id : assigned.keySet()) {
            table.add(id + "," + (i % 7) + "," + (i * 13 % 11));
            i++;
        }
        Files.write(features, table);
        String clustered =
                cli(
                        "cluster",
                        storeArgs,
                        "--features",
                        features.toString(),
                        "--k",
                        "3",
                        "--out",
                        dir.resolve("cluster").toString());
        assertTrue(clustered.contains("erased customers left out: 1"), clustered);
        Map<String, List<String>> byCluster = csvById(dir.resolve("cluster/assignments.csv"));
        assertEquals(customers - 1, byCluster.size());
        assertFalse(byCluster.containsKey(erased), "erased, yet clustered");
        assertEquals(SegmentLedger.GENERIC, byCluster.get(withdrawn).get(2));
        String scored =
                cli(
                        "rfm",
                        storeArgs,
                        "--transactions",
                        input.toString(),
                        "--format",
                        "cdnow",
                        "--as-of",
                        "1998-06-30",
                        "--out",
                        dir.resolve("rfm/rfm.csv").toString());
        assertTrue(scored.contains("erased customers left out: 1"), scored);
        assertFalse(csvById(dir.resolve("rfm/rfm.csv")).containsKey(erased), "erased, yet scored");

        // forget --file: ids from a CSV's customer_id column (not the first here); the erased
        // one again, one in the store and one the store never saw
        String alsoErased = ids.get(9);
        assertTrue(snapshot.containsKey(alsoErased), "in the exports before");
        Path idFile = dir.resolve("forget.csv");
        Files.write(
                idFile,
                List.of("note,customer_id", "again," + erased, "new," + alsoErased, "x,nobody-x"));
        out = cli("forget", storeArgs, "--file", idFile.toString());
        assertTrue(
                out.contains(
                        "3 customer(s): 1 erased, 1 not in the store (audited, kept out of later"
                                + " runs), 1 already erased"),
                out);
        assertFalse(out.contains(alsoErased), "the id is not printed");
        try (Connection c = connect.open()) {
            assertEquals(List.of(), StoreScan.whereFound(c, alsoErased, true));
        }
        // the same date exported again leaves them out, in every file and format
        Path later = dir.resolve("exportLater");
        cli("export", storeArgs, "--date", TODAY, "--out", later.toString());
        cli("export", storeArgs, "--date", TODAY, "--out", later.toString(), "--format", "parquet");
        assertEquals(
                customers - 3,
                csvById(later.resolve("segments-" + TODAY + ".csv")).size(),
                "neither the withdrawn nor the two erased ones");
        assertEquals(List.of(), exportFilesNaming(erased, later));
        assertEquals(List.of(), exportFilesNaming(alsoErased, later));
    }

    /**
     * The files of the export folders that contain {@code id}: text files as text, Parquet files by
     * every value of every row.
     */
    private static List<String> exportFilesNaming(String id, Path... folders) throws Exception {
        List<String> found = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> files;
            try (var list = Files.list(folder)) {
                files = list.sorted().toList();
            }
            assertTrue(files.size() >= 3, folder + ": " + files);
            for (Path f : files) {
                String text;
                if (f.toString().endsWith(".parquet")) {
                    StringBuilder rows = new StringBuilder();
                    try (ParquetReader<GenericRecord> r =
                            AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f))
                                    .build()) {
                        GenericRecord g;
                        while ((g = r.read()) != null) {
                            rows.append(g).append('\n');
                        }
                    }
                    text = rows.toString();
                } else {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                }
                // the id as a whole value: CDNOW's ids are numbers, and one may be part of another
                if (java.util.regex.Pattern.compile(
                                "(?<![0-9A-Za-z_.-])"
                                        + java.util.regex.Pattern.quote(id)
                                        + "(?![0-9A-Za-z_.-])")
                        .matcher(text)
                        .find()) {
                    found.add(f.toString());
                }
            }
        }
        return found;
    }

    @Test
    void changesBetweenTwoExportDates(@TempDir Path dir) throws Exception {
        StoreConfig config = StoreConfig.embedded(dir.resolve("store"));
        Store.migrate(config);
        RunRegistry runs = new RunRegistry(config, "test");
        List<String> storeArgs = List.of("--store-dir", dir.resolve("store").toString());
        Object[][] day1 = {
            {"c1", 1, "Loyal"}, {"c2", 1, "Loyal"}, {"c3", 2, "Drifting"}, {"c4", 2, "Drifting"}
        };
        Object[][] day2 = {
            {"c1", 1, "Loyal"}, {"c2", 2, "Drifting"}, {"c3", 2, "Drifting"}, {"c5", 3, "New"}
        };
        // c3 declines before the first run and grants again between the two: the first file
        // leaves c3 out, so to a CRM reading only changes c3 enters with the second
        consent(config, "c3", false, Instant.parse("2026-03-01T10:00:00Z"));
        publish(config, runs, "d1", day1, Instant.parse("2026-03-01T22:00:00Z"));
        consent(config, "c3", true, Instant.parse("2026-03-02T01:00:00Z"));
        publish(config, runs, "d2", day2, Instant.parse("2026-03-02T05:00:00Z"));

        Path out = dir.resolve("exports");
        cli("export", storeArgs, "--date", "2026-02-28", "--out", out.toString());
        assertEquals(0, csvById(out.resolve("segments-2026-02-28.csv")).size());
        cli("export", storeArgs, "--date", "2026-03-01", "--out", out.toString());
        assertEquals(
                Set.of("c1", "c2", "c4"), csvById(out.resolve("segments-2026-03-01.csv")).keySet());
        String text = cli("export", storeArgs, "--date", "2026-03-02", "--out", out.toString());
        assertTrue(
                text.contains("4 changes since 2026-03-01 (2 entered, 1 moved, 1 exited)"), text);
        Map<String, List<String>> changes = csvById(out.resolve("changes-2026-03-02.csv"));
        assertEquals(
                "entered,Drifting,2,,,,2026-03-02T05:00:00Z,,,,,",
                String.join(",", changes.get("c3").subList(1, 13)));
        assertEquals(
                "entered,New,3,,,,2026-03-02T05:00:00Z,,,,,",
                String.join(",", changes.get("c5").subList(1, 13)));
        assertEquals(
                "moved,Drifting,2,,,,2026-03-02T05:00:00Z,Loyal,1,,,",
                String.join(",", changes.get("c2").subList(1, 13)));
        assertEquals(
                "exited,,,,,,,Drifting,2,,,", String.join(",", changes.get("c4").subList(1, 13)));
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest-2026-03-02.json").toFile());
        assertEquals("2026-03-01", manifest.get("previous_export_date").asText());
        assertEquals("[\"d1\",\"d2\"]", manifest.get("runs").toString());
        // the first date again: its changes are since 2026-02-28 (empty), its snapshot unchanged
        String again = cli("export", storeArgs, "--date", "2026-03-01", "--out", out.toString());
        assertTrue(again.contains("3 changes since 2026-02-28 (3 entered"), again);
        assertTrue(
                again.contains("2026-03-01 was exported before: the same snapshot again"), again);
        assertFalse(text.contains("was exported before"), text);
    }

    private static void consent(StoreConfig config, String customer, boolean granted, Instant at)
            throws Exception {
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            dev.segment.common.store.ConsentLedger.apply(
                    c,
                    List.of(
                            new dev.segment.common.store.ConsentLedger.Change(
                                    customer, granted, at, "test")),
                    at);
            c.commit();
        }
    }

    private static void publish(
            StoreConfig config, RunRegistry runs, String runId, Object[][] rows, Instant at)
            throws Exception {
        runs.start(runId, "run", Map.of(), List.of());
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "INSERT INTO run_assignments (run_id, customer_id, cluster_id, persona)"
                                    + " VALUES (?, ?, ?, ?)")) {
                for (Object[] r : rows) {
                    ps.setString(1, runId);
                    ps.setString(2, (String) r[0]);
                    ps.setInt(3, (Integer) r[1]);
                    ps.setString(4, (String) r[2]);
                    ps.executeUpdate();
                }
            }
            SegmentLedger.publish(c, runId, at);
            c.commit();
        }
    }

    /**
     * The click files of sessions and run --clicks hold nothing of an erased customer or one who
     * withdrew, nor of the visitors seen with them (their anonymous clicks before the login too).
     */
    private static void clickFilesLeaveOutErasedAndWithdrawn(
            Path dir,
            Path input,
            List<String> storeArgs,
            String erased,
            String withdrawn,
            String granted)
            throws Exception {
        List<String> events = new ArrayList<>();
        String[][] visitors = {
            {"v-erased", erased},
            {"v-withdrawn", withdrawn},
            {"v-granted", granted},
            {"v-anon", null}
        };
        int n = 0;
        for (String[] v : visitors) {
            for (int i = 0; i < 3; i++) {
                // an anonymous view, then the customer's login and purchase
                String customer = i == 0 || v[1] == null ? "null" : '"' + v[1] + '"';
                events.add(
                        String.format(
                                "{\"event_id\":\"e%d\",\"ts\":\"2019-06-2%dT10:0%d:00Z\","
                                        + "\"event_type\":\"%s\",\"visitor_id\":\"%s\","
                                        + "\"customer_id\":%s,\"consent\":true}",
                                n++,
                                1 + i,
                                i,
                                i == 0 ? "page_view" : i == 1 ? "login" : "product_view",
                                v[0],
                                customer));
            }
        }
        Path clicks = dir.resolve("clicks.jsonl");
        Files.write(clicks, events);
        Path sessionsOut = dir.resolve("sessions");
        String printed =
                cli(
                        "sessions",
                        storeArgs,
                        "--clicks",
                        clicks.toString(),
                        "--out",
                        sessionsOut.toString());
        assertTrue(printed.contains("click events left out: 6"), printed);
        List<String> runArgs = new ArrayList<>(storeArgs);
        runArgs.addAll(List.of("--clicks", clicks.toString()));
        String run3 = run(input, dir.resolve("run3"), runArgs);
        assertTrue(run3.contains("click events left out: 6"), run3);
        for (Path out : List.of(sessionsOut, dir.resolve("run3"))) {
            for (String file : List.of("sessions.csv", "profiles.csv", "identity_links.csv")) {
                for (String line : Files.readAllLines(out.resolve(file))) {
                    for (String field : CsvLines.split(line)) {
                        for (String gone : List.of(erased, withdrawn, "v-erased", "v-withdrawn")) {
                            assertFalse(
                                    field.equals(gone) || field.endsWith(":" + gone),
                                    out + "/" + file + " holds " + gone + ": " + line);
                        }
                    }
                }
            }
            assertTrue(Files.readString(out.resolve("sessions.csv")).contains("v-granted"));
            assertTrue(Files.readString(out.resolve("sessions.csv")).contains("v-anon"));
            assertTrue(Files.readString(out.resolve("identity_links.csv")).contains(granted));
        }
    }

    private static String run(Path input, Path out, List<String> storeArgs) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                input.toString(),
                                "--format",
                                "cdnow",
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

    /** A CSV file's rows by their first field (the customer id), header skipped. */
    private static Map<String, List<String>> csvById(Path file) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvLines.split(line);
            out.put(f.get(0), f);
        }
        return out;
    }

    /** A Parquet snapshot's rows as the CSV's text. */
    private static Map<String, List<String>> parquetById(Path file) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (ParquetReader<GenericRecord> r =
                AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
            GenericRecord g;
            while ((g = r.read()) != null) {
                List<String> row = new ArrayList<>();
                for (String col :
                        List.of(
                                "customer_id",
                                "persona",
                                "cluster_id",
                                "rfm_segment",
                                "lifecycle_stage",
                                "customer_profile")) {
                    Object v = g.get(col);
                    row.add(v == null ? "" : v.toString());
                }
                long micros = (Long) g.get("valid_from");
                row.add(
                        Instant.EPOCH
                                .plus(micros, java.time.temporal.ChronoUnit.MICROS)
                                .toString());
                out.put(row.get(0), row);
            }
        }
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
