package dev.segment.jobs.cli;

import dev.segment.common.store.SqlConsole;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code segment sql}: one SQL statement against the configured store, printed as a table. */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        header = "Run one SQL statement against the segment store.",
        description = {
            "Run one SQL statement against the segment store (--jdbc-url, else $SEGMENT_JDBC_URL,",
            "else the embedded store) and print the result as a table.",
            "Tables: runs, customer_rfm, segment_assignments, personas, models; views latest_rfm, latest_segments."
        })
final class SqlCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "SQL",
            description = "The statement, e.g. \"SELECT * FROM runs\".")
    String sql;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
        StoreConfig config = store.resolve();
        Store.migrate(config);
        SqlConsole.query(config, sql, System.out);
        return ExitCodes.OK;
    }
}
