package dev.segment.jobs.cli;

import dev.segment.common.store.StoreConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine.Option;

/** Which store: PostgreSQL (or any JDBC URL we support) or the embedded file store. */
public final class StoreConnectionOptions {

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description =
                    "Segment store, e.g. jdbc:postgresql://127.0.0.1:5432/test (user/password "
                            + "from --jdbc-user/--jdbc-password or PGUSER/PGPASSWORD). "
                            + "Default: $SEGMENT_JDBC_URL if set, else the embedded store.")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            paramLabel = "USER",
            description = "Store user (default $PGUSER or postgres).")
    String jdbcUser;

    @Option(
            names = "--jdbc-password",
            paramLabel = "PASSWORD",
            description = "Store password (default $PGPASSWORD or empty).")
    String jdbcPassword;

    @Option(
            names = "--store-dir",
            paramLabel = "DIR",
            description =
                    "Directory of the embedded store (a DuckDB file), used when no JDBC URL is"
                            + " given. "
                            + "Default: $SEGMENT_STORE_DIR or <repo>/out/store.")
    Path storeDir;

    /**
     * The store these options select: --jdbc-url, else $SEGMENT_JDBC_URL, else the embedded one.
     */
    StoreConfig resolve() {
        StoreConfig config;
        String envUrl = System.getenv("SEGMENT_JDBC_URL");
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            config = StoreConfig.fromEnvironment().withUrl(jdbcUrl);
        } else if (envUrl != null && !envUrl.isBlank()) {
            config = StoreConfig.fromEnvironment();
        } else {
            config = StoreConfig.embedded(embeddedDir());
        }
        if (jdbcUser != null) {
            config = config.withCredentials(jdbcUser, jdbcPassword == null ? "" : jdbcPassword);
        } else if (jdbcPassword != null) {
            config = config.withCredentials(config.user(), jdbcPassword);
        }
        if (config.kind() == StoreConfig.Kind.DUCKDB) {
            config = config.withCredentials(null, null); // DuckDB has no users
        }
        if (config.kind() == StoreConfig.Kind.DUCKDB
                && dev.segment.jobs.runtime.FlinkRunner.remote() != null) {
            throw new IllegalArgumentException(
                    "submit: the embedded store (--store-dir) is a file of this process that"
                            + " TaskManager processes cannot share; use --jdbc-url (PostgreSQL)"
                            + " or --no-store");
        }
        return config.validate();
    }

    /**
     * The store these options select, which must exist already: a command that only reads or cleans
     * a store ({@code sql}, {@code export}, {@code prune}, {@code forget}) must not create an empty
     * one in a mistyped folder and then report that it holds nothing.
     */
    StoreConfig resolveExisting() {
        StoreConfig config = resolve();
        Path absent = absentEmbeddedFile(config);
        if (absent != null) {
            throw new SegmentCli.UsageException(
                    "no store in "
                            + absent.getParent()
                            + " ("
                            + embeddedSource()
                            + "): it holds no "
                            + absent.getFileName()
                            + ". Check the path, or create the store by a run (bin/segment"
                            + " demo, run, cluster or rfm)");
        }
        return config;
    }

    /**
     * The store these options select, or null when it is the embedded one and does not exist yet:
     * for a command that only consults a store (whom to leave out) and must not create one.
     */
    StoreConfig resolveIfExists() {
        StoreConfig config = resolve();
        return absentEmbeddedFile(config) == null ? config : null;
    }

    /** The file of an embedded store that does not exist yet, or null. */
    private static Path absentEmbeddedFile(StoreConfig config) {
        if (config.kind() != StoreConfig.Kind.DUCKDB) {
            return null;
        }
        Path file = Paths.get(config.duckDbFile());
        return java.nio.file.Files.isRegularFile(file) ? null : file;
    }

    /** Which setting named the embedded store, for messages. */
    private String embeddedSource() {
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return "--jdbc-url";
        }
        String envUrl = System.getenv("SEGMENT_JDBC_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            return "$SEGMENT_JDBC_URL";
        }
        if (storeDir != null) {
            return "--store-dir";
        }
        String env = System.getenv("SEGMENT_STORE_DIR");
        return env != null && !env.isBlank() ? "$SEGMENT_STORE_DIR" : "the default store";
    }

    /**
     * The options that select {@code store} again, for the commands a console hint suggests: empty
     * for the default embedded store, else {@code --store-dir} or {@code --jdbc-url} (its password
     * masked), so a copied hint queries the store the command wrote.
     */
    static String hint(StoreConfig store) {
        if (store.kind() != StoreConfig.Kind.DUCKDB) {
            return " --jdbc-url '" + store.maskedUrl() + "'";
        }
        Path dir = Paths.get(store.duckDbFile()).getParent();
        Path standard = new StoreConnectionOptions().embeddedDir().toAbsolutePath().normalize();
        return dir.toAbsolutePath().normalize().equals(standard)
                ? ""
                : " --store-dir '" + dir.toAbsolutePath() + "'";
    }

    Path embeddedDir() {
        if (storeDir != null) {
            return storeDir;
        }
        String env = System.getenv("SEGMENT_STORE_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return OutputPaths.home().resolve("out").resolve("store");
    }
}
