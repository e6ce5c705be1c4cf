package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.DeadLetterCsv;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.TransactionFiles;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmDefinition;
import dev.segment.jobs.rfm.RfmFileSink;
import dev.segment.jobs.rfm.RfmJob;
import dev.segment.jobs.runtime.FlinkRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code segment bench rfm}: times the classic RFM job the way the peer benchmarks time themselves
 * (task time measured inside the process) and prints one {@code RESULT {json}} line per run plus
 * the median. {@code bench/run_t1.sh} runs it beside the peers and checks the outputs.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = LatencyBenchCommand.class,
        header = "Time RFM (--task t1) or k-means (--task t2) on the peer benchmarks' data.",
        description =
                "t1: the RFM job (classic definition, NTILE scores) on a transactions "
                        + "file, N runs, each on a fresh embedded mini cluster. Prints RESULT "
                        + "{json} lines like the peer benchmarks and the median. t2: the peers' "
                        + "k-means task (given centroids, fixed iterations) on our estimator. See "
                        + "BENCHMARKS.md and bench/run_t1.sh.")
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--task",
            defaultValue = "t1",
            paramLabel = "TASK",
            description =
                    "t1 (RFM on transactions) or t2 (k-means on a feature table). Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(
            names = "--transactions",
            paramLabel = "FILE",
            description = "t1 input (the peers' T1 transactions.csv).")
    Path transactions;

    @Option(
            names = "--features",
            paramLabel = "FILE",
            description = "t2 input (the peers' T2 features.csv).")
    Path features;

    @Option(
            names = "--init-centroids",
            paramLabel = "FILE",
            description = "t2 initial centroids (the peers' init_centroids.csv).")
    Path initCentroids;

    @Option(
            names = "--iterations",
            defaultValue = "20",
            paramLabel = "N",
            description = "t2 Lloyd iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--threads", paramLabel = "N", description = "t2 threads. Default: cores.")
    Integer threads;

    @Option(
            names = "--columns",
            defaultValue = "timestamp=ts",
            paramLabel = "MAP",
            description = "Column mapping. Default: ${DEFAULT-VALUE} (peers' T1 header).")
    String columns;

    @Option(
            names = "--as-of",
            defaultValue = "2025-01-01",
            paramLabel = "DATE",
            description = "As-of date; the peers use max date + 1. Default: ${DEFAULT-VALUE}.")
    String asOf;

    @Option(
            names = "--runs",
            defaultValue = "3",
            paramLabel = "N",
            description = "Runs. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "t1 RFM output CSV (checked against the peers).")
    Path out;

    @Option(
            names = "--label",
            defaultValue = "segment-flink",
            paramLabel = "NAME",
            description = "Peer name in the RESULT lines.")
    String label;

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1 but was " + runs);
        }
        if ("t2".equals(task)) {
            if (features == null || initCentroids == null) {
                throw new IllegalArgumentException(
                        "--task t2 needs --features and --init-centroids");
            }
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < runs; i++) {
                System.out.println(
                        dev.segment.jobs.bench.T2Bench.run(
                                features, initCentroids, iterations, t, label));
            }
            return ExitCodes.OK;
        }
        if (!"t1".equals(task)) {
            throw new IllegalArgumentException("--task must be t1 or t2 but was '" + task + "'");
        }
        if (transactions == null || out == null) {
            throw new IllegalArgumentException("--task t1 needs --transactions and --out");
        }
        CsvLayout layout = CsvLayout.canonical().withColumns(columns).validate();
        TransactionFiles files = TransactionFiles.of(transactions, layout).checkHeaders();
        RfmConfig config =
                new RfmConfig(RfmDefinition.CLASSIC, LocalDate.parse(asOf), "D", "days", null)
                        .validate();
        int parallelism = execution.parallelismOrDefault();
        double[] task = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            FlinkRunner runner =
                    new FlinkRunner(parallelism, null, java.time.Duration.ofSeconds(5));
            StreamExecutionEnvironment env = runner.batchEnvironment();
            RfmFileSink.attach(
                            new RfmJob(files, config)
                                    .withDeadLetterSink(
                                            DeadLetterCsv.sink(
                                                    out.toAbsolutePath()
                                                            .resolveSibling(
                                                                    "bench-dead-letters.csv"))),
                            out,
                            RfmDefinition.CLASSIC,
                            false)
                    .build(env);
            JobExecutionResult r = runner.execute(env, "bench rfm", acc -> null);
            task[i] = (System.nanoTime() - t0) / 1e9;
            InputCounters.Counts c = InputCounters.Counts.of(r);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT {\"peer\": \"%s\", \"task\": \"t1\", \"run\": %d, \"task_s\": %.3f, \"job_s\": %.3f,"
                            + " \"rows\": %d, \"parallelism\": %d, \"max_heap_used_mb\": %d}%n",
                    label,
                    i + 1,
                    task[i],
                    r.getNetRuntime() / 1000.0,
                    c.read(),
                    parallelism,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
        double[] sorted = task.clone();
        Arrays.sort(sorted);
        List<String> all = new ArrayList<>();
        for (double t : task) {
            all.add(String.format(Locale.ROOT, "%.2f", t));
        }
        System.out.printf(
                Locale.ROOT,
                "median task time %.2f s over %d runs (%s); output %s%n",
                sorted[runs / 2],
                runs,
                String.join(", ", all),
                out.toAbsolutePath());
        return ExitCodes.OK;
    }
}
