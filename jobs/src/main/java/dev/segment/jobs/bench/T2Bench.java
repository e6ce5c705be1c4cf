package dev.segment.jobs.bench;

import dev.segment.jobs.segmentation.kmeans.KMeans;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The peers' T2 task with our k-means: parse features.csv, k = rows of init_centroids.csv, given
 * initial centroids, a fixed number of iterations (tol 0), all threads. Prints a {@code RESULT
 * {json}} line like the peers.
 */
public final class T2Bench {
    private T2Bench() {}

    public static String run(
            Path features, Path initCentroids, int iterations, int threads, String label)
            throws Exception {
        long t0 = System.nanoTime();
        NumericCsv.Table x = NumericCsv.read(features);
        NumericCsv.Table init = NumericCsv.read(initCentroids);
        long t1 = System.nanoTime();
        double[][] c = new double[init.rows()][init.columns()];
        for (int j = 0; j < c.length; j++) {
            System.arraycopy(init.values(), j * init.columns(), c[j], 0, init.columns());
        }
        KMeans.Fit fit =
                new KMeans(
                                new KMeansParams()
                                        .setInitCentroids(c)
                                        .setMaxIter(iterations)
                                        .setTol(0)
                                        .setThreads(threads))
                        .fit(x.values(), x.columns());
        long t2 = System.nanoTime();
        return String.format(
                Locale.ROOT,
                "RESULT {\"peer\": \"%s\", \"task\": \"t2\", \"task_s\": %.3f, \"load_s\": %.3f, \"fit_s\": %.3f,"
                        + " \"iterations\": %d, \"inertia\": %.12e, \"threads\": %d, \"rows\": %d}",
                label,
                (t2 - t0) / 1e9,
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                fit.iterations(),
                fit.inertia(),
                threads,
                x.rows());
    }
}
