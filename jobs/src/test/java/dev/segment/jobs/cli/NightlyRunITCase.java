package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs into one store: a run on a truncated input is refused instead of making most
 * customers exit, and the current segments stay as they were.
 */
class NightlyRunITCase {

    @Test
    void aRunThatWouldEmptyTheSegmentsIsRefused(@TempDir Path dir) throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path full = dir.resolve("full.txt");
        Files.write(full, cdnow.subList(0, 6000), StandardCharsets.ISO_8859_1);
        Path truncated = dir.resolve("truncated.txt");
        Files.write(truncated, cdnow.subList(0, 300), StandardCharsets.ISO_8859_1);
        String store = dir.resolve("store").toString();
        String first = run(full, dir.resolve("night1"), store, "7");
        String current = current(first);

        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SegmentCli.execute(args(truncated, dir.resolve("night2"), store, "7"));
        } finally {
            System.setOut(stdout);
        }
        String refused = buf.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.DATA_QUALITY, code, refused);
        assertTrue(refused.contains("would exit, above the limit of 50.0%"), refused);
        assertTrue(Files.exists(dir.resolve("night2/assignments.csv")), "the files are written");
        String runs =
                CliRun.ok(
                        "sql",
                        "--store-dir",
                        store,
                        "SELECT status, COUNT(*) FROM runs" + " GROUP BY status ORDER BY status");
        assertTrue(runs.contains("failed") && runs.contains("succeeded"), runs);
        String segments =
                CliRun.ok("sql", "--store-dir", store, "SELECT COUNT(*) FROM segment_assignments");
        assertTrue(segments.contains(current), "the current segments are untouched: " + segments);

        // the population really changed: the user says so
        List<String> again =
                new java.util.ArrayList<>(
                        List.of(args(truncated, dir.resolve("night3"), store, "7")));
        again.addAll(List.of("--max-exited-share", "1"));
        String accepted = CliRun.ok(again.toArray(String[]::new));
        assertTrue(accepted.contains("exited;"), accepted);
    }

    // "1,851" from "segments: 1,851 customers current"
    private static String current(String summary) {
        Matcher n = Pattern.compile("segments: ([0-9,]+) customers current").matcher(summary);
        assertTrue(n.find(), summary);
        return n.group(1).replace(",", "");
    }

    private static String run(Path input, Path out, String store, String seed) {
        return CliRun.ok(args(input, out, store, seed));
    }

    private static String[] args(Path input, Path out, String store, String seed) {
        return new String[] {
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
            seed,
            "--out",
            out.toString(),
            "--store-dir",
            store,
            "--parallelism",
            "2"
        };
    }
}
