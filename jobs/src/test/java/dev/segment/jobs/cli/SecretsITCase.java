package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known password given in {@code --jdbc-url} and in {@code --jdbc-password} appears nowhere a run
 * leaves a trace: console (stdout and stderr, stack traces included), the log file of the packaged
 * log4j configuration, every output file, and every column of every store table.
 *
 * <p>Runs the packaged CLI as its own process so that the production logging configuration is the
 * one under test. The machine's PostgreSQL trusts local connections, so it accepts any password.
 */
class SecretsITCase {

    private static final String URL_SECRET =
            "UrlPw-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OPT_SECRET =
            "OptPw-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aKnownPasswordAppearsInNoConsoleLogFileOrTable(@TempDir Path dir) throws Exception {
        String schema =
                "it_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = TestData.postgresAdmin();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            Path tx = dir.resolve("tx.csv");
            List<String> lines = new ArrayList<>();
            lines.add("customer_id,order_id,timestamp,amount");
            for (int i = 0; i < 300; i++) {
                for (int o = 0; o <= i % 4; o++) {
                    lines.add(
                            "C"
                                    + i
                                    + ",O"
                                    + i
                                    + "-"
                                    + o
                                    + ",2024-0"
                                    + (1 + (i + o) % 9)
                                    + "-1"
                                    + o
                                    + ","
                                    + (5 + (i * 7 + o * 13) % 90)
                                    + ".50");
                }
            }
            Files.write(tx, lines);
            String url =
                    TestData.postgresUrl()
                            + (TestData.postgresUrl().contains("?") ? "&" : "?")
                            + "password="
                            + URL_SECRET
                            + "&currentSchema="
                            + schema;
            Path logs = dir.resolve("logs");
            Path out = dir.resolve("out");
            StringBuilder console = new StringBuilder();

            int run =
                    cli(
                            logs,
                            console,
                            "run",
                            "--transactions",
                            tx.toString(),
                            "--out",
                            out.toString(),
                            "--k",
                            "3",
                            "--jdbc-url",
                            url,
                            "--jdbc-password",
                            OPT_SECRET);
            assertEquals(0, run, console.toString());
            // a failing statement with the stack trace on: the driver's messages are scrubbed too
            int sql =
                    cli(
                            logs,
                            console,
                            "sql",
                            "SELECT no_such_column FROM runs",
                            "--jdbc-url",
                            url,
                            "--jdbc-password",
                            OPT_SECRET);
            assertTrue(sql != 0, console.toString());
            // the URL's password left the URL for the connection's properties: never shown
            assertTrue(
                    console.toString().contains("test?currentSchema=" + schema),
                    console.toString());
            assertFalse(console.toString().contains("password="), console.toString());

            assertClean("console", console.toString());
            // the log is appended to: the run's lines are still there after the sql command
            String log = Files.readString(logs.resolve("segment.log"));
            assertTrue(log.contains("SegmentCli - segment run --transactions"), "run logged");
            assertTrue(log.contains("SegmentCli - segment sql SELECT"), "sql logged");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertTrue(
                    files.stream().anyMatch(p -> p.toString().endsWith("segment.log")),
                    files.toString());
            assertTrue(files.stream().anyMatch(p -> p.endsWith("model.json")), files.toString());
            for (Path f : files) {
                assertClean(
                        f.toString(),
                        new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
            int cells = 0;
            try (Connection c = TestData.postgresAdmin();
                    Statement st = c.createStatement();
                    ResultSet tables =
                            c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
                assertTrue(names.contains("runs"), names.toString());
                for (String t : names) {
                    try (ResultSet rs = st.executeQuery("SELECT * FROM " + schema + "." + t)) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                assertClean(t + "." + md.getColumnName(i), rs.getString(i));
                                cells++;
                            }
                        }
                    }
                }
            }
            assertTrue(cells > 300, "store holds the run's rows: " + cells);
        } finally {
            try (Connection c = TestData.postgresAdmin();
                    Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void assertClean(String where, String text) {
        if (text == null) {
            return;
        }
        assertFalse(text.contains(URL_SECRET), "password from --jdbc-url in " + where);
        assertFalse(text.contains(OPT_SECRET), "password from --jdbc-password in " + where);
    }

    /** Runs the packaged CLI (jar + lib/ of this module's target) and appends its output. */
    private static int cli(Path logs, StringBuilder console, String... args) throws Exception {
        Path target = Paths.get("target").toAbsolutePath();
        Path jar = target.resolve("segment-jobs.jar");
        assertTrue(Files.exists(jar), "the packaged jar (mvn package runs before the ITCases)");
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String pkg :
                List.of(
                        "java.util",
                        "java.lang",
                        "java.nio",
                        "sun.nio.ch",
                        "java.lang.invoke",
                        "java.net",
                        "java.io",
                        "java.util.concurrent")) {
            cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        cmd.add("-Dsegment.log.dir=" + logs);
        cmd.add("-cp");
        cmd.add(jar + File.pathSeparator + target.resolve("lib") + File.separator + "*");
        cmd.add("dev.segment.jobs.cli.SegmentCli");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SEGMENT_DEBUG", "1");
        env.remove("SEGMENT_JDBC_URL");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        console.append(output);
        return p.waitFor();
    }
}
