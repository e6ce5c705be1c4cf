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
            return DriverManager.getConnection(config.url(), config.user(), config.password());
        } catch (SQLException | ClassNotFoundException e) {
            throw new StoreException(unreachable(config, e), e);
        }
    }

    /**
     * Applies the migrations in {@code sql/migrations} that the store has not seen yet.
     *
     * @return the schema version after migrating
     */
    public static String migrate(StoreConfig config) {
        config.validate();
        try {
            Flyway flyway =
                    Flyway.configure(Store.class.getClassLoader())
                            .dataSource(config.url(), config.user(), config.password())
                            .locations("classpath:db/migration")
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
