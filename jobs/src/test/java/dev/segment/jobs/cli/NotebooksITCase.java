package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.testkit.TestData;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data scientists' notebooks in {@code notebooks/} run headless from the first cell to the last
 * on the outputs of real runs (two CDNOW runs for the migration, {@code sessions} over generated
 * clicks), with Debian's Jupyter; a failing cell (their own checks included) fails the test. The
 * committed notebooks carry no outputs.
 */
class NotebooksITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNotebookRunsOnRealRunsAndIsCommittedWithoutOutputs(@TempDir Path dir)
            throws Exception {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(TestData.file("../notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(4, notebooks.size(), "notebooks 01-04: " + notebooks);
        for (Path notebook : notebooks) {
            for (JsonNode cell : JSON.readTree(notebook.toFile()).get("cells")) {
                if (cell.get("cell_type").asText().equals("code")) {
                    assertTrue(cell.get("outputs").isEmpty(), notebook + " is committed clean");
                    assertTrue(cell.get("execution_count").isNull(), notebook + " not run");
                }
            }
        }

        String cdnow = TestData.file("cdnow/CDNOW_master.txt").toString();
        Path previous = dir.resolve("previous");
        Path run = dir.resolve("run");
        for (String[] r :
                List.of(
                        new String[] {"1998-03-31", previous.toString()},
                        new String[] {"1998-07-01", run.toString()})) {
            CliRun.ok(
                    "run",
                    "--transactions",
                    cdnow,
                    "--format",
                    "cdnow",
                    "--as-of",
                    r[0],
                    "--out",
                    r[1],
                    "--no-store",
                    "--parallelism",
                    "2");
        }
        Path generated = dir.resolve("generated");
        CliRun.ok(
                "generate",
                "--customers",
                "1500",
                "--days",
                "120",
                "--no-parquet",
                "--out",
                generated.toString());
        Path sessions = dir.resolve("sessions");
        CliRun.ok(
                "sessions",
                "--clicks",
                generated.resolve("clicks.jsonl").toString(),
                "--out",
                sessions.toString(),
                "--parallelism",
                "2");

        Map<String, String> env =
                Map.of(
                        "SEGMENT_RUN_DIR", run.toString(),
                        "SEGMENT_PREVIOUS_RUN_DIR", previous.toString(),
                        "SEGMENT_SESSIONS_DIR", sessions.toString(),
                        "PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Path executed = Files.createDirectories(dir.resolve("executed"));
        for (Path notebook : notebooks) {
            ProcessBuilder pb =
                    new ProcessBuilder(
                                    jupyter(),
                                    "nbconvert",
                                    "--to",
                                    "notebook",
                                    "--execute",
                                    "--ExecutePreprocessor.timeout=600",
                                    "--output-dir",
                                    executed.toString(),
                                    notebook.toString())
                            .redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), notebook + " finished");
            assertEquals(0, p.exitValue(), notebook.getFileName() + " failed:\n" + log);
            JsonNode ran = JSON.readTree(executed.resolve(notebook.getFileName()).toFile());
            for (JsonNode cell : ran.get("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertFalse(
                            output.path("output_type").asText().equals("error"),
                            notebook + ": " + output);
                }
            }
        }
    }

    /** Debian's jupyter (python3 from /usr/bin, where apt puts pandas and matplotlib). */
    private static String jupyter() {
        Path debian = Path.of("/usr/bin/jupyter");
        if (Files.isExecutable(debian)) {
            return debian.toString();
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "jupyter"))) {
                return Path.of(d, "jupyter").toString();
            }
        }
        throw new AssertionError(
                "no jupyter: the notebooks run with Debian's jupyter-nbconvert, python3-pandas,"
                        + " python3-matplotlib, python3-sklearn, python3-ipykernel (.ci/run installs"
                        + " them)");
    }
}
