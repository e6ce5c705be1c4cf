package dev.segment.common.store;

import dev.segment.common.testkit.TestData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store suite on the machine's real PostgreSQL, in a schema of its own that is dropped after.
 */
class PostgresStoreITCase extends StoreSuite {

    private static final String SCHEMA =
            "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void createSchema() throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                TestData.postgresUrl(),
                                TestData.postgresUser(),
                                TestData.postgresPassword());
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                TestData.postgresUrl(),
                                TestData.postgresUser(),
                                TestData.postgresPassword());
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Override
    String writeHiddenInARead() {
        // a write no lexer can see: only the server's read-only transaction refuses it
        try (Connection c =
                        DriverManager.getConnection(
                                TestData.postgresUrl(),
                                TestData.postgresUser(),
                                TestData.postgresPassword());
                Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE IF NOT EXISTS " + SCHEMA + ".it_seq");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return "SELECT nextval('it_seq')";
    }

    @Override
    StoreConfig store() {
        String base = TestData.postgresUrl();
        return new StoreConfig(
                base + (base.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                TestData.postgresUser(),
                TestData.postgresPassword(),
                500,
                0,
                3);
    }

    @Override
    String product() {
        return "PostgreSQL";
    }

    /**
     * The first publication drops the ledger tables' keys and indexes and builds them after its
     * bulk insert: afterwards every one is there as before, also when the publication fails and
     * rolls back, and the rows are the same as a publication into tables that have rows.
     */
    @org.junit.jupiter.api.Test
    void firstPublicationBuildsTheLedgerIndexesAgain() throws Exception {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = TestData.postgresUrl();
        StoreConfig config =
                new StoreConfig(
                        base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                        TestData.postgresUser(),
                        TestData.postgresPassword(),
                        500,
                        0,
                        3);
        try (Connection admin =
                        DriverManager.getConnection(
                                TestData.postgresUrl(),
                                TestData.postgresUser(),
                                TestData.postgresPassword());
                Statement st = admin.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            try {
                Store.migrate(config);
                java.util.List<String> before = ledgerIndexes(st, schema);
                org.junit.jupiter.api.Assertions.assertEquals(
                        7, before.size(), "keys and indexes of the ledger tables: " + before);
                try (Connection c = Store.connect(config);
                        Statement w = c.createStatement()) {
                    for (String run : java.util.List.of("r1", "r2")) {
                        w.execute(
                                "INSERT INTO run_assignments (run_id, customer_id, cluster_id,"
                                        + " persona, explanation) SELECT '"
                                        + run
                                        + "', 'c' || g, g % 3, 'P' || (g % 3), 'why'"
                                        + " FROM generate_series(1, 500) g");
                    }
                }
                // a failed first publication: rolled back, keys and indexes included
                org.junit.jupiter.api.Assertions.assertThrows(
                        Store.StoreException.class,
                        () ->
                                BulkTables.publish(
                                        config,
                                        "r1",
                                        java.util.List.of(),
                                        true,
                                        java.util.List.of(),
                                        true,
                                        c -> {
                                            throw new java.sql.SQLException("fails on purpose");
                                        },
                                        1.0));
                org.junit.jupiter.api.Assertions.assertEquals(before, ledgerIndexes(st, schema));
                org.junit.jupiter.api.Assertions.assertEquals(
                        0, count(st, schema + ".segment_history"));

                SegmentLedger.Published first =
                        BulkTables.publish(config, "r1", java.util.List.of(), true);
                org.junit.jupiter.api.Assertions.assertEquals(500, first.entered());
                org.junit.jupiter.api.Assertions.assertEquals(before, ledgerIndexes(st, schema));
                org.junit.jupiter.api.Assertions.assertEquals(
                        500, count(st, schema + ".segment_history"));
                org.junit.jupiter.api.Assertions.assertEquals(
                        500, count(st, schema + ".customers"));
                // the keys hold again: a second period for the same customer and instant is
                // refused
                org.junit.jupiter.api.Assertions.assertThrows(
                        java.sql.SQLException.class,
                        () ->
                                st.execute(
                                        "INSERT INTO "
                                                + schema
                                                + ".segment_history SELECT * FROM "
                                                + schema
                                                + ".segment_history LIMIT 1"));
                // a nightly publication into tables with rows: nothing moved, indexes untouched
                SegmentLedger.Published second =
                        BulkTables.publish(config, "r2", java.util.List.of(), true);
                org.junit.jupiter.api.Assertions.assertEquals(0, second.changes());
                org.junit.jupiter.api.Assertions.assertEquals(before, ledgerIndexes(st, schema));
            } finally {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    // every index of the three ledger tables, by name and definition
    private static java.util.List<String> ledgerIndexes(Statement st, String schema)
            throws java.sql.SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs =
                st.executeQuery(
                        "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = '"
                                + schema
                                + "' AND tablename IN ('segment_changes', 'customers',"
                                + " 'segment_history') ORDER BY indexname")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Statement st, String table) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
