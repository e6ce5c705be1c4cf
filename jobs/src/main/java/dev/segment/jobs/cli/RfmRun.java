package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.DeadLetterCsv;
import dev.segment.common.io.InputCounters;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.store.CustomerRfmJdbcSink;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.TextTable;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmDefinition;
import dev.segment.jobs.rfm.RfmFileSink;
import dev.segment.jobs.rfm.RfmJob;
import dev.segment.jobs.rfm.SegmentSummaryAccumulator;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One RFM run as the CLI performs it: validate, record the run, run the Flink job with progress,
 * apply the rejected-share gate, record the outcome, print the summary.
 */
final class RfmRun {

    /** What the run was asked to do. */
    record Request(
            TransactionFiles input,
            CsvLayout layout,
            RfmConfig config,
            Path out,
            Path deadLetters,
            double maxRejectedShare,
            StoreConfig store,
            String runId,
            int parallelism,
            Map<String, Object> parameters) {}

    /** What happened. */
    record Result(InputCounters.Counts counts, long customers, String runId, boolean gatePassed) {}

    private final Console console;

    RfmRun(Console console) {
        this.console = console;
    }

    Result execute(Request req) throws Exception {
        long t0 = System.nanoTime();
        RecordedRun recorded =
                RecordedRun.start(
                        console,
                        req.store(),
                        req.runId(),
                        "rfm",
                        req.parameters(),
                        req.input().files(),
                        "customer_rfm");
        String runId = recorded.runId();
        boolean holdout = req.config().calibrationEnd() != null;
        RfmDefinition def = req.config().definition();
        FlinkRunner runner =
                new FlinkRunner(req.parallelism(), console.out(), Duration.ofSeconds(2));
        StreamExecutionEnvironment env = runner.batchEnvironment();
        RfmJob job =
                new RfmJob(req.input(), req.config())
                        .withDeadLetterSink(DeadLetterCsv.sink(req.deadLetters()))
                        .withSuppression(dev.segment.common.store.Suppression.of(req.store()));
        RfmFileSink.attach(job, req.out(), def, holdout);
        if (req.store() != null) {
            job.withSink(CustomerRfmJdbcSink.sink(req.store(), recorded.writeId("customer_rfm")));
        }
        job.build(env);
        console.phase(
                String.format(
                        Locale.ROOT,
                        "rfm (%s) on %s, parallelism %d",
                        def.label(),
                        req.input().describe(),
                        req.parallelism()));
        printSkipped(console, req.input());
        JobExecutionResult result = recorded.execute(runner, env, "segment rfm " + def.label());
        RecordedRun.Outcome outcome = recorded.finish(result, req.maxRejectedShare());
        InputCounters.Counts counts = outcome.counts();
        long customers = outcome.customers();
        String violation = outcome.violation();
        TreeMap<String, long[]> segments =
                result.getAccumulatorResult(SegmentSummaryAccumulator.NAME);
        printSummary(
                req,
                runId,
                counts,
                customers,
                segments,
                result,
                recorded.publishNanos(),
                System.nanoTime() - t0);
        if (violation != null) {
            console.line("");
            console.line("FAILED quality gate: %s", violation);
        }
        return new Result(counts, customers, runId, violation == null);
    }

