package dev.segment.jobs.cli;

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
 * A nightly run into a new output folder keeps the cluster ids and persona names of the store's
 * previous model: k-means started from another seed finds about the same clusters in another order,
 * and without the store's model nearly every customer would have "moved" for the CRM.
 */
class StableIdsITCase {

    @Test
    void aRunIntoANewFolderKeepsTheStoresClusterIds(@TempDir Path dir) throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path input = dir.resolve("cdnow.txt");
        Files.write(input, cdnow.subList(0, 6000), StandardCharsets.ISO_8859_1);
        String store = dir.resolve("store").toString();
        run(input, dir.resolve("night1"), store, "7");
        String second = run(input, dir.resolve("night2"), store, "8");
        assertTrue(second.contains("kept stable against the model of run"), second);
        Matcher m =
                Pattern.compile("customers current \\(0 entered, ([0-9,]+) moved, 0 exited")
                        .matcher(second);
        assertTrue(m.find(), second);
        long moved = Long.parseLong(m.group(1).replace(",", ""));
        Matcher n = Pattern.compile("segments: ([0-9,]+) customers current").matcher(second);
        assertTrue(n.find(), second);
        long customers = Long.parseLong(n.group(1).replace(",", ""));
        // another seed may end in a slightly other local optimum (114 of 1,851 moved when
        // written); without the store's model, ids follow the new seed's order (1,782 moved)
        assertTrue(moved * 4 < customers, moved + " of " + customers + " moved");
    }

    private static String run(Path input, Path out, String store, String seed) {
        return CliRun.ok(
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
                "2");
    }
}
