package dev.segment.common.store;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Typed settings of the segment store, with their environment variables and defaults. */
public final class StoreOptions {
    private StoreOptions() {}

    public static final ConfigOption<String> JDBC_URL =
            ConfigOptions.key("store.jdbc-url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "JDBC URL of the store (env SEGMENT_JDBC_URL); when absent the embedded"
                                    + " H2 file store is used, or PostgreSQL from the PG* variables"
                                    + " when asked for explicitly.");

    public static final ConfigOption<String> PG_HOST =
            ConfigOptions.key("store.pg.host")
                    .stringType()
                    .defaultValue("127.0.0.1")
                    .withDescription("PostgreSQL host (env PGHOST).");

    public static final ConfigOption<Integer> PG_PORT =
            ConfigOptions.key("store.pg.port")
                    .intType()
                    .defaultValue(5432)
                    .withDescription("PostgreSQL port (env PGPORT).");

    public static final ConfigOption<String> PG_DATABASE =
            ConfigOptions.key("store.pg.database")
                    .stringType()
                    .defaultValue("test")
                    .withDescription("PostgreSQL database (env PGDATABASE).");

    public static final ConfigOption<String> USER =
            ConfigOptions.key("store.user")
                    .stringType()
                    .defaultValue("postgres")
                    .withDescription("Store user (env PGUSER).");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("store.password")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Store password (env PGPASSWORD).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("store.batch-size")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Rows per JDBC batch.");

    public static final ConfigOption<Long> BATCH_INTERVAL_MS =
            ConfigOptions.key("store.batch-interval-ms")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Flush a partial batch after this many ms (0: only when full or at the end).");

    public static final ConfigOption<Integer> MAX_RETRIES =
            ConfigOptions.key("store.max-retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Retries of a failed JDBC batch.");
}
