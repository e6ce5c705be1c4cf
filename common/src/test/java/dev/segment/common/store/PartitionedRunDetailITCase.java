package dev.segment.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.testkit.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's per-run partitions of the run detail tables: the migration moves existing rows into
 * a partition per run, and publishing a run attaches its staging table as its partition, keeping a
 * row staged twice once and replacing the run id's earlier partition on a re-run.
 */
class PartitionedRunDetailITCase {

    private static final String SCHEMA =
            "it_part_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @BeforeAll
    static void createSchema() throws Exception {
        TestData.postgresExecute("CREATE SCHEMA " + SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TestData.postgresExecute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    private static StoreConfig store() {
        return new StoreConfig(
                TestData.postgresUrlInSchema(SCHEMA),
                TestData.postgresUser(),
                TestData.postgresPassword(),
                500,
                0,
                3);
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static final String PARTITIONS =
            "SELECT k.relname || ' ' || pg_get_expr(k.relpartbound, k.oid) FROM pg_inherits i"
                    + " JOIN pg_class k ON k.oid = i.inhrelid WHERE i.inhparent ="
                    + " 'run_assignments'::regclass ORDER BY 1";

    @Test
    void existingRowsMoveIntoPartitionsAndPublishingAttachesTheStagedRun() throws Exception {
        StoreConfig config = store();
        // a store as schema version 10 left it, with two runs' rows
        Flyway.configure(Store.class.getClassLoader())
                .dataSource(config.url(), config.user(), config.password())
                .locations("classpath:db/migration", "classpath:db/migration-postgres")
                .target("10")
                .load()
                .migrate();
        try (Connection c = Store.connect(config);
                Statement s = c.createStatement()) {
            for (String run : List.of("old-1", "old-2")) {
                for (int i = 0; i < 3; i++) {
                    s.execute(
                            "INSERT INTO run_assignments (run_id, customer_id, cluster_id, persona)"
                                    + " VALUES ('"
                                    + run
                                    + "', 'c"
                                    + i
                                    + "', 1, 'P')");
                }
            }
        }
        assertEquals(
                String.valueOf(
                        StoreSuite.newestMigration(
                                List.of("../sql/migrations", "../sql/migrations-postgres"))),
                Store.migrate(config));
        try (Connection c = Store.connect(config)) {
            assertEquals(
                    List.of("old-1 3", "old-2 3"),
                    rows(
                            c,
                            "SELECT run_id || ' ' || COUNT(*) FROM run_assignments GROUP BY run_id"
                                    + " ORDER BY run_id"));
            List<String> parts = rows(c, PARTITIONS);
            assertEquals(3, parts.size(), parts.toString());
            assertEquals("run_assignments_other DEFAULT", parts.get(2));
        }

        // a run staged with one row twice (a writer retried after its COPY ended), published
        String run = "new-1";
        new RunRegistry(config, "test").start(run, "cluster", Map.of(), List.of());
        stage(config, run, List.of("a", "b", "b"), "First");
        BulkTables.publish(config, run, List.of("run_assignments"), false);
        try (Connection c = Store.connect(config)) {
            assertEquals(
                    List.of("a First", "b First"),
                    rows(
                            c,
                            "SELECT customer_id || ' ' || persona FROM run_assignments WHERE"
                                    + " run_id = 'new-1' ORDER BY 1"));
            assertEquals(
                    List.of(
                            BulkTables.partition("run_assignments", run)
                                    + " FOR VALUES IN ('new-1')"),
                    rows(c, PARTITIONS).stream().filter(p -> p.contains("new-1")).toList());
        }
        // the same run id again, with other rows: they replace the first ones exactly
        stage(config, run, List.of("c"), "Second");
        BulkTables.publish(config, run, List.of("run_assignments"), false);
        try (Connection c = Store.connect(config)) {
            assertEquals(
                    List.of("c Second"),
                    rows(
                            c,
                            "SELECT customer_id || ' ' || persona FROM run_assignments WHERE"
                                    + " run_id = 'new-1' ORDER BY 1"));
            assertEquals(4, rows(c, PARTITIONS).size());
            assertEquals(
                    List.of("6"),
                    rows(c, "SELECT COUNT(*) FROM run_assignments WHERE run_id LIKE 'old-%'"));
        }
    }

    private static void stage(
            StoreConfig config, String run, List<String> customers, String persona)
            throws Exception {
        BulkTables.create(config, run, List.of("run_assignments"));
        try (Connection c = Store.connect(config);
                Statement s = c.createStatement()) {
            for (String customer : customers) {
                s.execute(
                        "INSERT INTO "
                                + BulkTables.stage("run_assignments", run)
                                + " (run_id, customer_id, cluster_id, persona) VALUES ('"
                                + run
                                + "', '"
                                + customer
                                + "', 1, '"
                                + persona
                                + "')");
            }
        }
    }
}
