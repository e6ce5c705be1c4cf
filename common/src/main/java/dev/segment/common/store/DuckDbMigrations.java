package dev.segment.common.store;

import dev.segment.common.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schema migrations of the embedded DuckDB store (Flyway has no DuckDB support in the version we
 * use). A new store starts from the baseline in {@code db/migration-duckdb} (the state the shared
 * steps up to its version give PostgreSQL, written in SQL DuckDB takes: DuckDB cannot replay the
 * early steps' renames), then takes the shared {@code db/migration} steps after it and any later
 * DuckDB-only step. Each applied script is recorded in {@code schema_history} with its SHA-256; a
 * released script that was edited afterwards stops the store from opening, as Flyway's validation
 * does.
 */
final class DuckDbMigrations {
    private DuckDbMigrations() {}

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One versioned script. */
    record Script(int version, String description, String name, String sql) {
        String checksum() {
            return Sha256.hex(sql);
        }
    }

    /** Migrates {@code config}'s DuckDB store and returns its schema version. */
    static String migrate(StoreConfig config) {
        List<Script> scripts = scripts();
        return Store.transaction(
                config,
                "migrate the schema",
                c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(
                                "CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY"
                                        + " KEY, description VARCHAR NOT NULL, script VARCHAR NOT"
                                        + " NULL, checksum VARCHAR NOT NULL, installed_at TIMESTAMP"
                                        + " NOT NULL)");
                    }
                    Map<Integer, String[]> applied = applied(c);
                    int current = applied.keySet().stream().mapToInt(i -> i).max().orElse(0);
                    for (Script script : scripts) {
                        String[] seen = applied.get(script.version());
                        if (seen != null) {
                            if (!seen[1].equals(script.checksum())) {
                                throw new SQLException(
                                        "migration "
                                                + script.name()
                                                + " was changed after it was applied to this"
                                                + " store (checksum differs); a released migration"
                                                + " is never edited");
                            }
                            continue;
                        }
                        if (script.version() < current) {
                            continue; // a step the baseline already stands for
                        }
                        try (Statement s = c.createStatement()) {
                            s.execute(script.sql());
                        } catch (SQLException e) {
                            throw new SQLException(
                                    "migration " + script.name() + " failed: " + e.getMessage(), e);
                        }
                        try (PreparedStatement ps =
                                c.prepareStatement(
                                        "INSERT INTO schema_history VALUES (?, ?, ?, ?, ?)")) {
                            ps.setInt(1, script.version());
                            ps.setString(2, script.description().replace('_', ' '));
                            ps.setString(3, script.name());
                            ps.setString(4, script.checksum());
                            ps.setTimestamp(5, Timestamp.from(Instant.now()));
                            ps.executeUpdate();
                        }
                        current = script.version();
                    }
                    return String.valueOf(current);
                });
    }

    private static Map<Integer, String[]> applied(Connection c) throws SQLException {
        Map<Integer, String[]> out = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT version, script, checksum FROM schema_history")) {
            while (rs.next()) {
                out.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    /**
     * The scripts a new store runs, by version: the DuckDB baseline (the newest {@code
     * db/migration-duckdb} script at or below which no shared step applies), every shared step
     * after it and every later DuckDB-only step. A DuckDB script replaces a shared one of its
     * version.
     */
    static List<Script> scripts() {
        Map<Integer, Script> own = read("db/migration-duckdb");
        if (own.isEmpty()) {
            throw new IllegalStateException("no DuckDB baseline in db/migration-duckdb");
        }
        int baseline = own.keySet().iterator().next();
        Map<Integer, Script> all = new TreeMap<>();
        read("db/migration")
                .forEach(
                        (v, s) -> {
                            if (v > baseline) {
                                all.put(v, s);
                            }
                        });
        all.putAll(own);
        return new ArrayList<>(all.values());
    }

    private static Map<Integer, Script> read(String folder) {
        Map<Integer, Script> out = new TreeMap<>();
        URL url = DuckDbMigrations.class.getClassLoader().getResource(folder);
        if (url == null) {
            return out;
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                list(fs.getPath(folder), out);
            } else {
                list(Path.of(uri), out);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list migrations in " + url + ": " + e, e);
        }
        return out;
    }

    private static void list(Path dir, Map<Integer, Script> out) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    int version = Integer.parseInt(m.group(1));
                    out.put(
                            version,
                            new Script(
                                    version,
                                    m.group(2),
                                    name,
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
    }
}
