package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors end the command before it touches a store or an input, in a few clear lines. */
class UsageErrorTest {

    private record Outcome(int code, String err) {}

    private static Outcome execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(SegmentCli.execute(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aReaderGivenAMistypedStoreFolderCreatesNothing(@TempDir Path dir) {
        Path typo = dir.resolve("stroe");
        for (String[] args :
                new String[][] {
                    {"sql", "SELECT 1", "--store-dir", typo.toString()},
                    {
                        "export",
                        "--date",
                        "2024-01-01",
                        "--out",
                        dir.resolve("export").toString(),
                        "--store-dir",
                        typo.toString()
                    },
                    {"prune", "--keep-runs", "3", "--store-dir", typo.toString()}
                }) {
            Outcome o = execute(args);
            assertEquals(ExitCodes.USAGE, o.code(), args[0] + ": " + o.err());
            assertTrue(o.err().contains("no store in " + typo), o.err());
            assertTrue(o.err().contains("(--store-dir)"), o.err());
            assertFalse(Files.exists(typo), args[0] + " created " + typo);
        }
    }

    @Test
    void anUnknownOptionGetsTheReasonAndAPointerNotTheWholeHelp() {
        Outcome o = execute("run", "--transactions", "t.csv", "--out", "o", "--k-rnage", "3..5");
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("segment: Unknown options: '--k-rnage'"), o.err());
        assertTrue(o.err().contains("--k-range"), "a suggestion: " + o.err());
        assertTrue(o.err().contains("Try 'segment run --help'"), o.err());
        assertTrue(o.err().lines().count() <= 6, o.err());
    }

    @Test
    void aBadParallelismStopsTheCommandBeforeTheStoreIsOpened(@TempDir Path dir) throws Exception {
        Path orders = dir.resolve("orders.csv");
        Files.writeString(orders, "customer_id,timestamp,amount\nC1,2024-01-01T00:00:00Z,3\n");
        Path store = dir.resolve("store");
        Outcome o =
                execute(
                        "rfm",
                        "--transactions",
                        orders.toString(),
                        "--out",
                        dir.resolve("rfm.csv").toString(),
                        "--store-dir",
                        store.toString(),
                        "--parallelism",
                        "0");
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--parallelism must be >= 1 but was 0"), o.err());
        assertFalse(Files.exists(store), "the store was opened: " + o.err());
    }

    @Test
    void clusterRefusesARejectedShareAboveOneBeforeReadingAnything(@TempDir Path dir) {
        Outcome o =
                execute(
                        "cluster",
                        "--features",
                        dir.resolve("absent.csv").toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--max-rejected-share",
                        "5");
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(
                o.err().contains("--max-rejected-share must be between 0 and 1 but was 5"),
                o.err());
    }

    @Test
    void hintsNameTheStoreTheCommandWrote(@TempDir Path dir) {
        assertEquals(
                " --store-dir '" + dir.toAbsolutePath() + "'",
                StoreConnectionOptions.hint(StoreConfig.embedded(dir)));
        Path standard = new StoreConnectionOptions().embeddedDir();
        assertEquals("", StoreConnectionOptions.hint(StoreConfig.embedded(standard)));
        assertEquals(
                " --jdbc-url 'jdbc:postgresql://127.0.0.1:5432/test'",
                StoreConnectionOptions.hint(
                        StoreConfig.fromEnvironment()
                                .withUrl("jdbc:postgresql://127.0.0.1:5432/test")));
    }
}
