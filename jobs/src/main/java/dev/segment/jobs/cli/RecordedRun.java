package dev.segment.jobs.cli;

import dev.segment.common.io.InputCounters;
import dev.segment.common.store.BulkTables;
import dev.segment.common.store.RunRegistry;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.runtime.Durations;
import dev.segment.jobs.runtime.FlinkRunner;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A command's run as the store records it: migrated store, a {@code runs} row at the start, the
 * Flink job with progress, the rejected-share gate, and the outcome at the end (also when the job
 * fails). Without a store only the job and the gate remain.
 */
final class RecordedRun {

    /** Counts of a finished run and whether the quality gate held. */
    record Outcome(InputCounters.Counts counts, long customers, String violation) {
        boolean passed() {
            return violation == null;
        }
    }

    private final RunRegistry runs;
    private final String runId;
    private final Map<String, Object> parameters;
    private final StoreConfig store;

    /** Result tables loaded into staging tables and published at the end (PostgreSQL). */
    private final List<String> staged;

    /** Whether the run's assignments become the current segments when it succeeds. */
    private final boolean segments;

    /**
     * The run id the job's sinks of tables written directly (all on the embedded store; personas
     * and models on PostgreSQL, whose other tables are staged) write under: the run id, or for a
     * re-run a shadow id whose rows replace the run's at publication, so a failed re-run leaves the
     * earlier rows as they were.
     */
    private final String writeId;

    /** The result tables written directly (not staged), for a shadow's rename or removal. */
    private final List<String> direct;

    /** Above this share of the current customers exiting, the publication is refused. */
    private double maxExitedShare = 1.0;

    /** Why the publication was refused (null: it was not). */
    private String refusal;

    /** Refuses to publish segments that would make more than {@code share} of customers exit. */
    void guardExits(double share) {
        this.maxExitedShare = share;
    }

    /** Why the store refused to publish the run (a data-quality failure), or null. */
    String refusal() {
        return refusal;
    }

    /** What publishing the segments did (null until then, or for runs without assignments). */
    private dev.segment.common.store.SegmentLedger.Published published;

    private long publishNanos;

    /**
     * Whether the run's transactions may have stated consent (publishing then records it); known
     * from the job's counters once it has run, true until then (the safe answer).
     */
    private boolean consentStated = true;

    private RecordedRun(
            RunRegistry runs,
            String runId,
            Map<String, Object> parameters,
            StoreConfig store,
            List<String> staged,
            boolean segments,
            String writeId,
            List<String> direct) {
        this.runs = runs;
        this.runId = runId;
        this.parameters = new java.util.LinkedHashMap<>(parameters);
        this.store = store;
        this.staged = staged;
        this.segments = segments;
        this.writeId = writeId;
        this.direct = direct;
    }

    /**
     * Records an effective value of the run (a default resolved, or a value the run derived, such
     * as the as-of date used or the k chosen); written to {@code runs.parameters} at the end.
     */
    RecordedRun effective(String key, Object value) {
        parameters.put(key, value == null ? null : String.valueOf(value));
        return this;
    }

