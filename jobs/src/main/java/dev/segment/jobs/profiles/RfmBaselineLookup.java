package dev.segment.jobs.profiles;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Where live RFM finds a customer's batch baseline. Looked up once per customer by the golden
 * record stage and remembered in its state, so a restart gives the same answer as the first look.
 */
public interface RfmBaselineLookup extends Serializable, AutoCloseable {

    /** No baseline: live RFM counts the purchase events of the clickstream only. */
    RfmBaselineLookup NONE = customerId -> RfmBaseline.NONE;

    /** Called once per parallel instance before the first lookup. */
    default void open() throws Exception {}

    /** The customer's baseline, or {@link RfmBaseline#NONE}. */
    RfmBaseline find(String customerId) throws Exception;

    @Override
    default void close() throws Exception {}

    /** Classic RFM rows of one run in the store's customer_rfm (and its lifecycle stages). */
    static RfmBaselineLookup store(StoreConfig config, String runId) {
        return new StoreLookup(config, runId);
    }

    /** Reads customer_rfm (classic) joined with run_assignments of one run. */
    final class StoreLookup implements RfmBaselineLookup {
        private static final long serialVersionUID = 1L;
        static final String SQL =
                "SELECT r.as_of, r.frequency, r.monetary, r.first_purchase, r.last_purchase,"
                        + " a.lifecycle_stage FROM customer_rfm r LEFT JOIN run_assignments a"
                        + " ON a.run_id = r.run_id AND a.customer_id = r.customer_id"
                        + " WHERE r.run_id = ? AND r.customer_id = ? AND r.definition = 'classic'";

        private final StoreConfig config;
        private final String runId;
        private transient Connection connection;
        private transient PreparedStatement query;

        StoreLookup(StoreConfig config, String runId) {
            this.config = config;
            this.runId = runId;
        }

        @Override
        public void open() throws SQLException {
            connection = Store.connect(config);
            if (config.kind() == StoreConfig.Kind.POSTGRES) {
                connection.setReadOnly(true); // DuckDB: a file is read-only, not a connection
            }
            query = connection.prepareStatement(SQL);
        }

        @Override
        public RfmBaseline find(String customerId) throws SQLException {
            query.setString(1, runId);
            query.setString(2, customerId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return RfmBaseline.NONE;
                }
                RfmBaseline b = new RfmBaseline();
                b.runId = runId;
                b.asOfDay = rs.getObject(1, LocalDate.class).toEpochDay();
                b.frequency = rs.getLong(2);
                BigDecimal m = rs.getBigDecimal(3);
                b.monetaryUnits = m == null ? 0 : m.movePointRight(4).longValueExact();
                b.firstDay = rs.getObject(4, LocalDate.class).toEpochDay();
                b.lastDay = rs.getObject(5, LocalDate.class).toEpochDay();
                b.lifecycleStage = rs.getString(6);
                return b;
            }
        }

        @Override
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
