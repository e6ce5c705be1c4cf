package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.DeadLetterCsv;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.model.CustomerRfm;
import dev.segment.common.store.CustomerRfmJdbcSink;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.report.RunReports;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmDefinition;
import dev.segment.jobs.rfm.RfmFileSink;
import dev.segment.jobs.rfm.RfmJob;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import dev.segment.jobs.segmentation.CustomerFeatures;
import dev.segment.jobs.segmentation.FeatureRow;
import dev.segment.jobs.segmentation.SegmentationConfig;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code segment run}: the whole batch pipeline, features -> RFM -> k-means -> personas -> store.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        header = "The whole batch pipeline: RFM, k-means, named personas, store.",
        description =
                "The whole batch pipeline in one Flink job: RFM features per customer, "
                        + "k-means on log1p + z-scored recency/frequency/monetary/avg order "
                        + "value/tenure, named and explained personas, lifecycle stage and "
                        + "new/long-standing profile per customer. Writes OUT/assignments.csv, "
                        + "OUT/personas.csv, OUT/model.json, OUT/rfm.csv, the run report OUT/report.html and the"
                        + " store.")
final class RunCommand implements Callable<Integer> {

    @Mixin InputOptions input;

    @Option(
            names = "--as-of",
            paramLabel = "DATE",
            description = "As-of date, yyyy-MM-dd. Default: the last transaction date.")
    String asOf;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin ClickHistoryOptions clickHistory;

    @Mixin SegmentRulesOptions segments;

    @Mixin ClusteringOptions clustering;