    private void printSummary(
            Request req,
            String runId,
            InputCounters.Counts counts,
            long customers,
            TreeMap<String, long[]> segments,
            JobExecutionResult result,
            long publishNanos,
            long totalNanos) {
        console.line("");
        console.line("%s", counts.summary());
        console.line("customers %,d", customers);
        String consent = dev.segment.jobs.rfm.RfmJob.consentSummary(result);
        if (consent != null) {
            console.line("%s", consent);
        }
        printSuppressed(console, erasedLeftOut(result));
        printSegments(console, segments, customers);
        console.line("");
        console.line(
                "timings: job %s, %stotal %s",
                Durations.format(result.getNetRuntime() * 1_000_000L),
                req.store() == null ? "" : "published in " + Durations.format(publishNanos) + ", ",
                Durations.format(totalNanos));
        console.line("results: %s", req.out().toAbsolutePath());
        console.line(
                "dead letters: %s (%s)",
                req.deadLetters().toAbsolutePath(), deadLetterCounts(counts));
        if (req.store() != null) {
            console.line("store: %s, run %s (table customer_rfm)", req.store().describe(), runId);
            console.line(
                    "query: bin/segment sql \"SELECT rfm_segment, COUNT(*) FROM customer_rfm WHERE run_id = '%s' GROUP BY rfm_segment\"%s",
                    runId, StoreConnectionOptions.hint(req.store()));
        }
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] == null ? null : String.valueOf(kv[i + 1]));
        }
        return m;
    }

    /** How many customers the job left out because the store's erasure list names them. */
    static long erasedLeftOut(JobExecutionResult result) {
        return InputCounters.count(result, dev.segment.jobs.runtime.LeaveOutErased.ERASED_LEFT_OUT);
    }

    /** "erased customers left out: N ..." when the store's erasure list named any. */
    static void printSuppressed(Console console, long erasedLeftOut) {
        if (erasedLeftOut > 0) {
            console.line(
                    "erased customers left out: %,d (the store's erasure list names them; their"
                            + " rows are still in the input)",
                    erasedLeftOut);
        }
    }

    /** Lists the files of a directory input that are not read (never skipped silently). */
    static void printSkipped(Console console, TransactionFiles files) {
        if (files.skipped().isEmpty()) {
            return;
        }
        console.line("  %d file(s) of the input are not read:", files.skipped().size());
        for (TransactionFiles.Skipped s : files.skipped()) {
            console.line("    %s: %s", s.file(), s.reason());
        }
    }

    /** "12 rows" or "12 rows: 9 rejected, 2 excluded by policy, 1 duplicate dropped". */
    static String deadLetterCounts(dev.segment.common.io.InputCounters.Counts counts) {
        long rows = counts.rejected() + counts.excluded() + counts.duplicatesDropped();
        if (counts.excluded() == 0 && counts.duplicatesDropped() == 0) {
            return String.format(Locale.ROOT, "%,d rows", rows);
        }
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT, "%,d rows: %,d rejected", rows, counts.rejected()));
        if (counts.excluded() > 0) {
            s.append(String.format(Locale.ROOT, ", %,d excluded by policy", counts.excluded()));
        }
        if (counts.duplicatesDropped() > 0) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            ", %,d identical rows dropped",
                            counts.duplicatesDropped()));
        }
        return s.toString();
    }

    /** The RFM segment table: customers, share, revenue and revenue share per segment. */
    static void printSegments(Console console, TreeMap<String, long[]> segments, long customers) {
        if (segments != null && !(segments.size() == 1 && segments.containsKey("(none)"))) {
            long totalUnits = 0;
            for (long[] v : segments.values()) {
                totalUnits = Math.addExact(totalUnits, v[1]);
            }
            List<Map.Entry<String, long[]>> sorted = new ArrayList<>(segments.entrySet());
            sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, long[]> e : sorted) {
                long[] v = e.getValue();
                rows.add(
                        List.of(
                                e.getKey(),
                                String.format(Locale.ROOT, "%,d", v[0]),
                                String.format(
                                        Locale.ROOT,
                                        "%.1f%%",
                                        100.0 * v[0] / Math.max(1, customers)),
                                String.format(
                                        Locale.ROOT,
                                        "%,.2f",
                                        BigDecimal.valueOf(v[1], 4).doubleValue()),
                                // a share of a total that is zero or negative (returns netted)
                                // means nothing: say so instead of printing a huge percentage
                                totalUnits <= 0
                                        ? "n/a"
                                        : String.format(
                                                Locale.ROOT, "%.1f%%", 100.0 * v[1] / totalUnits)));
            }
            console.line("");
            TextTable.print(
                    List.of("segment", "customers", "share", "revenue", "revenue share"),
                    rows,
                    new boolean[] {false, true, true, true, true},
                    console.out());
        }
    }
}
