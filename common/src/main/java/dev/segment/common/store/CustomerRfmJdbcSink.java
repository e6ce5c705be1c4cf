package dev.segment.common.store;

import dev.segment.common.model.CustomerRfm;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Writes {@link CustomerRfm} rows to {@code customer_rfm}: staged in bulk (PostgreSQL: COPY into
 * the run's staging table; DuckDB: CSV spooled beside the file) and published when the run succeeds
 * ({@link BulkTables}). Writing the same run again leaves the same rows.
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
                    "lt_duration_holdout",
                    "consent",
                    "consent_changed_at");

    static final List<String> KEY = List.of("run_id", "customer_id", "definition");

    /** The sink for one run ({@link BulkTables#sink}). */
    public static Sink<CustomerRfm> sink(StoreConfig config, String runId) {
        return BulkTables.sink(config, "customer_rfm", runId, COLUMNS, binding(runId));
    }

    /** The values of a row, in {@link #COLUMNS} order. */
    static RowBinding<CustomerRfm> binding(String runId) {
        return (r, out) -> {
            out.string(runId);
            out.string(r.customerId);
            out.string(r.definition);
            out.day(r.asOfDay);
            out.integer(r.recencyDays);
            out.integer(r.frequency);
            out.money(r.monetary);
            out.money(r.avgOrderValue);
            out.integer(r.tenureDays);
            out.day(r.firstPurchaseDay);
            out.day(r.lastPurchaseDay);
            out.integer(r.recencyScore);
            out.integer(r.frequencyScore);
            out.integer(r.monetaryScore);
            out.integer(r.rfmScore);
            out.string(r.rfmSegment);
            out.real(r.ltFrequency);
            out.real(r.ltRecency);
            out.real(r.ltT);
            out.real(r.ltMonetaryValue);
            out.real(r.ltFrequencyHoldout);
            out.real(r.ltMonetaryValueHoldout);
            out.real(r.ltDurationHoldout);
            out.string(r.consent);
            out.instant(r.consentChangedAt);
        };
    }
}