    @Mixin StoreOptions store;

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(System.out);
        CsvLayout layout = RfmCommand.layout(input);
        TransactionFiles files = TransactionFiles.of(input.transactions, layout).checkHeaders();
        RfmConfig rfm =
                new RfmConfig(
                                RfmDefinition.CLASSIC,
                                RfmCommand.date("--as-of", asOf),
                                "D",
                                "days",
                                null,
                                segments.table())
                        .validate();
        java.util.List<String> featureNames =
                new java.util.ArrayList<>(SegmentationConfig.RFM_FEATURES);
        Path clicks = clickHistory.clicks;
        if (clicks != null) {
            clickHistory.validate(input.zone);
            featureNames.addAll(dev.segment.jobs.clickstream.JoinBehaviour.FEATURES);
        }
        boolean[] log1p = new boolean[featureNames.size()];
        // counts, money and days are skewed; the two shares are already on 0..1
        for (int i = 0; i < log1p.length; i++) {
            log1p[i] =
                    !featureNames.get(i).endsWith("_share")
                            && !featureNames.get(i).equals("cart_abandonment");
        }
        SegmentationConfig config = clustering.config(featureNames, log1p, true, out);
        OutputPaths.directory("--out", out);
        if (input.deadLetters != null) {
            OutputPaths.file("--dead-letters", input.deadLetters);
        }
        StoreConfig storeConfig = store.noStore ? null : store.resolve();
        RecordedRun recorded =
                RecordedRun.start(
                        console,
                        storeConfig,
                        store.runId,
                        "run",
                        RfmRun.params(
                                "definition",
                                "classic",
                                "as_of",
                                asOf,
                                "returns",
                                input.returns,
                                "duplicates",
                                input.duplicates,
                                "format",
                                input.format,
                                "columns",
                                input.columns,
                                "zone",
                                input.zone,
                                "encoding",
                                input.encoding,
                                "clicks",
                                clicks == null ? null : clicks.toAbsolutePath(),
                                "clicks_format",
                                clicks == null ? null : clickHistory.format,
                                "gap",
                                clicks == null ? null : clickHistory.gap,
                                "consent_default",
                                clicks == null
                                        ? null
                                        : ProfileOptions.consentGranted(
                                                        clickHistory.consentDefault,
                                                        clickHistory.eventFormat())
                                                ? "granted"
                                                : "denied",
                                "k",
                                clustering.k,
                                "k_range",
                                clustering.kRange,
                                "seed",
                                clustering.seed,
                                "init",
                                clustering.init,
                                "distance",
                                clustering.distance,
                                "max_iter",
                                clustering.maxIter,
                                "tol",
                                clustering.tol,
                                "segments",
                                "built-in",
                                "out",
                                out),
                        inputPaths(files, clicks),
                        clustering.resultTables("customer_rfm", "run_assignments", "personas"));
        String runId = recorded.runId();
        recorded.guardExits(clustering.maxExitedShare);
        Path dead = input.deadLetters != null ? input.deadLetters : out.resolve("dead-letters.csv");
        FlinkRunner runner =
                new FlinkRunner(
                        execution.parallelismOrDefault(), console.out(), Duration.ofSeconds(2));
        StreamExecutionEnvironment env = runner.batchEnvironment();
        dev.segment.common.store.Suppression suppression =
                dev.segment.common.store.Suppression.of(storeConfig);
        RfmJob rfmJob =
                RfmFileSink.attach(
                        new RfmJob(files, rfm)
                                .withDeadLetterSink(DeadLetterCsv.sink(dead))
                                .withSuppression(suppression),
                        out.resolve("rfm.csv"),
                        RfmDefinition.CLASSIC,
                        false);
        if (storeConfig != null) {
            rfmJob.withSink(
                    CustomerRfmJdbcSink.sink(storeConfig, recorded.writeId("customer_rfm")));
        }
        DataStream<CustomerRfm> rfmRows = rfmJob.build(env);
        DataStream<FeatureRow> features =
                rfmRows.rebalance()
                        .map(
                                new CustomerFeatures(LifecycleRules.DEFAULT, suppression),
                                TypeInformation.of(FeatureRow.class))
                        .name("Features, lifecycle, profile");
        if (clicks != null) {
            var behaviour = clickHistory.read(env, input.zone, suppression);
            behaviour
                    .deadLetters()
                    .sinkTo(DeadLetterCsv.sink(out.resolve("dead-letters-clicks.csv")))
                    .setParallelism(1)
                    .name("Click dead letters");
            SessionsCommand.writeFiles(behaviour.pipeline(), out);
            features =
                    features.partitionCustom(
                                    (key, n) -> Math.floorMod(key.hashCode(), n), r -> r.customerId)
                            .connect(
                                    behaviour
                                            .profiles()
                                            .partitionCustom(
                                                    (key, n) -> Math.floorMod(key.hashCode(), n),
                                                    p -> p.customerId))
                            .transform(
                                    "Join behaviour",
                                    TypeInformation.of(FeatureRow.class),
                                    new dev.segment.jobs.clickstream.JoinBehaviour());
        }
        ClusterRun.job(
                        config,
                        out,
                        storeConfig,
                        recorded::writeId,
                        clustering.storeFeatures,
                        rfmJob.idCuts())
                .build(features);
        console.phase(
                String.format(
                        Locale.ROOT,
                        "run on %s, k %s, parallelism %d",
                        files.describe(),
                        clustering.k,
                        runner.parallelism()));
        RfmRun.printSkipped(console, files);
        JobExecutionResult result = recorded.execute(runner, env, "segment run");
        boolean trained = dev.segment.jobs.segmentation.SegmentationJob.trained(result);
        RecordedRun.Outcome outcome;
        if (trained) {
            recorded.effective("k_chosen", KMeansModel.load(out.resolve("model.json")).data().k());
            outcome = recorded.finish(result, input.maxRejectedShare);
        } else {
            // no customer reached clustering: the gate says why when the input was bad
            InputCounters.Counts c = InputCounters.Counts.of(result);
            String why = RecordedRun.inputGate(c, result, input.maxRejectedShare);
            outcome = recorded.finish(c, 0, why != null ? why : NO_CUSTOMERS);
        }
        InputCounters.Counts counts = outcome.counts();
        long customers = outcome.customers();
        String gate = RecordedRun.inputGate(counts, result, input.maxRejectedShare);
        console.line("");
        console.line("%s | customers %,d", counts.summary(), customers);
        String consent = RfmJob.consentSummary(result);
        if (consent != null) {
            console.line("%s; the withdrawn are generic, their data not clustered", consent);
        }
        long erasedLeftOut = RfmRun.erasedLeftOut(result);
        RfmRun.printSuppressed(console, erasedLeftOut);
        if (clicks != null) {
            console.line(
                    "click events read %,d | accepted %,d | rejected %,d",
                    InputCounters.count(result, dev.segment.jobs.events.EventFiles.READ),
                    InputCounters.count(result, dev.segment.jobs.events.EventFiles.ACCEPTED),
                    InputCounters.count(result, dev.segment.jobs.events.EventFiles.REJECTED));
            console.line("%s", SessionsCommand.sessionSummary(result));
            SessionsCommand.printLeftOut(console, result);
            console.line(
                    "profiles: %s",
                    dev.segment.jobs.profiles.IdentityConsent.consentSummary(result));
        }
        console.line("");
        console.line("RFM segments (classic definition):");
        RfmRun.printSegments(
                console,
                result.getAccumulatorResult(dev.segment.jobs.rfm.SegmentSummaryAccumulator.NAME),
                customers);
        if (trained) {
            ClusterRun.printModel(console, out);
        } else {
            console.line("");
            console.line("no model: %s", NO_CUSTOMERS);
        }
        console.line("");
        console.line(
                "timings: job %s, total %s",
                Durations.format(result.getNetRuntime() * 1_000_000L),
                Durations.format(System.nanoTime() - t0));
        console.line(
                "results: %s (assignments.csv, personas.csv, model.json, rfm.csv%s)",
                out.toAbsolutePath(),
                clicks == null ? "" : ", sessions.csv, profiles.csv, identity_links.csv");
        console.line(
                "dead letters: %s (%s)", dead.toAbsolutePath(), RfmRun.deadLetterCounts(counts));
        if (clicks != null) {
            console.line(
                    "click dead letters: %s (%,d rows)",
                    out.resolve("dead-letters-clicks.csv").toAbsolutePath(),
                    InputCounters.count(result, dev.segment.jobs.events.EventFiles.REJECTED));
        }
        recorded.printPublication(console, erasedLeftOut);
        if (storeConfig != null) {
            console.line(
                    "store: %s, run %s (tables segment_assignments, segment_history, segment_changes, run_assignments, personas, models, customer_rfm)",
                    storeConfig.describe(), runId);
        }
        long reportStart = System.nanoTime();
        Path report = out.resolve("report.html");
        RunReports.write(
                report,
                runId,
                RunReports.facts(
                        runId,
                        gate != null ? "failed the quality gate" : trained ? "succeeded" : "failed",
                        files.describe(),
                        asOf,
                        counts,
                        customers,
                        result.getNetRuntime() * 1_000_000L,
                        System.nanoTime() - t0,
                        out,
                        storeConfig),
                out,
                dead,
                storeConfig);
        console.line(
                "report: %s (%s)",
                report.toAbsolutePath(), Durations.format(System.nanoTime() - reportStart));
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
            console.line("FAILED: %s", NO_CUSTOMERS);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** Why a run without a single customer to cluster failed (when the gate did not trip). */
    static final String NO_CUSTOMERS =
            "no customer to cluster: every row was rejected, excluded or dated after the as-of"
                    + " date";

    /** Every input of the run, transactions and clicks, for {@code runs.input_paths}. */
    static List<String> inputPaths(TransactionFiles files, Path clicks) {
        List<String> all = new java.util.ArrayList<>(files.files());
        if (clicks != null) {
            all.add(clicks.toAbsolutePath().normalize().toString());
        }
        return all;
    }
}
