package dev.segment.common.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Connections to the store and its schema migrations (Flyway, classpath:db/migration). */
public final class Store {
    private Store() {}

    /** Opens a connection, with an error message that says what to check. */
    public static Connection connect(StoreConfig config) {
        try {
            Class.forName(config.kind().driver());
            if (config.kind() == StoreConfig.Kind.H2) {
                keepOpen(config);
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
            return DriverManager.getConnection(config.url(), config.user(), config.password());
        } catch (SQLException | ClassNotFoundException e) {
            throw new StoreException(unreachable(config, e), e);
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

    // One connection per embedded database, open until the JVM exits. An embedded H2 database
    // closes when its last connection closes; the JDBC sinks of a job and our own short-lived
    // connections open and close all the time, and a close racing a reopen lost a whole run's
    // rows (seen in SegmentCliITCase when one JVM ran two commands on the same store).
    private static final java.util.Map<String, Connection> KEEP_OPEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static void keepOpen(StoreConfig config) {
        if (config.url().contains("ACCESS_MODE_DATA=r")) {
            return; // the read-only SQL console: never let it be the connection that opens the DB
        }
        KEEP_OPEN.computeIfAbsent(
                config.url(),
                url -> {
                    try {
                        return DriverManager.getConnection(url, config.user(), config.password());
                    } catch (SQLException e) {
                        throw new StoreException(unreachable(config, e), e);
                    }
                });
    }

    /**
     * Applies the migrations in {@code sql/migrations} that the store has not seen yet, on
     * PostgreSQL with those in {@code sql/migrations-postgres}.
     *
     * @return the schema version after migrating
     */
    public static String migrate(StoreConfig config) {
        config.validate();
        if (config.kind() == StoreConfig.Kind.H2) {
            keepOpen(config);
        }
        try {
            Flyway flyway =
                    Flyway.configure(Store.class.getClassLoader())
                            .dataSource(config.url(), config.user(), config.password())
                            .locations(
                                    config.kind() == StoreConfig.Kind.POSTGRES
                                            ? new String[] {
                                                "classpath:db/migration",
                                                "classpath:db/migration-postgres"
                                            }
                                            : new String[] {"classpath:db/migration"})
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
        String hint =
                config.kind() == StoreConfig.Kind.POSTGRES
                        ? " (is PostgreSQL running? set SEGMENT_JDBC_URL, or PGHOST/PGPORT/PGDATABASE/"
                                + "PGUSER/PGPASSWORD, or --jdbc-url)"
                        : "";
        return "cannot connect to "
                + config.describe()
                + " as "
                + config.user()
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
