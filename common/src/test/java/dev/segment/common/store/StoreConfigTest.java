package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void environmentDefaultsAreTheMachinesPostgres() {
        StoreConfig c = StoreConfig.fromEnvironment(Map.of());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test", c.url());
        assertEquals("postgres", c.user());
        assertEquals(StoreConfig.Kind.POSTGRES, c.kind());
    }

    @Test
    void environmentVariablesOverride() {
        StoreConfig c =
                StoreConfig.fromEnvironment(
                        Map.of(
                                "PGHOST",
                                "db",
                                "PGPORT",
                                "6543",
                                "PGDATABASE",
                                "crm",
                                "PGUSER",
                                "me"));
        assertEquals("jdbc:postgresql://db:6543/crm", c.url());
        assertEquals("me", c.user());
        assertEquals(
                "jdbc:h2:mem:x",
                StoreConfig.fromEnvironment(Map.of("SEGMENT_JDBC_URL", "jdbc:h2:mem:x")).url());
    }

    @Test
    void embeddedIsAnH2FileInPostgresMode() {
        StoreConfig c = StoreConfig.embedded(Path.of("/tmp/s"));
        assertEquals(StoreConfig.Kind.H2, c.kind());
        assertTrue(c.url().startsWith("jdbc:h2:file:/tmp/s/segment;MODE=PostgreSQL"), c.url());
    }

    @Test
    void badSettingsAreNamed() {
        StoreConfig base = StoreConfig.fromEnvironment(Map.of());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> base.withUrl("jdbc:mysql://x/y").validate())
                        .getMessage()
                        .contains("--jdbc-url 'jdbc:mysql://x/y' is not supported"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> base.withBatching(0, 3).validate())
                        .getMessage()
                        .contains("--batch-size"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> base.withBatching(10, -1).validate())
                        .getMessage()
                        .contains("--max-retries"));
    }

    @Test
    void upsertStatementsPerStore() {
        List<String> cols = List.of("run_id", "customer_id", "x");
        List<String> key = List.of("run_id", "customer_id");
        assertEquals(
                "INSERT INTO t (run_id, customer_id, x) VALUES (?, ?, ?) ON CONFLICT (run_id, customer_id) DO UPDATE SET x = EXCLUDED.x",
                JdbcSinks.upsertSql(StoreConfig.Kind.POSTGRES, "t", cols, key));
        assertEquals(
                "MERGE INTO t (run_id, customer_id, x) KEY (run_id, customer_id) VALUES (?, ?, ?)",
                JdbcSinks.upsertSql(StoreConfig.Kind.H2, "t", cols, key));
    }
}
