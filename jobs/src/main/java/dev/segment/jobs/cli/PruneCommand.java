package dev.segment.jobs.cli;

import dev.segment.common.store.BulkTables;
import dev.segment.common.store.RunRetention;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.TextTable;
import dev.segment.jobs.runtime.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment prune}: deletes old runs' per-customer rows from the store. */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        header = "Delete old runs' per-customer rows from the store (retention).",
        description =
                "Every run writes a row per customer into customer_rfm, run_assignments,"
                        + " customer_features and personas, so the store grows by a population per run. prune deletes"
                        + " those rows for every run but the newest --keep-runs succeeded runs of"
                        + " each command, and for every failed run; runs still running are left"
                        + " alone. The runs rows stay (pruned_at records when), so the history of"
                        + " what ran is kept. Each run is pruned in one transaction. On PostgreSQL"
                        + " it also drops staging tables that killed runs left behind (a run"
                        + " still 'running' after 24 hours counts as killed). Run it after"
                        + " the nightly run, e.g. 'segment prune --keep-runs 30'.")
final class PruneCommand implements Callable<Integer> {

    @Option(
            names = "--keep-runs",
            required = true,
            paramLabel = "N",
            description = "Succeeded runs of each command whose rows are kept (>= 1).")
    int keepRuns;

    @Option(names = "--dry-run", description = "List what would be deleted and delete nothing.")
    boolean dryRun;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        RunRetention.requireKeep(keepRuns); // before the store is opened
        StoreConfig config = store.resolveExisting();
        System.out.printf(
                "> store: %s%n  schema version %s%n", config.describe(), Store.migrate(config));
        List<RunRetention.Candidate> plan = RunRetention.plan(config, keepRuns);
        List<String> orphans = BulkTables.orphans(config);
        if (!orphans.isEmpty()) {
            System.out.printf(
                    "staging tables left by killed or failed runs: %s (%s)%n",
                    String.join(", ", orphans), dryRun ? "would be dropped" : "dropped");
            if (!dryRun) {
                BulkTables.drop(config, orphans);
            }
        }
        if (plan.isEmpty()) {
            System.out.printf(
                    "nothing to prune: no run beyond the newest %d succeeded per command%n",
                    keepRuns);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        long total = 0;
        for (RunRetention.Candidate c : plan) {
            List<String> row = new ArrayList<>(List.of(c.runId(), c.command(), c.status()));
            for (String table : RunRetention.DETAIL_TABLES) {
                row.add(String.format(Locale.ROOT, "%,d", c.rows().get(table)));
            }
            rows.add(row);
            total += c.totalRows();
        }
        List<String> header = new ArrayList<>(List.of("run", "command", "status"));
        header.addAll(RunRetention.DETAIL_TABLES);
        boolean[] right = new boolean[header.size()];
        java.util.Arrays.fill(right, 3, right.length, true); // the row counts
        TextTable.print(header, rows, right, System.out);
        if (dryRun) {
            System.out.printf(
                    "%ndry run: %d run(s), %,d rows would be deleted; nothing was changed%n",
                    plan.size(), total);
            return ExitCodes.OK;
        }
        for (RunRetention.Candidate c : plan) {
            RunRetention.prune(config, c);
        }
        System.out.printf(
                "%npruned %d run(s): %,d rows deleted, runs rows kept (pruned_at set) in %s%n",
                plan.size(), total, Durations.format(System.nanoTime() - t0));
        return ExitCodes.OK;
    }
}
