package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} of two {@code run}s into the embedded store: its numbers agree with the store
 * read independently (the R x F grid from {@code customer_rfm}, the migration from both runs'
 * assignments joined here in Java, the rejected rows with the run's count), and headless Chromium
 * paints its charts without a console message (the page's content security policy forbids loading
 * anything, and a violation is a console error).
 */
class RunReportITCase {

    private static final Pattern CELL =
            Pattern.compile(
                    "<title>R ([1-5]), F ([1-5]): ([0-9,]+) customers, revenue ([0-9,.]+)</title>");
    private static final Pattern RUN_ID = Pattern.compile("Segment run <code>([^<]+)</code>");

    @Test
    void theReportAgreesWithTheStoreAndRendersInChromium(@TempDir Path dir) throws Exception {
        // CDNOW's lines are sorted by customer: the first run has customers only it has, the
        // second new ones, and both share the middle; the second also has two broken lines
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path firstInput = dir.resolve("first.txt");
        Files.write(firstInput, cdnow.subList(0, 6000), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(cdnow.subList(0, 1));
        lines.addAll(cdnow.subList(2000, 8000));
        lines.add(" 99998 19970x01  1   10.00");
        lines.add(" 99999 19970301  1   ten");
        Path secondInput = dir.resolve("second.txt");
        Files.write(secondInput, lines, StandardCharsets.ISO_8859_1);
        Path store = dir.resolve("store");
        run(firstInput, dir.resolve("first"), store, "--k", "auto", "--k-range", "3..5");
        String second = run(secondInput, dir.resolve("second"), store, "--k", "4");
        assertTrue(second.contains("report: "), second);

        String html = Files.readString(dir.resolve("second/report.html"), StandardCharsets.UTF_8);
        Matcher id = RUN_ID.matcher(html);
        assertTrue(id.find());
        String runId = id.group(1);
        String url = "jdbc:duckdb:" + store.resolve("segment.duckdb");
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            assertGridEqualsStore(html, s, runId);
            assertMigrationEqualsStore(html, s, runId);
        }
        assertTrue(html.contains("<p>2 rows in <code>"), "the two broken lines are counted");
        String reasons = html.substring(html.indexOf("<table class=\"reasons\">"));
        assertEquals(
                List.of("1", "1"),
                cells(reasons.substring(0, reasons.indexOf("</table>")), "td").stream()
                        .filter(c -> c.matches("[0-9,]+"))
                        .toList(),
                "one row per reason");
        assertTrue(html.contains("k = 4 was given"), "the second run's k was given");
        String first = Files.readString(dir.resolve("first/report.html"));
        assertTrue(first.contains("first successful run"), "nothing to migrate from");
        assertEquals(3, count(first, "class=\"series\""), "three k-selection charts");

        renderInChromium(dir.resolve("second/report.html"), dir.resolve("second.png"));
    }

    private static String run(Path input, Path out, Path store, String... more) {
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
                                "--out",
                                out.toString(),
                                "--store-dir",
                                store.toString(),
                                "--parallelism",
                                "2"));
        args.addAll(List.of(more));
        return CliRun.ok(args.toArray(new String[0]));
    }

    /** Each heatmap cell equals customers and revenue of customer_rfm in that cell. */
    private static void assertGridEqualsStore(String html, Statement s, String runId)
            throws Exception {
        Map<String, String> report = new HashMap<>();
        Matcher m = CELL.matcher(html);
        while (m.find()) {
            report.put(
                    m.group(1) + "," + m.group(2),
                    m.group(3).replace(",", "") + " " + m.group(4).replace(",", ""));
        }
        assertEquals(25, report.size(), "25 cells");
        Map<String, String> store = new HashMap<>();
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                store.put(r + "," + f, "0 0.00");
            }
        }
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT r_score, f_score, COUNT(*), SUM(monetary) FROM customer_rfm"
                                + " WHERE run_id = '"
                                + runId
                                + "' AND definition = 'classic' GROUP BY r_score, f_score")) {
            while (rs.next()) {
                store.put(
                        rs.getInt(1) + "," + rs.getInt(2),
                        rs.getLong(3)
                                + " "
                                + rs.getBigDecimal(4).setScale(2, java.math.RoundingMode.HALF_UP));
            }
        }
        assertEquals(store, report);
    }

    /** The migration table equals both runs' assignments joined by customer here. */
    private static void assertMigrationEqualsStore(String html, Statement s, String runId)
            throws Exception {
        String previous;
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT run_id FROM runs WHERE command = 'run' AND run_id <> '"
                                + runId
                                + "'")) {
            assertTrue(rs.next());
            previous = rs.getString(1);
            assertTrue(!rs.next(), "two runs");
        }
        assertTrue(html.contains("in run <code>" + previous + "</code>"), "compared with it");
        Map<String, String> before = personas(s, previous);
        Map<String, String> after = personas(s, runId);
        Map<String, Long> expected = new HashMap<>();
        after.forEach(
                (customer, persona) ->
                        expected.merge(
                                name(before.get(customer), "(new customer)") + " -> " + persona,
                                1L,
                                Long::sum));
        before.forEach(
                (customer, persona) -> {
                    if (!after.containsKey(customer)) {
                        expected.merge(persona + " -> (not in this run)", 1L, Long::sum);
                    }
                });
        assertTrue(
                expected.keySet().stream().anyMatch(k -> k.startsWith("(new customer)"))
                        && expected.keySet().stream()
                                .anyMatch(k -> k.endsWith("(not in this run)")),
                "customers only one run has, either way: " + expected.keySet());
        assertEquals(expected, migrationTable(html));
    }

    private static String name(String persona, String none) {
        return persona == null ? none : persona;
    }

    private static Map<String, String> personas(Statement s, String runId) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT customer_id, persona FROM run_assignments WHERE run_id = '"
                                + runId
                                + "'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** The non-empty cells of the report's migration table, "from -> to" to customers. */
    private static Map<String, Long> migrationTable(String html) {
        String table =
                html.substring(
                        html.indexOf("<table class=\"matrix\">"),
                        html.indexOf("</table>", html.indexOf("<table class=\"matrix\">")));
        List<String> rows = List.of(table.split("<tr>"));
        List<String> to = cells(rows.get(1), "th");
        to = to.subList(1, to.size());
        Map<String, Long> out = new HashMap<>();
        for (String row : rows.subList(2, rows.size())) {
            String from = cells(row, "th").get(0);
            List<String> counts = cells(row, "td");
            for (int j = 0; j < counts.size(); j++) {
                if (!counts.get(j).isEmpty()) {
                    out.put(
                            unescape(from) + " -> " + unescape(to.get(j)),
                            Long.parseLong(counts.get(j).replace(",", "")));
                }
            }
        }
        return out;
    }

    private static List<String> cells(String row, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">").matcher(row);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Headless Chromium: the screenshot shows the charts' colours (the bars' blue and orange and
     * the heatmap's dark cells), and Chromium logged no console message.
     */
    private static void renderInChromium(Path page, Path png) throws Exception {
        String chromium = chromium();
        Process p =
                new ProcessBuilder(
                                chromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--enable-logging=stderr",
                                "--v=0",
                                "--window-size=1280,4000",
                                "--screenshot=" + png,
                                page.toUri().toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium finished");
        assertEquals(0, p.exitValue(), log);
        List<String> console =
                log.lines().filter(l -> l.contains("CONSOLE") || l.contains("Refused")).toList();
        assertEquals(List.of(), console, "console messages of the page");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getHeight() > 1000, "a whole page");
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb == 0x4e79a7) {
                    blue++;
                } else if (rgb == 0xf28e2b) {
                    orange++;
                }
            }
        }
        assertTrue(blue > 2000, "customer-share bars and k lines painted: " + blue + " px");
        assertTrue(orange > 2000, "revenue bars painted: " + orange + " px");
    }

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new AssertionError(
                "no chromium on the PATH: the report test opens report.html in headless Chromium"
                        + " (apt-get install chromium; .ci/run installs it)");
    }
}
