package dev.segment.common.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Connections to the store and its schema migrations: Flyway on PostgreSQL ({@code
 * classpath:db/migration} and {@code db/migration-postgres}), {@link DuckDbMigrations} on the
 * embedded DuckDB store.
 */
public final class Store {
    private Store() {}

    /** Opens a connection, with an error message that says what to check. */
    public static Connection connect(StoreConfig config) {
        try {
            Class.forName(config.kind().driver());
            if (config.kind() == StoreConfig.Kind.DUCKDB) {
                keepOpen(config);
                // the same (no) properties as every other connection to the file in this process,
                // the JDBC sinks' included: DuckDB refuses a second configuration of an open file
                return DriverManager.getConnection(config.url());
            }
            if (config.kind() == StoreConfig.Kind.POSTGRES) {
                java.util.Properties props = new java.util.Properties();
                if (config.user() != null) {
                    props.setProperty("user", config.user());
                }
                if (config.password() != null) {
                    props.setProperty("password", config.password());
                }
                // a key violation's detail names the key's values (a customer id): errors that
                // reach the console and the log say which constraint, not whose row
                props.setProperty("logServerErrorDetail", "false");
                return DriverManager.getConnection(config.url(), props);
            }
            throw new IllegalStateException("no connection for " + config.kind());
        } catch (SQLException | ClassNotFoundException e) {
            throw new StoreException(unreachable(config, e), e);
        }
    }

    /**
     * Opens a connection that cannot write: on DuckDB the file opened read-only (this process's own
     * read-write connection to it is closed first; DuckDB opens a file one way at a time), on
     * PostgreSQL a plain connection the caller makes read-only.
     */
    public static Connection connectReadOnly(StoreConfig config) {
        if (config.kind() != StoreConfig.Kind.DUCKDB) {
            return connect(config);
        }
        Connection kept = KEEP_OPEN.remove(config.url());
        try {
            if (kept != null) {
                kept.close();
            }
            java.util.Properties props = new java.util.Properties();
            props.setProperty("duckdb.read_only", "true");
            // an analyst's statement reads the store, not files beside it (read_csv('/etc/...'),
            // ATTACH): the read-only instance is this connection's own, so nothing else loses it
            props.setProperty("enable_external_access", "false");
            return DriverManager.getConnection(config.url(), props);
        } catch (SQLException e) {
            throw new StoreException(
                    unreachable(config, e)
                            + (String.valueOf(e.getMessage()).contains("different configuration")
                                    ? " (a job of this process has the store open for writing)"
                                    : ""),
                    e);
        }
    }

    /** Work on a connection inside {@link #transaction}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * A database error becomes a {@link StoreException} "cannot {@code what} in {@code store}".
     */
    public static <T> T transaction(StoreConfig config, String what, Work<T> work) {
        // DuckDB does not wait for a row another transaction changed: it aborts the later one.
        // This process's own transactions on the embedded store take turns instead (another
        // process cannot open the file while this one has it).
        java.util.concurrent.locks.ReentrantLock turn =
                config.kind() == StoreConfig.Kind.DUCKDB
                        ? TURNS.computeIfAbsent(
                                config.url(), u -> new java.util.concurrent.locks.ReentrantLock())
                        : null;
        if (turn != null) {
            turn.lock();
        }
        try {
            return inTransaction(config, what, work);
        } finally {
            if (turn != null) {
                turn.unlock();
            }
        }
    }

    private static final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> TURNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static <T> T inTransaction(StoreConfig config, String what, Work<T> work) {
        try (Connection c = connect(config)) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot " + what + " in " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    // One connection per embedded database, open until the JVM exits: opening a DuckDB file
    // replays its write-ahead log and closing the last connection checkpoints it, and the JDBC
    // sinks of a job and our own short-lived connections open and close all the time. At exit the
    // file is checkpointed and closed, so the next process (or the duckdb shell) opens it at once.
    private static final java.util.Map<String, Connection> KEEP_OPEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () ->
                                        KEEP_OPEN
                                                .values()
                                                .forEach(
                                                        c -> {
                                                            try {
                                                                c.close();
                                                            } catch (SQLException e) {
                                                                // exiting: the WAL keeps the rows
                                                            }
                                                        }),
                                "close-embedded-store"));
    }

    private static void keepOpen(StoreConfig config) {
        KEEP_OPEN.computeIfAbsent(
                config.url(),
                url -> {
                    try {
                        java.nio.file.Path file = java.nio.file.Path.of(config.duckDbFile());
                        if (file.getParent() != null) {
                            java.nio.file.Files.createDirectories(file.getParent());
                        }
                        refuseOldH2Store(file);
                        return DriverManager.getConnection(url);
                    } catch (SQLException | java.io.IOException e) {
                        throw new StoreException(unreachable(config, e), e);
                    }
                });
    }

    // Until schema version 16 the embedded store was an H2 file in the same directory. Its rows
    // (consent, erasures, history) are not carried over silently: the user decides.
    private static void refuseOldH2Store(java.nio.file.Path file) {
        java.nio.file.Path h2 = file.resolveSibling("segment.mv.db");
        if (java.nio.file.Files.exists(h2) && !java.nio.file.Files.exists(file)) {
            throw new StoreException(
                    "the store directory "
                            + file.getParent()
                            + " holds an H2 store of an earlier version (segment.mv.db); the"
                            + " embedded store is a DuckDB file now and does not read it. Move"
                            + " segment.mv.db away (or use another --store-dir) and run again;"
                            + " its runs, consent and erasures are not copied",
                    null);
        }
    }

    /**
     * Applies the migrations the store has not seen yet: on PostgreSQL those in {@code
     * sql/migrations} and {@code sql/migrations-postgres}, on DuckDB its baseline in {@code
     * sql/migrations-duckdb} and the shared ones after it.
     *
     * @return the schema version after migrating
     */
    public static String migrate(StoreConfig config) {
        config.validate();
        if (config.kind() == StoreConfig.Kind.DUCKDB) {
            return DuckDbMigrations.migrate(config);
        }
        try {
            Flyway flyway =
                    Flyway.configure(Store.class.getClassLoader())
                            .dataSource(config.url(), config.user(), config.password())
                            .locations("classpath:db/migration", "classpath:db/migration-postgres")
                            .loggers("slf4j")
                            .load();
            flyway.migrate();
            return flyway.info().current().getVersion().getVersion();
        } catch (FlywayException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof SQLException || root instanceof java.net.ConnectException) {
                throw new StoreException(unreachable(config, root), e);
            }
            throw new StoreException(
                    "schema migration of " + config.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private static String unreachable(StoreConfig config, Throwable e) {
        String hint = "";
        if (config.kind() == StoreConfig.Kind.POSTGRES) {
            hint =
                    " (is PostgreSQL running? set SEGMENT_JDBC_URL, or PGHOST/PGPORT/PGDATABASE/"
                            + "PGUSER/PGPASSWORD, or --jdbc-url)";
        } else if (String.valueOf(e.getMessage()).contains("lock")) {
            hint =
                    " (one process at a time may open the embedded store: is a job, bin/segment"
                            + " sql or a duckdb shell using it? Use PostgreSQL for concurrent"
                            + " readers)";
        }
        return "cannot connect to "
                + config.describe()
                + (config.user() == null ? "" : " as " + config.user())
                + ": "
                + e.getMessage()
                + hint;
    }

    /** The store failed; the message says what and where. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
