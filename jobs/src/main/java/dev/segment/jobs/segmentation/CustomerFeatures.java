package dev.segment.jobs.segmentation;

import dev.segment.common.model.CustomerRfm;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns a classic RFM row into the clustering features (recency_days, frequency, monetary,
 * avg_order_value, tenure_days) with its lifecycle stage and new/long-standing profile.
 */
public final class CustomerFeatures implements MapFunction<CustomerRfm, FeatureRow> {
    private static final long serialVersionUID = 1L;

    private final LifecycleRules rules;
    private final dev.segment.common.store.Suppression suppression;

    public CustomerFeatures(LifecycleRules rules) {
        this(rules, dev.segment.common.store.Suppression.NONE);
    }

    /**
     * With the store's consent: a customer who withdrew it there is treated as one whose own rows
     * withdraw it (the {@code generic} segment, not learnt from).
     */
    public CustomerFeatures(
            LifecycleRules rules, dev.segment.common.store.Suppression suppression) {
        this.suppression = suppression;
        this.rules = rules;
    }

    @Override
    public FeatureRow map(CustomerRfm r) {
        FeatureRow row =
                new FeatureRow(
                        r.customerId,
                        new double[] {
                            r.recencyDays, r.frequency, r.monetary, r.avgOrderValue, r.tenureDays
                        },
                        r.monetary);
        row.rfmSegment = r.rfmSegment;
        row.lifecycleStage =
                rules.stage(
                                r.asOfDay,
                                r.firstPurchaseDay,
                                r.lastPurchaseDay,
                                r.previousPurchaseDay == null
                                        ? Integer.MIN_VALUE
                                        : r.previousPurchaseDay)
                        .label();
        row.customerProfile = rules.profile(r.tenureDays, r.frequency).label();
        row.withdrawn = r.withdrawn() || suppression.withdrawn(r.customerId);
        return row;
    }
}
