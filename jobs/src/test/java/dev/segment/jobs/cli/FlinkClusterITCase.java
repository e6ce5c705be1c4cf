package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import dev.segment.jobs.testkit.InJvmKafka;
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
 * running {@code bin/segment submit run} and {@code submit stream}: the jobs reach the cluster over
 * the REST API, their results land in PostgreSQL and equal those of the same commands on the
 * embedded mini cluster, also when a TaskManager process is killed during the streaming job (it
 * restarts from its last checkpoint on the other TaskManager).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FlinkClusterITCase {

    private static Path root;
    private static Path clusterDir;
    private static String rest;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Path.of(System.getProperty("user.dir")).getParent();
        // under target/, kept after the test: the cluster's logs are there
        clusterDir = root.resolve("jobs/target/flink-local-it");
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
            assertEquals(3, exitOf("status"), "status after stop: not running");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(0)
    void badOptionsAreUsageErrorsAndAStartedClusterRefusesASecondStart() throws Exception {
        assertEquals(2, exitOf("start", "--port", "70000"));
        assertEquals(2, exitOf("start", "--taskmanagers", "two"));
        assertEquals(2, exitOf("restart"));
        assertEquals(0, exitOf("--help"));
        assertEquals(1, exitOf("start"), "already running");
        assertEquals(0, exitOf("status"));
    }

    private static int exitOf(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("bash", root.resolve("bin/flink-local").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--dir", clusterDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
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
        if (p.exitValue() != 0) {
            Path log = clusterDir.resolve("log/jobmanager.log");
            String tail = "";
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                tail =
                        String.join(
                                "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
            throw new AssertionError(
                    "bin/flink-local "
                            + action
                            + " exited "
                            + p.exitValue()
                            + ": "
                            + out
                            + "\n"
                            + tail);
        }
        return out;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
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

    @Test
    @org.junit.jupiter.api.Order(2)
    void aStreamSurvivesAKilledTaskManagerAndEqualsTheLocalStream(@TempDir Path dir)
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 6);
        String ref = "it_cl_ref_" + id;
        String onCluster = "it_cl_run_" + id;
        for (String s : List.of(ref, onCluster)) {
            TestData.postgresExecute("CREATE SCHEMA " + s);
        }
        String previousHome = System.getProperty("segment.home");
        System.setProperty("segment.home", root.toString());
        try (kafka.testkit.KafkaClusterTestKit kafka = InJvmKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Path clicks = LiveFixture.generate(dir, 3000);
            InJvmKafka.createTopics(bootstrap, 2, "clicks", "ch-ref", "ch-cluster");
            LiveFixture.replay(clicks, bootstrap, "clicks");
            for (String s : List.of(ref, onCluster)) {
                LiveFixture.batchRun(dir.resolve(s), dir, TestData.postgresUrlInSchema(s));
            }
            String local = CliRun.ok(stream(bootstrap, ref, "ch-ref").toArray(new String[0]));

            List<String> submitted = new ArrayList<>(List.of("submit", "--jobmanager", rest));
            submitted.addAll(stream(bootstrap, onCluster, "ch-cluster"));
            java.util.concurrent.CompletableFuture<String> running =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> CliRun.ok(submitted.toArray(new String[0])));
            // once the job has a completed checkpoint and wrote rows, one TaskManager dies
            String job = awaitCheckpointedStream(running);
            String victim = hostOf(job);
            long pid = Long.parseLong(Files.readString(clusterDir.resolve(victim + ".pid")).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            String out = running.get(5, TimeUnit.MINUTES);
            assertTrue(out.contains("cluster: " + rest), out);
            String failures = get("/jobs/" + job + "/exceptions");
            assertTrue(
                    failures.contains(victim) || failures.contains("TaskManager"),
                    "the job failed over: " + failures);

            for (String table : StreamRecoveryITCase.TABLES) {
                StreamRecoveryITCase.assertSameRows(ref, onCluster, table);
            }
            assertEquals(
                    StreamRecoveryITCase.chainsOf(bootstrap, "ch-ref", local),
                    StreamRecoveryITCase.chainsOf(bootstrap, "ch-cluster", out),
                    "segment changes after the failover");
        } finally {
            if (previousHome == null) {
                System.clearProperty("segment.home");
            } else {
                System.setProperty("segment.home", previousHome);
            }
            for (String s : List.of(ref, onCluster)) {
                TestData.postgresExecute("DROP SCHEMA " + s + " CASCADE");
            }
        }
    }

    private static List<String> stream(String bootstrap, String schema, String changes) {
        return StreamRecoveryITCase.streamArgs(
                bootstrap, TestData.postgresUrlInSchema(schema), changes);
    }

    /** A TaskManager (its resource id, taskmanager-N) that runs tasks of {@code job}. */
    private static String hostOf(String job) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        for (var v : json.readTree(get("/jobs/" + job)).path("vertices")) {
            String hosts =
                    get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/taskmanagers");
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("taskmanager-[0-9]+").matcher(hosts);
            if (m.find()) {
                return m.group();
            }
        }
        throw new AssertionError("no TaskManager runs tasks of job " + job);
    }

    /** The running stream job's id once it has completed a checkpoint. */
    private static String awaitCheckpointedStream(
            java.util.concurrent.CompletableFuture<String> running) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (running.isDone()) {
                throw new AssertionError(
                        "the stream ended before a TaskManager could be killed: " + running.get());
            }
            for (var j : json.readTree(get("/jobs/overview")).path("jobs")) {
                if (j.path("name").asText().contains("stream")
                        && j.path("state").asText().equals("RUNNING")) {
                    String id = j.path("jid").asText();
                    var counts = json.readTree(get("/jobs/" + id + "/checkpoints")).path("counts");
                    if (counts.path("completed").asInt() > 0) {
                        return id;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no checkpoint of the stream job within 3 minutes");
    }

    private static String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(rest + path)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
