package dev.segment.common.store;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how results are stored. Immutable; {@link #validate()} names the bad setting.
 *
 * @param url JDBC URL ({@code jdbc:postgresql:...} or {@code jdbc:duckdb:FILE})
 * @param user user name
 * @param password password (may be empty)
 * @param batchSize rows per JDBC batch
 * @param batchIntervalMs flush interval of partial batches (0 = only when full / at the end)
 * @param maxRetries retries of a failed batch
 */
public record StoreConfig(
        String url,
        String user,
        String password,
        int batchSize,
        long batchIntervalMs,
        int maxRetries)
        implements Serializable {

    /**
     * Credentials written into a PostgreSQL URL ({@code jdbc:postgresql://user:pass@host/db}, as
     * libpq's URIs allow, or {@code ?user=u&password=p}) move into {@link #user} and {@link
     * #password}, and out of the URL: PgJDBC cannot parse the first form, and in the second the
     * URL's user would silently beat the one every message names.
     */
    public StoreConfig {
        if (url != null && url.regionMatches(true, 0, PG_PREFIX, 0, PG_PREFIX.length())) {
            String rest = url.substring(PG_PREFIX.length());
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String info = authority.substring(0, at);
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                if (colon >= 0) {
                    password = decode(info.substring(colon + 1));
                }
                rest = rest.substring(at + 1);
            }
            int q = rest.indexOf('?');
            if (q >= 0) {
                StringBuilder kept = new StringBuilder();
                for (String param : rest.substring(q + 1).split("&")) {
                    int eq = param.indexOf('=');
                    String key = eq < 0 ? param : param.substring(0, eq);
                    String value = eq < 0 ? "" : param.substring(eq + 1);
                    if (key.equals("user")) {
                        user = decode(value);
                    } else if (key.equals("password")) {
                        password = decode(value);
                    } else if (!param.isEmpty()) {
                        kept.append(kept.length() == 0 ? "" : "&").append(param);
                    }
                }
                rest = rest.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
            }
            url = url.substring(0, PG_PREFIX.length()) + rest;
            // a password taken from the URL is masked even if another one wins later
            Secrets.register(password);
        }
    }

    private static final String PG_PREFIX = "jdbc:postgresql://";

    private static String decode(String s) {
        // percent-escapes only: a '+' in a password is a plus, not a space
        return java.net.URLDecoder.decode(
                s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The two kinds of store we support. */
    public enum Kind {
        POSTGRES("org.postgresql.Driver"),
        DUCKDB("org.duckdb.DuckDBDriver");

        private final String driver;

        Kind(String driver) {
            this.driver = driver;
        }

        public String driver() {
            return driver;
        }
    }

    /** PostgreSQL from SEGMENT_JDBC_URL or PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD. */
    public static StoreConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static StoreConfig fromEnvironment(Map<String, String> env) {
        String url = env.get("SEGMENT_JDBC_URL");
        if (url == null || url.isBlank()) {
            url =
                    "jdbc:postgresql://"
                            + env.getOrDefault("PGHOST", StoreOptions.PG_HOST.defaultValue())
                            + ":"
                            + env.getOrDefault(
                                    "PGPORT", String.valueOf(StoreOptions.PG_PORT.defaultValue()))
                            + "/"
                            + env.getOrDefault(
                                    "PGDATABASE", StoreOptions.PG_DATABASE.defaultValue());
        }
        return new StoreConfig(
                url,
                env.getOrDefault("PGUSER", StoreOptions.USER.defaultValue()),
                env.getOrDefault("PGPASSWORD", StoreOptions.PASSWORD.defaultValue()),
                StoreOptions.BATCH_SIZE.defaultValue(),
                StoreOptions.BATCH_INTERVAL_MS.defaultValue(),
                StoreOptions.MAX_RETRIES.defaultValue());
    }

    /** The file of the embedded store in a store directory. */
    public static final String EMBEDDED_FILE = "segment.duckdb";

    /** The embedded file store in {@code dir} (a DuckDB file; no server needed). */
    public static StoreConfig embedded(Path dir) {
        return new StoreConfig(
                "jdbc:duckdb:" + dir.toAbsolutePath().resolve(EMBEDDED_FILE),
                // DuckDB has no users; every connection to a file in one process must be opened
                // with the same properties, so none are passed
                null,
                null,
                StoreOptions.BATCH_SIZE.defaultValue(),
                0L,
                StoreOptions.MAX_RETRIES.defaultValue());
    }

    public StoreConfig withUrl(String newUrl) {
        return new StoreConfig(newUrl, user, password, batchSize, batchIntervalMs, maxRetries);
    }

    public StoreConfig withCredentials(String newUser, String newPassword) {
        return new StoreConfig(url, newUser, newPassword, batchSize, batchIntervalMs, maxRetries);
    }

    public StoreConfig withBatching(int size, int retries) {
        return new StoreConfig(url, user, password, size, batchIntervalMs, retries);
    }

    /** The same store, partial batches flushed after {@code millis} (0: only when full). */
    public StoreConfig withBatchInterval(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("flush interval must be >= 0 but was " + millis);
        }
        return new StoreConfig(url, user, password, batchSize, millis, maxRetries);
    }

    public Kind kind() {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return Kind.POSTGRES;
        }
        if (u.startsWith("jdbc:duckdb:")) {
            return Kind.DUCKDB;
        }
        if (u.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(
                    "--jdbc-url '"
                            + Secrets.maskUrl(url)
                            + "': H2 is no longer supported; the embedded store is a DuckDB file"
                            + " (--store-dir DIR, or --jdbc-url jdbc:duckdb:FILE)");
        }
        throw new IllegalArgumentException(
                "--jdbc-url '"
                        + Secrets.maskUrl(url)
                        + "' is not supported: use jdbc:postgresql://host:port/db or"
                        + " jdbc:duckdb:FILE");
    }

    public StoreConfig validate() {
        Secrets.register(password);
        Secrets.registerFrom(url);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("--jdbc-url is empty");
        }
        if (kind() == Kind.DUCKDB) {
            String file = duckDbFile();
            if (file.isEmpty() || file.startsWith(":memory:")) {
                throw new IllegalArgumentException(
                        "--jdbc-url '"
                                + Secrets.maskUrl(url)
                                + "' must name a DuckDB file (jdbc:duckdb:/path/to/segment.duckdb):"
                                + " the commands of a run share the store through it");
            }
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be > 0 but was " + batchSize);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("--max-retries must be >= 0 but was " + maxRetries);
        }
        if (batchIntervalMs < 0) {
            throw new IllegalArgumentException(
                    "batch interval must be >= 0 but was " + batchIntervalMs);
        }
        return this;
    }

    /** URL without credentials, for messages and summaries. */
    public String describe() {
        return kind() == Kind.DUCKDB ? "embedded store " + duckDbFile() : Secrets.maskUrl(url);
    }

    /** The database file of a DuckDB store. */
    public String duckDbFile() {
        return url.substring("jdbc:duckdb:".length());
    }

    /** The URL with password-like values masked: the only form of it that may be shown. */
    public String maskedUrl() {
        return Secrets.maskUrl(url);
    }

    /** Never shows the password (records print every component by default). */
    @Override
    public String toString() {
        return "StoreConfig[url="
                + Secrets.maskUrl(url)
                + ", user="
                + user
                + ", password="
                + (password == null || password.isEmpty() ? "" : Secrets.MASK)
                + ", batchSize="
                + batchSize
                + ", batchIntervalMs="
                + batchIntervalMs
                + ", maxRetries="
                + maxRetries
                + "]";
    }
}
