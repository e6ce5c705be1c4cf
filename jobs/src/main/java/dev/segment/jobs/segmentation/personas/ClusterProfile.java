package dev.segment.jobs.segmentation.personas;

import java.util.List;

/**
 * What naming needs to know about one cluster.
 *
 * @param clusterId the (stable) cluster id
 * @param size customers in the cluster
 * @param revenue total monetary value of those customers
 * @param centroidZ centroid as z-scores against the population (same order as {@code features})
 * @param centroidOriginal centroid in original units (days, orders, money)
 * @param features feature names, in vector order
 */
public record ClusterProfile(
        int clusterId,
        long size,
        double revenue,
        double[] centroidZ,
        double[] centroidOriginal,
        List<String> features)
        implements java.io.Serializable {

    public ClusterProfile {
        if (centroidZ.length != features.size() || centroidOriginal.length != features.size()) {
            throw new IllegalArgumentException(
                    "cluster "
                            + clusterId
                            + ": centroid has "
                            + centroidZ.length
                            + " values but there are "
                            + features.size()
                            + " features");
        }
    }
}
