package dev.segment.jobs.report;

import dev.segment.common.io.InputCounters;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Puts a {@code run}'s report together from its counts, files and store, and writes it. */
public final class RunReports {
    private RunReports() {}

    /** The summary table of a run. */
    public static List<RunReport.Fact> facts(
            String runId,
            String status,
            String input,
            String asOf,
            InputCounters.Counts counts,
            long customers,
            long jobNanos,
            long totalNanos,
            Path out,
            StoreConfig store) {
        List<RunReport.Fact> f = new ArrayList<>();
        f.add(new RunReport.Fact("run", runId));
        f.add(new RunReport.Fact("status", status));
        f.add(new RunReport.Fact("input", input));
        f.add(new RunReport.Fact("as of", asOf == null ? "the last transaction date" : asOf));
        f.add(new RunReport.Fact("rows read", number(counts.read())));
        f.add(new RunReport.Fact("accepted", number(counts.accepted())));
        f.add(
                new RunReport.Fact(
                        "rejected",
                        String.format(
                                Locale.ROOT,
                                "%,d (%.2f%%)",
                                counts.rejected(),
                                100 * counts.rejectedShare())));
        if (counts.excluded() > 0) {
            f.add(new RunReport.Fact("excluded by policy", number(counts.excluded())));
        }
        if (counts.ignored() > 0) {
            f.add(new RunReport.Fact("dated after the as-of date", number(counts.ignored())));
        }
        if (counts.duplicates() > 0) {
            f.add(
                    new RunReport.Fact(
                            "identical to an earlier row",
                            number(counts.duplicates())
                                    + (counts.duplicatesDropped() > 0
                                            ? ", dropped to the dead letters"
                                            : ", kept")));
        }
        f.add(new RunReport.Fact("customers", number(customers)));
        f.add(
                new RunReport.Fact(
                        "timings",
                        "job "
                                + Durations.format(jobNanos)
                                + ", total "
                                + Durations.format(totalNanos)));
        f.add(new RunReport.Fact("files", out.toAbsolutePath().toString()));
        f.add(new RunReport.Fact("store", store == null ? "none (--no-store)" : store.describe()));
        return f;
    }

    /** Reads the run's files (and the store for the migration) and writes {@code report}. */
    public static void write(
            Path report,
            String runId,
            List<RunReport.Fact> facts,
            Path out,
            Path deadLetters,
            StoreConfig store)
            throws IOException {
        Path model = out.resolve("model.json");
        Path rfm = out.resolve("rfm.csv");
        ReportInputs.RfGrid grid =
                Files.exists(rfm)
                        ? ReportInputs.rfGrid(rfm)
                        : new ReportInputs.RfGrid(new long[5][5], new double[5][5]);
        new RunReport(
                        runId,
                        facts,
                        ReportInputs.personas(out.resolve("personas.csv")),
                        grid.customers(),
                        grid.revenue(),
                        Files.exists(model)
                                ? ReportInputs.kChoice(model)
                                : new RunReport.KChoice(0, List.of()),
                        store == null
                                ? RunReport.Migration.none(
                                        "Not available: this run used no store (--no-store), and"
                                                + " the migration compares with the store's"
                                                + " previous run.")
                                : ReportInputs.migration(store, runId),
                        ReportInputs.rejections(deadLetters))
                .write(report);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
