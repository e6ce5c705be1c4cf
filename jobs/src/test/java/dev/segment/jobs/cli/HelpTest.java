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
        List<List<String>> commands = new java.util.ArrayList<>();
        collect(new picocli.CommandLine(new SegmentCli()), List.of(), commands);
        assertTrue(commands.size() > 15, "subcommands found: " + commands);
        for (List<String> command : commands) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            String text = help(args.toArray(String[]::new));
            assertFalse(text.contains("picocli WARN"), command + ": " + text);
            for (String line : text.split("\n")) {
                assertTrue(line.length() <= 80, command + " --help line too long: " + line);
            }
        }
        assertFalse(help("--help").contains("picocli WARN"));
    }

    // every (sub)subcommand, by its path of names, except picocli's own help command
    private static void collect(
            picocli.CommandLine cli, List<String> path, List<List<String>> out) {
        cli.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            if (name.equals("help")
                                    || !sub.getCommandName().equals(name)) { // aliases once
                                return;
                            }
                            List<String> p = new java.util.ArrayList<>(path);
                            p.add(name);
                            out.add(p);
                            collect(sub, p, out);
                        });
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
