package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink standalone cluster (bin/flink-local: a JobManager and two TaskManager processes)
 * running {@code bin/segment submit run}: the job reaches the cluster over the REST API, its
 * results land in PostgreSQL, and they equal those of the same run on the embedded mini cluster.
 */
class FlinkClusterITCase {

    private static Path root;
    private static Path clusterDir;
    private static String rest;

    @BeforeAll
    static void startCluster(@TempDir Path dir) throws Exception {
        root = Path.of(System.getProperty("user.dir")).getParent();
        clusterDir = dir.resolve("flink-local");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        rest = "http://127.0.0.1:" + port;
        String out = flinkLocal("start", "--port", String.valueOf(port));
        assertTrue(out.contains("flink-local ready: " + rest), out);
        assertTrue(out.contains("2 TaskManagers"), out);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterDir != null) {
            flinkLocal("stop");
        }
    }

    private static String flinkLocal(String action, String... more) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "bash",
                                root.resolve("bin/flink-local").toString(),
                                action,
                                "--dir",
                                clusterDir.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/flink-local " + action + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void aSubmittedRunLandsInPostgresAndEqualsTheLocalRun(@TempDir Path dir) throws Exception {
        List<String> cdnow =
                Files.readAllLines(
                        TestData.file("cdnow/CDNOW_master.txt"), StandardCharsets.ISO_8859_1);
        Path input = dir.resolve("cdnow.txt");
        Files.write(input, cdnow.subList(0, 6000), StandardCharsets.ISO_8859_1);
        String schema = "it_cluster_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        String previousHome = System.getProperty("segment.home");
        System.setProperty("segment.home", root.toString());
        try {
            String url = TestData.postgresUrlInSchema(schema);
            List<String> run =
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
                            "--parallelism",
                            "2");
            List<String> submitted = new ArrayList<>(List.of("submit"));
            submitted.addAll(run);
            submitted.addAll(
                    List.of(
                            "--jobmanager",
                            rest,
                            "--out",
                            dir.resolve("on-cluster").toString(),
                            "--jdbc-url",
                            url));
            String out = CliRun.ok(submitted.toArray(new String[0]));
            assertTrue(
                    out.contains("cluster: " + rest + " (Flink 2.0.0, 2 TaskManagers, 4 slots"),
                    out);

            // the cluster ran it: its REST API lists the finished job
            String jobs = get("/jobs/overview");
            assertTrue(jobs.contains("\"name\":\"segment run\""), jobs);
            assertTrue(jobs.contains("\"state\":\"FINISHED\""), jobs);

            List<String> local = new ArrayList<>(run);
            local.addAll(List.of("--out", dir.resolve("local").toString(), "--no-store"));
            CliRun.ok(local.toArray(new String[0]));
            for (String file : List.of("assignments.csv", "rfm.csv", "personas.csv")) {
                assertEquals(
                        Files.readAllLines(dir.resolve("local").resolve(file)).stream()
                                .sorted()
                                .toList(),
                        Files.readAllLines(dir.resolve("on-cluster").resolve(file)).stream()
                                .sorted()
                                .toList(),
                        file);
            }
            long customers = Files.readAllLines(dir.resolve("local/assignments.csv")).size() - 1L;
            try (Connection c =
                            DriverManager.getConnection(
                                    url, TestData.postgresUser(), TestData.postgresPassword());
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT (SELECT COUNT(*) FROM segment_assignments),"
                                            + " (SELECT COUNT(*) FROM customer_rfm),"
                                            + " (SELECT status FROM runs)")) {
                rs.next();
                assertEquals(customers, rs.getLong(1));
                assertEquals(customers, rs.getLong(2));
                assertEquals("succeeded", rs.getString(3));
            }
        } finally {
            if (previousHome == null) {
                System.clearProperty("segment.home");
            } else {
                System.setProperty("segment.home", previousHome);
            }
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(rest + path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
