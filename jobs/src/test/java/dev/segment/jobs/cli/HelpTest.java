package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's help: no picocli warnings, lines that fit 80 columns, only its own options. */
class HelpTest {

    private static String help(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            assertEquals(ExitCodes.OK, SegmentCli.execute(args));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyHelpIsCleanAndFitsEightyColumns() {
        for (String command :
                List.of(
                        "demo",
                        "rfm",
                        "run",
                        "cluster",
                        "sessions",
                        "stream",
                        "replay",
                        "generate",
                        "bench",
                        "sql")) {
            String text = help(command, "--help");
            assertFalse(text.contains("picocli WARN"), command + ": " + text);
            for (String line : text.split("\n")) {
                assertTrue(line.length() <= 80, command + " --help line too long: " + line);
            }
        }
        assertFalse(help("--help").contains("picocli WARN"));
    }

    @Test
    void sqlListsOnlyTheOptionsItUses() {
        String text = help("sql", "--help");
        for (String foreign : List.of("--no-store", "--run-id", "--batch-size", "--max-retries")) {
            assertFalse(text.contains(foreign), "sql --help lists " + foreign);
        }
        assertTrue(text.contains("--format") && text.contains("--file"), text);
    }
}
