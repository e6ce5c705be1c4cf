package dev.segment.jobs.segmentation;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** One customer's raw feature vector plus what the persona and lifecycle tables need. */
@TypeInfo(FeatureRowSerializer.Factory.class)
public class FeatureRow implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;

    /** Raw features in {@link SegmentationConfig#features()} order. */
    public double[] features;

    /** Monetary value for revenue shares (0 when unknown). */
    public double revenue;

    public String rfmSegment;
    public String lifecycleStage;
    public String customerProfile;

    /**
     * Behavioural data: used | declined (consent refused) | none (no history) | null (not asked).
     */
    public String behaviour;

    /**
     * The customer withdrew consent to the use of their data (their transactions say so): the
     * {@code generic} segment, no features stored, not part of training.
     */
    public boolean withdrawn;

    public FeatureRow() {}

    /** A copy (the features array shared) for operators that keep rows under object reuse. */
    public FeatureRow copy() {
        FeatureRow r = new FeatureRow(customerId, features, revenue);
        r.rfmSegment = rfmSegment;
        r.lifecycleStage = lifecycleStage;
        r.customerProfile = customerProfile;
        r.behaviour = behaviour;
        r.withdrawn = withdrawn;
        return r;
    }

    public FeatureRow(String customerId, double[] features, double revenue) {
        this.customerId = customerId;
        this.features = features;
        this.revenue = revenue;
    }
}
