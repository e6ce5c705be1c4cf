package dev.segment.jobs.segmentation.kmeans;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The model data of k-means: centroids (standardized feature space) and the training rows per
 * centroid. {@link #encode}/{@link #decode} give a compact binary form (for Flink state and
 * broadcast); {@link KMeansModel} writes the JSON form.
 */
public final class KMeansModelData implements Serializable {
    private static final long serialVersionUID = 1L;

    public final double[][] centroids;
    public final long[] counts;

    public KMeansModelData(double[][] centroids, long[] counts) {
        this.centroids = centroids;
        this.counts = counts;
    }

    public int k() {
        return centroids.length;
    }

    public int dims() {
        return centroids[0].length;
    }

    public void encode(DataOutputView out) throws IOException {
        out.writeInt(k());
        out.writeInt(dims());
        for (int j = 0; j < k(); j++) {
            for (double v : centroids[j]) {
                out.writeDouble(v);
            }
            out.writeLong(counts[j]);
        }
    }

    public static KMeansModelData decode(DataInputView in) throws IOException {
        int k = in.readInt();
        int d = in.readInt();
        double[][] c = new double[k][d];
        long[] counts = new long[k];
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < d; t++) {
                c[j][t] = in.readDouble();
            }
            counts[j] = in.readLong();
        }
        return new KMeansModelData(c, counts);
    }

    /** A copy with clusters reordered: new cluster {@code i} is old cluster {@code order[i]}. */
    public KMeansModelData permuted(int[] order) {
        double[][] c = new double[order.length][];
        long[] n = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            c[i] = centroids[order[i]].clone();
            n[i] = counts[order[i]];
        }
        return new KMeansModelData(c, n);
    }
}
