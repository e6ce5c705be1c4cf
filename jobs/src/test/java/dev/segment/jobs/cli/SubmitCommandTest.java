package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code segment submit}: options checked before anything runs, paths made absolute. */
class SubmitCommandTest {

    @Test
    void pathValuesBecomeAbsoluteAndTheRestStays() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertEquals(
                List.of(
                        "--transactions",
                        cwd + "/in/tx.csv",
                        "--k",
                        "4",
                        "--out=" + cwd + "/out/x",
                        "--jdbc-url",
                        "jdbc:postgresql://h/db",
                        "--model",
                        "/abs/model.json"),
                SubmitCommand.absolutePaths(
                        List.of(
                                "--transactions",
                                "in/tx.csv",
                                "--k",
                                "4",
                                "--out=out/x",
                                "--jdbc-url",
                                "jdbc:postgresql://h/db",
                                "--model",
                                "/abs/model.json")));
    }

    @Test
    void aBadOrSilentJobManagerIsAConfigurationError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String[][] cases = {
            {"submit", "run", "--jobmanager", "ftp://127.0.0.1:8081", "--out", "x"},
            {"submit", "run", "--jobmanager", "http://127.0.0.1", "--out", "x"},
            {"submit", "run", "--jobmanager", "http://127.0.0.1:" + closed, "--out", "x"},
            {"submit", "demo", "--jobmanager", "http://127.0.0.1:" + closed},
        };
        String[] says = {"--jobmanager", "--jobmanager", "no Flink JobManager answers", "COMMAND"};
        for (int i = 0; i < cases.length; i++) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = SegmentCli.execute(cases[i]);
            } finally {
                System.setErr(original);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(ExitCodes.USAGE, code, text);
            assertTrue(text.contains(says[i]), text);
        }
    }
}
