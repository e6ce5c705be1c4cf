package dev.segment.common.model;

import java.io.Serializable;

/** The segment of one customer in one clustering run, with why. */
public class SegmentAssignment implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;
    public int clusterId;
    public String persona;

    /** RFM segment (classic definition), null when clustering a ready feature table. */
    public String rfmSegment;

    /** new | active | at_risk | lapsed | reactivated, or null without purchase history. */
    public String lifecycleStage;

    /** new | long_standing, or null without purchase history. */
    public String customerProfile;

    /** Euclidean distance to the own centroid in the standardized space. */
    public double distance;

    /** Relative margin to the second-closest centroid, 0..1. */
    public double confidence;

    /** One sentence: why this customer is in this persona. */
    public String explanation;

    /** The two features that pulled the customer into its cluster, comma-separated. */
    public String topFeatures;

    public SegmentAssignment() {}
}