    /**
     * Migrates the store (when there is one), records the start and clears an earlier attempt's
     * rows.
     */
    static RecordedRun start(
            Console console,
            StoreConfig store,
            String requestedId,
            String command,
            Map<String, Object> params,
            List<String> inputs,
            String... resultTables) {
        String runId = requestedId != null ? requestedId : RunRegistry.newRunId(command);
        if (store == null) {
            return new RecordedRun(null, runId, params, null, List.of(), false, runId, List.of());
        }
        console.phase("store: " + store.describe());
        console.line("  schema version %s", Store.migrate(store));
        boolean segments = java.util.Arrays.asList(resultTables).contains("run_assignments");
        if (segments) {
            requireRepublishable(store, runId);
        }
        RunRegistry runs = new RunRegistry(store, SegmentCli.codeVersion());
        boolean rerun = runs.exists(runId);
        runs.start(runId, command, params, inputs);
        List<String> staged =
                java.util.Arrays.stream(resultTables).filter(BulkTables.STAGED::contains).toList();
        List<String> direct = new java.util.ArrayList<>();
        java.util.Arrays.stream(resultTables).filter(t -> !staged.contains(t)).forEach(direct::add);
        if (segments && !direct.isEmpty()) {
            direct.add("models"); // the model is written under the run id as well
        }
        // the run id's earlier rows stay until the run succeeds and replaces them: the staged
        // tables are the run's own until then, the other tables' rows are written under a shadow
        // run id
        String writeId = rerun && !direct.isEmpty() ? BulkTables.shadow(runId) : runId;
        // an earlier attempt's rows (the models row is replaced by its writer)
        runs.clearResults(
                writeId, direct.stream().filter(t -> !t.equals("models")).toArray(String[]::new));
        if (!staged.isEmpty()) {
            BulkTables.create(store, runId, staged);
        }
        return new RecordedRun(runs, runId, params, store, staged, segments, writeId, direct);
    }

    String runId() {
        return runId;
    }

    /**
     * The run id the job's sink of {@code table} writes under: the run id for a table staged on
     * PostgreSQL (its staging table is the run's), else the shadow id of a re-run ({@link
     * #writeId}).
     */
    String writeId(String table) {
        return staged.contains(table) ? runId : writeId;
    }

    /** What publishing the run's segments did, or null (no store, no assignments, failed). */
    dev.segment.common.store.SegmentLedger.Published published() {
        return published;
    }

    /** How long publishing the run's rows took (0 before, or without a store). */
    long publishNanos() {
        return publishNanos;
    }

    /**
     * Prints what the publication of the run's segments did, when it happened; {@code erasedInJob}:
     * the erased customers the job itself left out ({@code LeaveOutErased#ERASED_LEFT_OUT}).
     */
    void printPublication(Console console, long erasedInJob) {
        if (published == null) {
            return;
        }
        console.line(
                "segments: %,d customers current (%,d entered, %,d moved, %,d exited; %,d generic"
                        + " by consent, %,d erased left out), published in %s",
                published.customers(),
                published.entered(),
                published.moved(),
                published.exited(),
                published.generic(),
                published.erased() + erasedInJob,
                Durations.format(publishNanos));
        dev.segment.common.store.ConsentLedger.FromRun consent = published.consent();
        if (consent.recorded() > 0) {
            console.line(
                    "consent: %,d new statements from the transactions recorded (%,d customers"
                            + " withdrawn now, %,d granted now)",
                    consent.recorded(), consent.withdrawnNow(), consent.grantedNow());
        }
    }

