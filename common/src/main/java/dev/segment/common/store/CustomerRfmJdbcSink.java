package dev.segment.common.store;

import dev.segment.common.model.CustomerRfm;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes {@link CustomerRfm} rows to {@code customer_rfm} through flink-connector-jdbc's v2 sink,
 * as idempotent upserts keyed by (run_id, customer_id, definition): writing the same run again
 * leaves the same rows.
 */
public final class CustomerRfmJdbcSink {
    private CustomerRfmJdbcSink() {}

    static final List<String> COLUMNS =
            List.of(
                    "run_id",
                    "customer_id",
                    "definition",
                    "as_of",
                    "recency_days",
                    "frequency",
                    "monetary",
                    "avg_order_value",
                    "tenure_days",
                    "first_purchase",
                    "last_purchase",
                    "r_score",
                    "f_score",
                    "m_score",
                    "rfm_score",
                    "rfm_segment",
                    "lt_frequency",
                    "lt_recency",
                    "lt_t",
                    "lt_monetary_value",
                    "lt_frequency_holdout",
                    "lt_monetary_value_holdout",
                    "lt_duration_holdout");

    static final List<String> KEY = List.of("run_id", "customer_id", "definition");

    /** The sink for one run. */
    public static JdbcSink<CustomerRfm> sink(StoreConfig config, String runId) {
        return JdbcSinks.upsert(config, "customer_rfm", COLUMNS, KEY, new Binder(runId));
    }

    private static final class Binder implements JdbcStatementBuilder<CustomerRfm> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        Binder(String runId) {
            this.runId = runId;
        }

        @Override
        public void accept(PreparedStatement ps, CustomerRfm r) throws SQLException {
            int i = 1;
            ps.setString(i++, runId);
            ps.setString(i++, r.customerId);
            ps.setString(i++, r.definition);
            JdbcSinks.setDay(ps, i++, r.asOfDay);
            JdbcSinks.setInt(ps, i++, r.recencyDays);
            JdbcSinks.setInt(ps, i++, r.frequency);
            JdbcSinks.setMoney(ps, i++, r.monetary);
            JdbcSinks.setMoney(ps, i++, r.avgOrderValue);
            JdbcSinks.setInt(ps, i++, r.tenureDays);
            JdbcSinks.setDay(ps, i++, r.firstPurchaseDay);
            JdbcSinks.setDay(ps, i++, r.lastPurchaseDay);
            JdbcSinks.setInt(ps, i++, r.recencyScore);
            JdbcSinks.setInt(ps, i++, r.frequencyScore);
            JdbcSinks.setInt(ps, i++, r.monetaryScore);
            JdbcSinks.setInt(ps, i++, r.rfmScore);
            ps.setString(i++, r.rfmSegment);
            JdbcSinks.setDouble(ps, i++, r.ltFrequency);
            JdbcSinks.setDouble(ps, i++, r.ltRecency);
            JdbcSinks.setDouble(ps, i++, r.ltT);
            JdbcSinks.setDouble(ps, i++, r.ltMonetaryValue);
            JdbcSinks.setDouble(ps, i++, r.ltFrequencyHoldout);
            JdbcSinks.setDouble(ps, i++, r.ltMonetaryValueHoldout);
            JdbcSinks.setDouble(ps, i, r.ltDurationHoldout);
        }
    }
}
