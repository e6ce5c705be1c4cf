package dev.segment.jobs.cli;

import dev.segment.common.store.StoreConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where results go and how they are written: the store, the run id, JDBC batching. */
public final class StoreOptions {

    @Mixin StoreConnectionOptions connection;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description =
                    "Run id (default: generated). Re-running with the same id replaces that run's "
                            + "rows instead of adding new ones.")
    String runId;

    @Option(
            names = "--no-store",
            description = "Write files only; do not record the run or its rows in a store.")
    boolean noStore;

    @Option(
            names = "--batch-size",
            defaultValue = "1000",
            paramLabel = "N",
            description = "JDBC batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(
            names = "--max-retries",
            defaultValue = "3",
            paramLabel = "N",
            description = "JDBC retries per failed batch. Default: ${DEFAULT-VALUE}.")
    int maxRetries;

    /** The store to write to, with these options' batching. */
    StoreConfig resolve() {
        return connection.resolve().withBatching(batchSize, maxRetries).validate();
    }
}
