package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store suite on the embedded DuckDB file store that `bin/segment demo` uses. */
class DuckDbStoreITCase extends StoreSuite {

    @TempDir static Path dir;

    @Override
    String writeHiddenInARead() {
        // EXPLAIN ANALYZE runs the statement it explains
        return "EXPLAIN ANALYZE DELETE FROM runs";
    }

    @Override
    StoreConfig store() {
        return StoreConfig.embedded(dir);
    }

    @Test
    void sqlCannotReadOrAttachFilesBesideTheStore(@TempDir Path dir) throws Exception {
        StoreConfig config = store();
        Store.migrate(config);
        Path secret = dir.resolve("secret.csv");
        Files.writeString(secret, "a\n1\n");
        for (String read :
                java.util.List.of(
                        "SELECT * FROM read_csv('" + secret + "')",
                        "SELECT * FROM '" + secret + "'")) {
            RuntimeException e =
                    assertThrows(
                            RuntimeException.class,
                            () ->
                                    SqlConsole.query(
                                            config,
                                            read,
                                            SqlConsole.Format.CSV,
                                            new java.io.PrintStream(
                                                    new java.io.ByteArrayOutputStream())),
                            read);
            assertTrue(String.valueOf(e.getMessage()).contains("disabled"), e.getMessage());
        }
    }

    @Test
    void anEditedMigrationOrAnOldH2StoreStopsTheStoreFromOpening(@TempDir Path other)
            throws Exception {
        StoreConfig config = StoreConfig.embedded(other.resolve("edited"));
        Store.migrate(config);
        try (Connection c = Store.connect(config);
                Statement s = c.createStatement()) {
            s.execute("UPDATE schema_history SET checksum = 'edited' WHERE version = 16");
        }
        assertTrue(
                assertThrows(Store.StoreException.class, () -> Store.migrate(config))
                        .getMessage()
                        .contains("V16__duckdb_baseline.sql was changed after it was applied"));

        Path old = Files.createDirectories(other.resolve("h2"));
        Files.writeString(old.resolve("segment.mv.db"), "an H2 file");
        String refused =
                assertThrows(
                                Store.StoreException.class,
                                () -> Store.migrate(StoreConfig.embedded(old)))
                        .getMessage();
        assertTrue(refused.contains("holds an H2 store of an earlier version"), refused);
        assertFalse(Files.exists(old.resolve(StoreConfig.EMBEDDED_FILE)), "no new store made");
    }

    @Override
    String product() {
        return "DuckDB";
    }
}