    // a re-run of an older published run id would rewrite the history later runs built on:
    // refused before the job starts
    private static void requireRepublishable(StoreConfig store, String runId) {
        try (java.sql.Connection c = Store.connect(store)) {
            String refused = dev.segment.common.store.SegmentLedger.refusal(c, runId);
            if (refused != null) {
                throw new IllegalArgumentException(refused);
            }
        } catch (java.sql.SQLException e) {
            throw new Store.StoreException(
                    "cannot read publications in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Runs the job with an input-progress line; a failure is recorded before it is rethrown. */
    JobExecutionResult execute(FlinkRunner runner, StreamExecutionEnvironment env, String jobName)
            throws Exception {
        try {
            return runner.execute(env, jobName, RecordedRun::inputProgress);
        } catch (Exception e) {
            if (runs != null) {
                discardStaged();
                runs.finish(runId, RunRegistry.Outcome.failed(0, 0, 0, 0, e.getMessage()));
            }
            throw e;
        }
    }

    private void discardStaged() {
        if (!staged.isEmpty()) {
            BulkTables.discard(store, runId, staged);
        }
        if (!writeId.equals(runId)) {
            runs.clearResults(writeId, direct.toArray(String[]::new));
        }
    }

    /** Applies the gate to the job's counters and records the outcome. */
    Outcome finish(JobExecutionResult result, double maxRejectedShare) {
        InputCounters.Counts counts = InputCounters.Counts.of(result);
        long customers = InputCounters.count(result, "rfm.customers");
        consentStated = dev.segment.jobs.rfm.RfmJob.consentSummary(result) != null;
        Object asOf = result.getAccumulatorResult(dev.segment.jobs.rfm.RfmJob.AS_OF_DAY);
        if (asOf instanceof Integer day && day != Integer.MIN_VALUE) {
            effective("as_of_used", java.time.LocalDate.ofEpochDay(day));
        }
        return finish(counts, customers, inputGate(counts, result, maxRejectedShare));
    }

    /**
     * The input gate of a run: its rows', then (run --clicks) its click events', which pass the
     * same gate; null when both pass.
     */
    static String inputGate(
            InputCounters.Counts counts, JobExecutionResult result, double maxRejectedShare) {
        String rows = counts.gateViolation(maxRejectedShare);
        return rows != null
                ? rows
                : dev.segment.jobs.events.EventFiles.gateViolation(result, maxRejectedShare);
    }

    /** Records an outcome computed by the caller. */
    Outcome finish(InputCounters.Counts counts, long customers, String violation) {
        if (runs != null) {
            RunRegistry.Outcome outcome = registryOutcome(counts, customers, violation);
            if (violation == null) {
                // the results become visible, and the run says succeeded, in one transaction
                long t0 = System.nanoTime();
                try {
                    published =
                            BulkTables.publish(
                                    store,
                                    runId,
                                    staged,
                                    segments,
                                    writeId.equals(runId) ? List.of() : direct,
                                    consentStated,
                                    c -> {
                                        runs.updateParameters(c, runId, parameters);
                                        runs.finish(c, runId, outcome);
                                    },
                                    maxExitedShare);
                } catch (RuntimeException e) {
                    discardStaged();
                    // a refusal is a data-quality failure: the files are written, nothing is
                    // published, and the run ends like one that failed its gate
                    boolean refused =
                            e.getCause() instanceof dev.segment.common.store.SegmentLedger.Refused;
                    String why =
                            refused
                                    ? e.getCause().getMessage()
                                    : "publishing failed: " + e.getMessage();
                    if (refused) {
                        runs.updateParameters(runId, parameters);
                    }
                    runs.finish(runId, registryOutcome(counts, customers, why));
                    if (!refused) {
                        throw e;
                    }
                    refusal = why;
                    return new Outcome(counts, customers, why);
                }
                publishNanos = System.nanoTime() - t0;
            } else {
                discardStaged();
                // the embedded store keeps a failed run's rows: not an erased customer's
                BulkTables.suppressErased(store, runId);
                runs.updateParameters(runId, parameters);
                runs.finish(runId, outcome);
            }
        }
        return new Outcome(counts, customers, violation);
    }

    /** The run's row: succeeded when {@code failure} is null, else failed with that reason. */
    private static RunRegistry.Outcome registryOutcome(
            InputCounters.Counts counts, long customers, String failure) {
        return (failure == null
                        ? RunRegistry.Outcome.succeeded(
                                counts.read(),
                                counts.accepted(),
                                counts.rejected(),
                                customers,
                                "ok")
                        : RunRegistry.Outcome.failed(
                                counts.read(),
                                counts.accepted(),
                                counts.rejected(),
                                customers,
                                failure))
                .withSkipped(
                        counts.excluded(),
                        counts.ignored(),
                        counts.duplicates() + counts.duplicatesDropped());
    }

    /** "1,234 rows read, 5 rejected" from live accumulators, or null before the first row. */
    static String inputProgress(Map<String, Object> accumulators) {
        InputCounters.Counts c = InputCounters.Counts.of(accumulators);
        return c.read() == 0
                ? null
                : String.format(Locale.ROOT, "%,d rows read, %,d rejected", c.read(), c.rejected());
    }
}
