package dev.segment.common.model;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** The segment of one customer in one clustering run, with why. */
@TypeInfo(SegmentAssignmentSerializer.Factory.class)
public class SegmentAssignment implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;

    /** The cluster; null in the {@code generic} segment (no consent to use the data). */
    public Integer clusterId;

    public String persona;

    /** RFM segment (classic definition), null when clustering a ready feature table. */
    public String rfmSegment;

    /** new | active | at_risk | lapsed | reactivated, or null without purchase history. */
    public String lifecycleStage;

    /** new | long_standing, or null without purchase history. */
    public String customerProfile;

    /** Euclidean distance to the own centroid in the standardized space; null when generic. */
    public Double distance;

    /** Relative margin to the second-closest centroid, 0..1; null when generic. */
    public Double confidence;

    /** One sentence: why this customer is in this persona. */
    public String explanation;

    /** The two features that pulled the customer into its cluster, comma-separated. */
    public String topFeatures;

    public SegmentAssignment() {}
}
