package dev.segment.jobs.segmentation.features;

import java.io.Serializable;
import java.util.List;

/**
 * Feature pipeline fitted on the training data and saved with the model: a signed log1p ({@code
 * sign(x) * log(1 + |x|)}, so net-negative money stays finite) for skewed counts and money, then
 * z-score standardisation (mean 0, standard deviation 1; a constant feature keeps std 1). With
 * {@code scale = false} both steps are skipped (the identity), as {@code --no-scale} asks.
 */
public final class FeatureScaler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final boolean[] log1p;
    private final double[] mean;
    private final double[] std;
    private final boolean scale;

    public FeatureScaler(
            List<String> names, boolean[] log1p, double[] mean, double[] std, boolean scale) {
        this.names = List.copyOf(names);
        this.log1p = log1p.clone();
        this.mean = mean.clone();
        this.std = std.clone();
        this.scale = scale;
    }

    /** Fits on row-major raw rows. */
    public static FeatureScaler fit(
            List<String> names, boolean[] log1p, double[] raw, boolean scale) {
        int d = names.size();
        int n = raw.length / d;
        double[] mean = new double[d];
        double[] std = new double[d];
        if (!scale) {
            java.util.Arrays.fill(std, 1);
            return new FeatureScaler(names, new boolean[d], mean, std, false);
        }
        // two passes in row order: deterministic and numerically stable enough for z-scores;
        // NaN (a value we may not use, e.g. behaviour of a customer who declined) is left out
        long[] count = new long[d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                double v = raw[i * d + t];
                if (!Double.isNaN(v)) {
                    mean[t] += pre(v, log1p[t]);
                    count[t]++;
                }
            }
        }
        for (int t = 0; t < d; t++) {
            mean[t] /= Math.max(1, count[t]);
        }
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                double raw1 = raw[i * d + t];
                if (!Double.isNaN(raw1)) {
                    double v = pre(raw1, log1p[t]) - mean[t];
                    std[t] += v * v;
                }
            }
        }
        for (int t = 0; t < d; t++) {
            std[t] = Math.sqrt(std[t] / Math.max(1, count[t]));
            if (!(std[t] > 1e-12)) {
                std[t] = 1;
            }
        }
        return new FeatureScaler(names, log1p, mean, std, true);
    }

    private static double pre(double v, boolean log) {
        return log ? Math.signum(v) * Math.log1p(Math.abs(v)) : v;
    }

    /** Transforms one raw vector into the model space; NaN becomes the mean (z = 0). */
    public double[] transform(double[] raw) {
        double[] z = new double[raw.length];
        for (int t = 0; t < raw.length; t++) {
            z[t] = Double.isNaN(raw[t]) ? 0 : (pre(raw[t], log1p[t]) - mean[t]) / std[t];
        }
        return z;
    }

    /** Transforms row-major rows into a new array. */
    public double[] transformAll(double[] raw) {
        int d = names.size();
        double[] z = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int t = i % d;
            z[i] = Double.isNaN(raw[i]) ? 0 : (pre(raw[i], log1p[t]) - mean[t]) / std[t];
        }
        return z;
    }

    /** Back to original units (for persona centroids). */
    public double[] inverse(double[] z) {
        double[] raw = new double[z.length];
        for (int t = 0; t < z.length; t++) {
            double v = z[t] * std[t] + mean[t];
            raw[t] = log1p[t] ? Math.signum(v) * Math.expm1(Math.abs(v)) : v;
        }
        return raw;
    }

    public List<String> names() {
        return names;
    }

    public boolean[] log1p() {
        return log1p.clone();
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public boolean scaled() {
        return scale;
    }
}
