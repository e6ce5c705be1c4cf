package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on transactions and clicks has no parallelism-1 operator on its per-customer path,
 * and its files are the same, byte for byte, at parallelism 1 and 3.
 */
class ParallelPlanITCase {

    /**
     * Operators allowed to run in one task, each with why: they see bounded summaries or rejected
     * input, never every customer.
     */
    private static final Pattern SINGLE_TASK_ALLOWED =
            Pattern.compile(
                    String.join(
                            "|",
                            // ranking summaries: one record per task, or a bounded key sample
                            ": cut cells",
                            ": id ranges",
                            ": locate ranks",
                            ": exact keys",
                            // training keeps a bounded sample (maxTrainingRows); its one model
                            "Train k-means and name personas",
                            "Model and personas",
                            // rejected input rows
                            "[Dd]ead letters"));

    @Test
    void noSingleTaskOperatorOnTheCustomerPathAndTheSameFilesAtEveryParallelism(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        CliRun.ok(
                "generate",
                "--customers",
                "400",
                "--days",
                "200",
                "--seed",
                "5",
                "--out",
                data.toString());
        Path plan = dir.resolve("plan.json");
        Path one = run(data, dir.resolve("p1"), 1, null);
        Path three = run(data, dir.resolve("p3"), 3, plan);

        JsonNode nodes = new ObjectMapper().readTree(plan.toFile()).get("nodes");
        List<String> single = new ArrayList<>();
        int operators = 0;
        for (JsonNode node : nodes) {
            operators++;
            String name = node.get("contents").asText() + " [" + node.get("type").asText() + "]";
            if (node.get("parallelism").asInt() == 1 && !SINGLE_TASK_ALLOWED.matcher(name).find()) {
                single.add(name);
            }
        }
        assertTrue(operators > 20, "the plan lists the job's operators: " + operators);
        assertEquals(List.of(), single, "operators in one task on the per-customer path");

        for (String file :
                List.of(
                        "rfm.csv",
                        "assignments.csv",
                        "sessions.csv",
                        "profiles.csv",
                        "identity_links.csv")) {
            List<String> a = Files.readAllLines(one.resolve(file));
            List<String> b = Files.readAllLines(three.resolve(file));
            assertTrue(a.size() > 2, file + " has rows");
            assertEquals(a, b, file + " at parallelism 1 and 3");
            List<String> ids = new ArrayList<>();
            for (String line : b.subList(1, b.size())) {
                ids.add(line.substring(0, line.indexOf(',')));
            }
            List<String> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertEquals(sorted, ids, file + " is sorted by its first column");
        }
        try (var left = Files.list(three)) {
            assertFalse(
                    left.anyMatch(p -> p.getFileName().toString().contains(".parts-")),
                    "no part directories left behind");
        }
    }

    /**
     * {@code cluster} cuts its file's id ranges from the input rows while the model trains (not
     * from ranked customers as {@code run} does): its files, too, are the same at every parallelism
     * and free of single-task operators on the row path.
     */
    @Test
    void clusterWritesTheSameFilesAtParallelismOneAndThree(@TempDir Path dir) throws Exception {
        Path features = dev.segment.common.testkit.TestData.file("kmeans/t2_5k_features.csv");
        Path plan = dir.resolve("plan.json");
        Path one = cluster(features, dir.resolve("p1"), 1, null);
        Path three = cluster(features, dir.resolve("p3"), 3, plan);

        JsonNode nodes = new ObjectMapper().readTree(plan.toFile()).get("nodes");
        List<String> single = new ArrayList<>();
        for (JsonNode node : nodes) {
            String name = node.get("contents").asText() + " [" + node.get("type").asText() + "]";
            if (node.get("parallelism").asInt() == 1 && !SINGLE_TASK_ALLOWED.matcher(name).find()) {
                single.add(name);
            }
        }
        assertEquals(List.of(), single, "operators in one task on the row path");
        for (String file : List.of("assignments.csv", "personas.csv")) {
            List<String> a = Files.readAllLines(one.resolve(file));
            List<String> b = Files.readAllLines(three.resolve(file));
            int i = 0;
            while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                i++;
            }
            // the first difference, not two 5,000-line lists in the failure message
            assertEquals(
                    i < a.size() ? a.get(i) : "(end of file)",
                    i < b.size() ? b.get(i) : "(end of file)",
                    file + " at parallelism 1 and 3, line " + (i + 1));
        }
        List<String> lines = Files.readAllLines(three.resolve("assignments.csv"));
        assertEquals(5001, lines.size(), "one line per input row and a header");
        List<String> ids = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            ids.add(line.substring(0, line.indexOf(',')));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids, "assignments.csv is sorted by customer id");
    }

    @Test
    void aPlanFileThatCannotBeWrittenIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Path input =
                Files.writeString(
                        dir.resolve("t.csv"), "customer_id,timestamp,amount\nc1,2024-01-02,5\n");
        assertEquals(
                ExitCodes.USAGE,
                SegmentCli.execute(
                        "rfm",
                        "--transactions",
                        input.toString(),
                        "--out",
                        dir.resolve("rfm.csv").toString(),
                        "--no-store",
                        "--plan",
                        notADirectory.resolve("plan.json").toString()),
                "a --plan under a file is refused before the job starts");
        assertFalse(Files.exists(dir.resolve("rfm.csv")), "no job ran");
    }

    private static Path cluster(Path features, Path out, int parallelism, Path plan) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "cluster",
                                "--features",
                                features.toString(),
                                "--k",
                                "4",
                                "--no-store",
                                "--out",
                                out.toString(),
                                "--parallelism",
                                String.valueOf(parallelism)));
        if (plan != null) {
            args.addAll(List.of("--plan", plan.toString()));
        }
        CliRun.ok(args.toArray(new String[0]));
        return out;
    }

    private static Path run(Path data, Path out, int parallelism, Path plan) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                data.resolve("transactions.parquet").toString(),
                                "--clicks",
                                data.resolve("clicks.jsonl").toString(),
                                "--k",
                                "4",
                                "--no-store",
                                "--out",
                                out.toString(),
                                "--parallelism",
                                String.valueOf(parallelism)));
        if (plan != null) {
            args.addAll(List.of("--plan", plan.toString()));
        }
        CliRun.ok(args.toArray(new String[0]));
        return out;
    }
}
