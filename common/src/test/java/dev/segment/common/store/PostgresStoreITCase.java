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
}
