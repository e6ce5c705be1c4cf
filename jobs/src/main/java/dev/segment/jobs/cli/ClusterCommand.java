package dev.segment.jobs.cli;

import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import dev.segment.jobs.segmentation.FeatureRow;
import dev.segment.jobs.segmentation.SegmentationConfig;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment cluster}: k-means on a ready feature table. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "Cluster a ready feature table (CSV with a header; a customer_id column if there is one,",
            "otherwise rows are numbered from 0; every other column numeric). Writes OUT/assignments.csv,",
            "OUT/personas.csv and OUT/model.json."
        })
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

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(System.out);
        if (!Files.exists(featuresFile)) {
            throw new IllegalArgumentException("--features " + featuresFile + " does not exist");
        }
        List<String> names = new ArrayList<>();
        List<FeatureRow> rows = read(featuresFile, names);
        int[] range = clustering.range();
        Files.createDirectories(out);
        SegmentationConfig config =
                new SegmentationConfig(
                        names,
                        new boolean[names.size()],
                        !noScale,
                        clustering.params(),
                        clustering.auto(),
                        range[0],
                        range[1],
                        clustering.silhouetteSample,
                        clustering.previous(out),
                        clustering.rules(),
                        SegmentCli.codeVersion());
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
                        "segment_assignments",
                        "personas");
        String runId = recorded.runId();
        console.phase(
                String.format(
                        Locale.ROOT,
                        "cluster %,d rows x %d features (%s), k %s",
                        rows.size(),
                        names.size(),
                        String.join(", ", names),
                        clustering.k));
        FlinkRunner runner =
                new FlinkRunner(
                        execution.parallelismOrDefault(), console.out(), Duration.ofSeconds(2));
        StreamExecutionEnvironment env = runner.batchEnvironment();
        ClusterRun.job(config, out, storeConfig, runId)
                .build(
                        env.fromData(rows, TypeInformation.of(FeatureRow.class))
                                .name("Feature table")
                                .rebalance());
        JobExecutionResult result = recorded.execute(runner, env, "segment cluster");
        recorded.finish(
                new dev.segment.common.io.InputCounters.Counts(rows.size(), rows.size(), 0),
                rows.size(),
                null);
        ClusterRun.printModel(console, out);
        console.line("");
        console.line(
                "timings: job %s, total %s",
                Durations.format(result.getNetRuntime() * 1_000_000L),
                Durations.format(System.nanoTime() - t0));
        console.line(
                "results: %s (assignments.csv, personas.csv, model.json)", out.toAbsolutePath());
        return ExitCodes.OK;
    }

    /** Reads the table; a bad number fails with file, line and column. */
    static List<FeatureRow> read(Path file, List<String> names) throws Exception {
        List<FeatureRow> rows = new ArrayList<>();
        String first;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            first = r.readLine();
        }
        if (first != null && !first.toLowerCase(Locale.ROOT).contains("customer_id")) {
            // all-numeric table: the fast exact parser, rows numbered from 0
            dev.segment.jobs.bench.NumericCsv.Table t =
                    dev.segment.jobs.bench.NumericCsv.read(file);
            for (String h : t.header()) {
                names.add(h.trim());
            }
            int d = t.columns();
            for (int i = 0; i < t.rows(); i++) {
                double[] v = java.util.Arrays.copyOfRange(t.values(), i * d, i * d + d);
                for (double x : v) {
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException(
                                file + " line " + (i + 2) + ": value " + x + " is not finite");
                    }
                }
                rows.add(new FeatureRow(String.valueOf(i), v, 0));
            }
            return rows;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            String[] cols = header.split(",");
            int idCol = -1;
            for (int i = 0; i < cols.length; i++) {
                if (cols[i].trim().equalsIgnoreCase("customer_id")) {
                    idCol = i;
                } else {
                    names.add(cols[i].trim());
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(
                        file + ": no feature columns besides customer_id");
            }
            String line;
            long lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != cols.length) {
                    throw new IllegalArgumentException(
                            file
                                    + " line "
                                    + lineNo
                                    + ": expected "
                                    + cols.length
                                    + " fields but found "
                                    + f.length);
                }
                double[] v = new double[names.size()];
                int t = 0;
                for (int i = 0; i < f.length; i++) {
                    if (i == idCol) {
                        continue;
                    }
                    try {
                        v[t] = Double.parseDouble(f[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                file
                                        + " line "
                                        + lineNo
                                        + " column "
                                        + cols[i].trim()
                                        + ": '"
                                        + f[i]
                                        + "' is not a number");
                    }
                    if (!Double.isFinite(v[t])) {
                        throw new IllegalArgumentException(
                                file
                                        + " line "
                                        + lineNo
                                        + " column "
                                        + cols[i].trim()
                                        + ": '"
                                        + f[i]
                                        + "' is not finite");
                    }
                    t++;
                }
                String id = idCol >= 0 ? f[idCol].trim() : String.valueOf(rows.size());
                rows.add(new FeatureRow(id, v, 0));
            }
        }
        return rows;
    }
}
