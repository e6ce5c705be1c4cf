package dev.segment.jobs.cli;

import dev.segment.common.store.SqlConsole;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code segment sql}: one read-only SQL statement against the store, as a table, CSV or JSON. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        header = "Run one read-only SQL statement against the segment store.",
        description =
                "Run exactly one read-only statement (SELECT, WITH, VALUES, TABLE, "
                        + "EXPLAIN, SHOW) against the segment store (--jdbc-url, else "
                        + "$SEGMENT_JDBC_URL, else the embedded store) and print the result. "
                        + "Writes and DDL are refused (exit 2) and the store is left as it was: "
                        + "the statement runs in a read-only transaction that is rolled back. "
                        + "Tables and views: sql/README.md (e.g. runs, customer_rfm, "
                        + "segment_history, segment_changes, customers, consent, "
                        + "run_assignments, personas, segment_assignments_live; views "
                        + "segment_assignments (current), crm_segment_export, "
                        + "latest_segments, segment_sizes, segment_revenue, persona_profiles, "
                        + "rfm_grid, segment_trend, migration_matrix, live_intent_now). Recipes: "
                        + "sql/recipes/*.sql (--file).")
final class SqlCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SQL",
            description = "The statement, e.g. \"SELECT * FROM runs\" (or use --file).")
    String sql;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "Read the statement from FILE (comments allowed), e.g. a recipe.")
    Path file;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "FMT",
            description =
                    "table (aligned, first 1000 rows) | csv (RFC 4180, all rows) | json (array of"
                            + " objects, all rows). Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin StoreConnectionOptions store;

    @Override
    public Integer call() throws IOException {
        SqlConsole.Format fmt = SqlConsole.Format.parse(format);
        if ((sql == null) == (file == null)) {
            throw new SegmentCli.UsageException(
                    "give the statement either as SQL or with --file, exactly one of them");
        }
        String text = sql;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--file " + file + " does not exist");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        StoreConfig config = store.resolveExisting();
        Store.migrate(config);
        SqlConsole.query(config, text, fmt, System.out);
        return ExitCodes.OK;
    }
}
