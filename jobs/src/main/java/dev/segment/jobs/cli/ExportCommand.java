package dev.segment.jobs.cli;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.export.CrmExport;
import dev.segment.jobs.runtime.Durations;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment export}: the nightly CRM export of one date. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Export the customers' segments of a date for a CRM: snapshot, changes, manifest.",
        description = {
            "Writes into --out: segments-D (one row per customer with consent: customer_id,"
                    + " persona, cluster_id, rfm_segment, lifecycle_stage, customer_profile,"
                    + " valid_from), changes-D (entered / exited / moved since the latest earlier"
                    + " export, with the previous values) and manifest-D.json (rows, bytes and"
                    + " sha256 per file, the runs covered, schema versions), the manifest last.",
            "The snapshot is the segments at the end of D (UTC) as segment_history records them,"
                    + " so exporting a date again gives byte-identical files. Customers who"
                    + " withdrew consent, and erased customers, are in no file. Schedule it after"
                    + " the nightly run, e.g. this crontab line (cron reads a bare %% as a"
                    + " line break, hence \\%%): 30 2 * * * segment run ... && segment export"
                    + " --date $(date -u +\\%%F) --out /exports/$(date -u +\\%%F)"
                    + " . CRMs that pull read the crm_segment_export view instead."
        })
final class ExportCommand implements Callable<Integer> {

    @Option(
            names = "--date",
            required = true,
            paramLabel = "YYYY-MM-DD",
            description = "Date to export (UTC); not after today.")
    String date;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(
            names = "--format",
            paramLabel = "csv|parquet",
            defaultValue = "csv",
            description =
                    "File format of the snapshot and the changes (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--require-explicit-consent",
            description =
                    "Export only customers who granted consent (default: every customer who has"
                            + " not withdrawn it, as their segments come from their own purchases).")
    boolean explicitConsent;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        LocalDate day = RfmCommand.date("--date", date);
        if (day.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw new IllegalArgumentException(
                    "--date " + day + " is in the future: a date is exported once it has begun");
        }
        CrmExport.Format fmt;
        try {
            fmt = CrmExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--format must be csv or parquet but was '" + format + "'");
        }
        StoreConfig config = store.resolveExisting();
        String version = Store.migrate(config);
        System.out.printf("> store: %s%n  schema version %s%n", config.describe(), version);
        CrmExport.Result r = CrmExport.export(config, day, out, fmt, explicitConsent, version);
        System.out.printf(
                "export %s (segments at %s)%n  %s: %,d customers%n  %s: %,d changes since %s"
                        + " (%,d entered, %,d moved, %,d exited)%n  %s%n",
                r.date(),
                r.snapshotAt(),
                r.snapshot().toAbsolutePath(),
                r.snapshotRows(),
                r.changes().toAbsolutePath(),
                r.changeRows(),
                r.previousDate() == null ? "the start (no earlier export)" : r.previousDate(),
                r.changesByKind().get("entered"),
                r.changesByKind().get("moved"),
                r.changesByKind().get("exited"),
                r.manifest().toAbsolutePath());
        if (r.repeated()) {
            // the same files again, on purpose: say so, or a run published since seems lost
            System.out.printf(
                    "  %s was exported before: the same snapshot again (segments at %s); runs"
                            + " published since are in the next date's changes%n",
                    r.date(), r.snapshotAt());
        }
        System.out.printf(
                "runs covered: %s; done in %s%n",
                r.runs().isEmpty()
                        ? "none (nothing published by then)"
                        : String.join(", ", r.runs()),
                Durations.format(System.nanoTime() - t0));
        return ExitCodes.OK;
    }
}
