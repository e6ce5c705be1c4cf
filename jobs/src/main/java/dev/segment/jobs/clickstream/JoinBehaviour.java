package dev.segment.jobs.clickstream;

import dev.segment.jobs.segmentation.FeatureRow;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Appends behavioural features (sessions, support_share, cart_abandonment) to each customer's RFM
 * features. Both inputs are hash-partitioned by customer id. A customer without a profile
 * (declined, withdrew, or never consented where consent is opt-in) or without clickstream history
 * gets NaN for the behavioural features: the scaler treats NaN as the population mean (z = 0), so
 * behaviour neither helps nor hurts them: the segment of their purchases alone, never a penalty.
 */
public final class JoinBehaviour extends AbstractStreamOperator<FeatureRow>
        implements TwoInputStreamOperator<FeatureRow, BehaviourProfile, FeatureRow>,
                BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    /** Names of the appended features. */
    public static final java.util.List<String> FEATURES =
            java.util.List.of("sessions", "support_share", "cart_abandonment");

    private transient Map<String, FeatureRow> rows;
    private transient Map<String, BehaviourProfile> profiles;
    private int ended;

    @Override
    public void open() throws Exception {
        super.open();
        rows = new HashMap<>();
        profiles = new HashMap<>();
    }

    @Override
    public void processElement1(StreamRecord<FeatureRow> element) {
        rows.put(element.getValue().customerId, element.getValue().copy());
    }

    @Override
    public void processElement2(StreamRecord<BehaviourProfile> element) {
        BehaviourProfile p = element.getValue();
        // a customer's profile and markers that the customer was seen arrive in any order
        BehaviourProfile known = profiles.get(p.customerId);
        if (known == null || (p.profiled && !known.profiled)) {
            profiles.put(p.customerId, p.copy());
        }
    }

    @Override
    public void endInput(int inputId) {
        if (++ended < 2) {
            return;
        }
        for (FeatureRow r : rows.values()) {
            BehaviourProfile p = profiles.get(r.customerId);
            double[] f = java.util.Arrays.copyOf(r.features, r.features.length + 3);
            boolean usable = p != null && p.profiled && !r.withdrawn;
            f[r.features.length] = usable ? p.sessions : Double.NaN;
            f[r.features.length + 1] = usable ? p.supportShare : Double.NaN;
            f[r.features.length + 2] = usable ? p.cartAbandonment : Double.NaN;
            r.features = f;
            r.behaviour = p == null ? "none" : usable ? "used" : "declined";
            output.collect(new StreamRecord<>(r));
        }
        rows = null;
        profiles = null;
    }
}
