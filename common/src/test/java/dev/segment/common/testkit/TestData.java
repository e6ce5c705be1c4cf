package dev.segment.common.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's bundled {@code data/} folder from any module's working directory. */
public final class TestData {
    private TestData() {}

    /** {@code data/<relative>} at the repository root; fails clearly when it cannot be found. */
    public static Path file(String relative) {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("data").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "data/" + relative + " not found above " + Paths.get("").toAbsolutePath());
    }

    /** JDBC settings of the machine's PostgreSQL, from the environment with the CI defaults. */
    public static String postgresUrl() {
        String url = System.getenv("SEGMENT_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        return "jdbc:postgresql://"
                + env("PGHOST", "127.0.0.1")
                + ":"
                + env("PGPORT", "5432")
                + "/"
                + env("PGDATABASE", "test");
    }

    public static String postgresUser() {
        return env("PGUSER", "postgres");
    }

    public static String postgresPassword() {
        return env("PGPASSWORD", "");
    }

    /** A connection to the machine's PostgreSQL as the test's administrator. */
    public static java.sql.Connection postgresAdmin() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
                postgresUrl(), postgresUser(), postgresPassword());
    }

    /** Runs one statement (schema set-up and clean-up) on the machine's PostgreSQL. */
    public static void postgresExecute(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = postgresAdmin();
                java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * {@link #postgresUrl()} with {@code currentSchema} set, for tests in a schema of their own.
     */
    public static String postgresUrlInSchema(String schema) {
        String base = postgresUrl();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
