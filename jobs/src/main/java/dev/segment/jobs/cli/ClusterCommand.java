package dev.segment.jobs.cli;

import dev.segment.common.io.DeadLetterCsv;
import dev.segment.common.io.InputCounters;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import dev.segment.jobs.segmentation.FeatureTable;
import dev.segment.jobs.segmentation.SegmentationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment cluster}: k-means on a ready feature table. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        header = "k-means and personas on a ready feature table.",
        description =
                "Cluster a ready feature table (CSV with a header; a customer_id column "
                        + "if there is one, otherwise rows are numbered from 0; every other "
                        + "column numeric). Writes OUT/assignments.csv, OUT/personas.csv and "
                        + "OUT/model.json.")
final class ClusterCommand implements Callable<Integer> {

    @Option(
            names = "--features",
            required = true,
            paramLabel = "FILE",
            description = "Feature table (CSV).")
    Path featuresFile;

    @Option(names = "--no-scale", description = "Use the values as they are (no standardisation).")
    boolean noScale;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin ClusteringOptions clustering;

    @Mixin StoreOptions store;

    @Mixin ExecutionOptions execution;

    @Option(
            names = "--max-rejected-share",
            defaultValue = "0.01",
            paramLabel = "SHARE",
            description =
                    "Fail (exit code 3) when rejected rows exceed this share. Default: ${DEFAULT-VALUE}.")
    double maxRejectedShare;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(System.out);
        InputOptions.requireShare("--max-rejected-share", maxRejectedShare);
        FeatureTable table = FeatureTable.open(featuresFile);
        List<String> names = table.features();
        SegmentationConfig config =
                clustering.config(names, new boolean[names.size()], !noScale, out);
        OutputPaths.directory("--out", out);
        StoreConfig storeConfig = store.noStore ? null : store.resolve();
        RecordedRun recorded =
                RecordedRun.start(
                        console,
                        storeConfig,
                        store.runId,
                        "cluster",
                        RfmRun.params(
                                "k",
                                clustering.k,
                                "init",
                                clustering.init,
                                "seed",
                                clustering.seed,
                                "out",
                                out),
                        List.of(featuresFile.toAbsolutePath().toString()),
                        clustering.resultTables("run_assignments", "personas"));
        String runId = recorded.runId();
        recorded.guardExits(clustering.maxExitedShare);
        console.phase(String.format(Locale.ROOT, "cluster %s, k %s", table, clustering.k));
        FlinkRunner runner =
                new FlinkRunner(
                        execution.parallelismOrDefault(), console.out(), Duration.ofSeconds(2));
        StreamExecutionEnvironment env = runner.batchEnvironment();
        FeatureTable.Streams in = table.read(env);
        Path dead = out.resolve("dead-letters.csv");
        in.deadLetters().sinkTo(DeadLetterCsv.sink(dead)).setParallelism(1).name("Dead letters");
        ClusterRun.job(config, out, storeConfig, recorded::writeId, clustering.storeFeatures, null)
                .build(
                        ClusterRun.suppress(
                                in.rows(), dev.segment.common.store.Suppression.of(storeConfig)));
        JobExecutionResult result = recorded.execute(runner, env, "segment cluster");
        InputCounters.Counts counts = InputCounters.Counts.of(result);
        boolean trained = dev.segment.jobs.segmentation.SegmentationJob.trained(result);
        if (trained) {
            recorded.effective(
                    "k_chosen",
                    dev.segment.jobs.segmentation.kmeans.KMeansModel.load(out.resolve("model.json"))
                            .data()
                            .k());
        }
        String gate = counts.gateViolation(maxRejectedShare);
        long erasedLeftOut = RfmRun.erasedLeftOut(result);
        RecordedRun.Outcome outcome =
                recorded.finish(
                        counts,
                        // erased customers' rows were read and accepted, then left out
                        counts.accepted() - erasedLeftOut,
                        gate != null || trained ? gate : RunCommand.NO_CUSTOMERS);
        console.line("");
        console.line("%s", counts.summary());
        RfmRun.printSuppressed(console, erasedLeftOut);
        if (trained) {
            ClusterRun.printModel(console, out);
        }
        console.line("");
        console.line(
                "timings: job %s, total %s",
                Durations.format(result.getNetRuntime() * 1_000_000L),
                Durations.format(System.nanoTime() - t0));
        recorded.printPublication(console, erasedLeftOut);
        console.line(
                "results: %s (assignments.csv, personas.csv, model.json)", out.toAbsolutePath());
        console.line(
                "dead letters: %s (%s)", dead.toAbsolutePath(), RfmRun.deadLetterCounts(counts));
        if (gate == null) {
            gate = recorded.refusal();
        }
        if (gate != null) {
            console.line("");
            console.line("FAILED quality gate: %s", gate);
            return ExitCodes.DATA_QUALITY;
        }
        if (!trained) {
            console.line("");
            console.line("FAILED: %s", RunCommand.NO_CUSTOMERS);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
