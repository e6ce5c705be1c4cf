package dev.segment.jobs.segmentation.personas;

import java.util.List;

/**
 * A named, explained cluster.
 *
 * @param clusterId stable cluster id
 * @param name unique within a model
 * @param explanation one plain-language sentence
 * @param size customers
 * @param share of all customers, 0..1
 * @param revenueShare of all revenue, 0..1
 * @param centroidOriginal centroid in original units, in {@code features} order
 * @param features feature names
 * @param distinguishing the (up to) three features that set the cluster apart, strongest first
 * @param rule the rule that named it, or {@code generated}
 */
public record Persona(
        int clusterId,
        String name,
        String explanation,
        long size,
        double share,
        double revenueShare,
        double[] centroidOriginal,
        List<String> features,
        List<Distinction> distinguishing,
        String rule)
        implements java.io.Serializable {

    /** One feature that sets a cluster apart: its centroid z-score against the population. */
    public record Distinction(String feature, double z) implements java.io.Serializable {
        /** "frequency +1.9 sd" */
        public String describe() {
            // a value that rounds to zero is printed +0.0, never -0.0
            double shown = Math.abs(z) < 0.05 ? 0.0 : z;
            return String.format(java.util.Locale.ROOT, "%s %+.1f sd", feature, shown);
        }
    }
}
