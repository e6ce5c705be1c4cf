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
                "jdbc:duckdb:/x.duckdb",
                StoreConfig.fromEnvironment(Map.of("SEGMENT_JDBC_URL", "jdbc:duckdb:/x.duckdb"))
                        .url());
    }

    @Test
    void credentialsInAPostgresUrlBecomeTheUserAndPasswordAndLeaveTheUrl() {
        StoreConfig base = StoreConfig.fromEnvironment(Map.of());
        StoreConfig userInfo = base.withUrl("jdbc:postgresql://crm:s%40cr+t@db:6543/test");
        assertEquals("jdbc:postgresql://db:6543/test", userInfo.url());
        assertEquals("crm", userInfo.user());
        assertEquals("s@cr+t", userInfo.password());
        StoreConfig params =
                base.withUrl(
                        "jdbc:postgresql://db/test?user=u&ssl=true&password=p&reWriteBatchedInserts=true");
        assertEquals("jdbc:postgresql://db/test?ssl=true&reWriteBatchedInserts=true", params.url());
        assertEquals("u", params.user());
        assertEquals("p", params.password());
        StoreConfig onlyUser = base.withUrl("jdbc:postgresql://db/test?user=u");
        assertEquals("jdbc:postgresql://db/test", onlyUser.url());
        assertEquals("u", onlyUser.user());
        assertEquals(base.password(), onlyUser.password(), "the environment's password stays");
        // an explicit --jdbc-user still wins over the URL
        assertEquals("other", userInfo.withCredentials("other", "").user());
        assertEquals(
                "jdbc:postgresql://127.0.0.1:5432/test?ssl=true",
                base.withUrl("jdbc:postgresql://127.0.0.1:5432/test?ssl=true").url());
    }

    @Test
    void embeddedIsADuckDbFile() {
        StoreConfig c = StoreConfig.embedded(Path.of("/tmp/s"));
        assertEquals(StoreConfig.Kind.DUCKDB, c.kind());
        assertEquals("jdbc:duckdb:/tmp/s/segment.duckdb", c.url());
        assertEquals("embedded store /tmp/s/segment.duckdb", c.describe());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c.withUrl("jdbc:h2:file:/tmp/s/segment").validate())
                        .getMessage()
                        .contains("H2 is no longer supported"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> c.withUrl("jdbc:duckdb::memory:").validate())
                        .getMessage()
                        .contains("must name a DuckDB file"));
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
    void upsertStatementIsTheSameOnBothStores() {
        List<String> cols = List.of("run_id", "customer_id", "x");
        List<String> key = List.of("run_id", "customer_id");
        assertEquals(
                "INSERT INTO t (run_id, customer_id, x) VALUES (?, ?, ?) ON CONFLICT (run_id, customer_id) DO UPDATE SET x = EXCLUDED.x",
                JdbcSinks.upsertSql("t", cols, key));
    }
}
