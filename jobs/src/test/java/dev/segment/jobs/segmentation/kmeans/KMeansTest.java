package dev.segment.jobs.segmentation.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import dev.segment.jobs.segmentation.features.FeatureScaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KMeansTest {

    /** Reads a numeric CSV with a header into row-major doubles. */
    static double[] csv(Path file, int[] dims) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int d = lines.get(0).split(",").length;
        double[] x = new double[(lines.size() - 1) * d];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int t = 0; t < d; t++) {
                x[(i - 1) * d + t] = Double.parseDouble(f[t]);
            }
        }
        dims[0] = d;
        return x;
    }

    static double[][] rows(double[] x, int d) {
        double[][] m = new double[x.length / d][d];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(x, i * d, m[i], 0, d);
        }
        return m;
    }

    /** Four tight blobs at (+-10, +-10), 50 points each, deterministic noise. */
    static double[] blobs(long seed) {
        double[][] centres = {{-10, -10}, {-10, 10}, {10, -10}, {10, 10}};
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[4 * 50 * 2];
        int i = 0;
        for (double[] c : centres) {
            for (int p = 0; p < 50; p++) {
                x[i++] = c[0] + r.nextGaussian();
                x[i++] = c[1] + r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void paramsHaveDefaultsAndNamedValidation() {
        KMeansParams p = new KMeansParams();
        assertEquals(2, p.getK());
        assertEquals(20, p.getMaxIter());
        assertEquals(1e-4, p.getTol());
        assertEquals("k-means++", p.getInitMode());
        assertEquals("euclidean", p.getDistance());
        assertEquals(5_000_000L, p.getMaxTrainingRows());
        assertEquals(
                "k must be >= 2 but was 1",
                assertThrows(IllegalArgumentException.class, () -> p.setK(1)).getMessage());
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> p.setInitMode("random"))
                        .getMessage()
                        .startsWith("initMode must be one of"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new KMeansParams().setInitMode("given").validate())
                        .getMessage()
                        .contains("initCentroids"));
    }

    @Test
    void handPlacedPointsGiveTheirObviousCentroids() throws Exception {
        double[] x = {0, 0, 0, 2, 10, 10, 10, 12};
        KMeans.Fit fit =
                new KMeans(
                                new KMeansParams()
                                        .setInitCentroids(new double[][] {{0, 0}, {10, 10}})
                                        .setTol(0))
                        .fit(x, 2);
        assertArrayEquals(new double[] {0, 1}, fit.model().centroids[0], 0);
        assertArrayEquals(new double[] {10, 11}, fit.model().centroids[1], 0);
        assertArrayEquals(new long[] {2, 2}, fit.model().counts);
        assertEquals(4.0, fit.inertia(), 0);
        assertTrue(fit.converged());
    }

    @Test
    void sameResultForAnyThreadCountAndBothInitialisations() throws Exception {
        double[] x = blobs(3);
        for (String init : List.of("k-means++", "k-means||")) {
            KMeans.Fit one =
                    new KMeans(
                                    new KMeansParams()
                                            .setK(4)
                                            .setSeed(7)
                                            .setInitMode(init)
                                            .setThreads(1))
                            .fit(x, 2);
            for (int threads : new int[] {2, 3}) {
                KMeans.Fit many =
                        new KMeans(
                                        new KMeansParams()
                                                .setK(4)
                                                .setSeed(7)
                                                .setInitMode(init)
                                                .setThreads(threads))
                                .fit(x, 2);
                for (int j = 0; j < 4; j++) {
                    assertArrayEquals(
                            one.model().centroids[j],
                            many.model().centroids[j],
                            0,
                            init + " threads " + threads);
                }
            }
            // the four blobs are found: 50 points each
            long[] counts = one.model().counts.clone();
            java.util.Arrays.sort(counts);
            assertArrayEquals(new long[] {50, 50, 50, 50}, counts, init);
        }
    }

    @Test
    void emptyClusterIsReseededFromTheFarthestPointNeverNaN() throws Exception {
        // the third initial centroid is far from every point, so it owns nothing in round one
        double[] x = {0, 0, 0.1, 0, 5, 5, 5.1, 5, 100, 100};
        KMeans.Fit fit =
                new KMeans(
                                new KMeansParams()
                                        .setInitCentroids(
                                                new double[][] {{0, 0}, {5, 5}, {-1000, -1000}})
                                        .setMaxIter(10)
                                        .setTol(0))
                        .fit(x, 2);
        for (double[] c : fit.model().centroids) {
            for (double v : c) {
                assertFalse(Double.isNaN(v));
            }
        }
        assertTrue(fit.reseeded() >= 1);
        // the re-seeded centroid takes the outlier (farthest from its centroid)
        assertArrayEquals(new double[] {100, 100}, fit.model().centroids[2], 0);
    }

    @Test
    void finalInertiaEqualsScikitLearnOnThePeersT2Fixture() throws Exception {
        int[] d = new int[1];
        double[] x = csv(TestData.file("kmeans/t2_5k_features.csv"), d);
        double[][] init = rows(csv(TestData.file("kmeans/t2_5k_init_centroids.csv"), d), d[0]);
        KMeans.Fit fit =
                new KMeans(
                                new KMeansParams()
                                        .setInitCentroids(init)
                                        .setMaxIter(20)
                                        .setTol(0)
                                        .setThreads(2))
                        .fit(x, d[0]);
        // Oracle: data/kmeans/sklearn_oracle.txt (scikit-learn 1.2.1, same init, 20 iterations, tol
        // 0)
        String oracle =
                Files.readAllLines(TestData.file("kmeans/sklearn_oracle.txt")).get(1).split(" ")[1];
        double expected = Double.parseDouble(oracle);
        assertEquals(20, fit.iterations());
        assertEquals(expected, fit.inertia(), expected * 1e-6);
    }

    @Test
    void cosineDistanceClustersByDirection() throws Exception {
        // two directions, different lengths: cosine groups by angle, not by magnitude
        double[] x = {1, 0.05, 10, 0.4, 100, 3, 0.05, 1, 0.4, 10, 3, 100};
        KMeans.Fit fit =
                new KMeans(new KMeansParams().setK(2).setDistance("cosine").setSeed(1)).fit(x, 2);
        assertArrayEquals(new long[] {3, 3}, fit.model().counts);
        for (double[] c : fit.model().centroids) {
            assertEquals(
                    1.0, Math.hypot(c[0], c[1]), 1e-12, "spherical centroids have unit length");
        }
    }

    @Test
    void cosineWithGivenCentroidsLeavesTheGivenCentroidsAsTheyWere() throws Exception {
        double[] x = {1, 0.05, 10, 0.4, 100, 3, 0.05, 1, 0.4, 10, 3, 100};
        double[][] given = {{5, 0}, {0, 5}};
        KMeansParams params =
                new KMeansParams().setK(2).setDistance("cosine").setInitCentroids(given);
        KMeans.Fit fit = new KMeans(params).fit(x, 2);
        assertArrayEquals(new long[] {3, 3}, fit.model().counts);
        assertArrayEquals(new double[] {5, 0}, params.getInitCentroids()[0]);
        assertArrayEquals(new double[] {0, 5}, params.getInitCentroids()[1]);
    }

    @Test
    void modelSurvivesSaveAndLoadBitForBit(@TempDir Path dir) throws Exception {
        double[] raw = blobs(5);
        FeatureScaler scaler =
                FeatureScaler.fit(
                        List.of("a", "b"),
                        new boolean[] {false, true},
                        new double[] {1, 2, 3, 4, 5, 6},
                        true);
        KMeans.Fit fit = new KMeans(new KMeansParams().setK(4).setSeed(3)).fit(raw, 2);
        KMeansModel model =
                new KMeansModel(
                        scaler,
                        fit.model(),
                        new int[] {3, 1, 0, 2},
                        new KMeansParams().setK(4).toMap(),
                        Map.of("inertia", fit.inertia(), "iterations", fit.iterations()),
                        List.of(new KSelection.Score(4, 0.71, 0.4, 123.456, 7)),
                        "test",
                        Map.of(3, "Champions"));
        model.save(dir.resolve("model.json"));
        KMeansModel back = KMeansModel.load(dir.resolve("model.json"));
        for (int j = 0; j < 4; j++) {
            assertArrayEquals(model.data().centroids[j], back.data().centroids[j], 0);
        }
        assertArrayEquals(model.data().counts, back.data().counts);
        assertArrayEquals(model.clusterIds(), back.clusterIds());
        assertArrayEquals(scaler.mean(), back.scaler().mean(), 0);
        assertArrayEquals(scaler.std(), back.scaler().std(), 0);
        assertEquals(model.kSelection(), back.kSelection());
        assertEquals("Champions", back.personaNames().get(3));
        assertEquals(model.toJson(), back.toJson());
    }

    @Test
    void modelDataBinaryEncodingRoundTrips() throws Exception {
        KMeansModelData data =
                new KMeansModelData(
                        new double[][] {{1.5, -0.1}, {Math.PI, 1e-300}}, new long[] {7, 9});
        org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(64);
        data.encode(out);
        KMeansModelData back =
                KMeansModelData.decode(
                        new org.apache.flink.core.memory.DataInputDeserializer(
                                out.getCopyOfBuffer()));
        assertArrayEquals(data.centroids[0], back.centroids[0], 0);
        assertArrayEquals(data.centroids[1], back.centroids[1], 0);
        assertArrayEquals(data.counts, back.counts);
    }

    @Test
    void samplingAboveTheRowCapIsSeededAndReported() throws Exception {
        double[] x = blobs(9);
        KMeans.Fit a =
                new KMeans(new KMeansParams().setK(4).setSeed(2).setMaxTrainingRows(100)).fit(x, 2);
        KMeans.Fit b =
                new KMeans(new KMeansParams().setK(4).setSeed(2).setMaxTrainingRows(100)).fit(x, 2);
        assertTrue(a.sampled());
        assertEquals(100, a.trainingRows());
        assertArrayEquals(a.model().centroids[0], b.model().centroids[0], 0);
    }

    /**
     * 50,000 rows are 13 of Lloyd's 4,096-row chunks: partial sums of many chunks are added in
     * chunk order, so 1, 2 and 4 threads give bit-identical centroids, inertia and iterations.
     */
    @Test
    void bitIdenticalAtOneTwoAndFourThreadsOverManyChunks() throws Exception {
        int n = 50_000;
        int d = 3;
        double[] x = new double[n * d];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            int blob = i % 6;
            for (int t = 0; t < d; t++) {
                x[i * d + t] = blob * (t + 1) * 1.7 + r.nextGaussian() * 2.5;
            }
        }
        assertTrue(n > 10 * Lloyd.CHUNK);
        KMeans.Fit one =
                new KMeans(new KMeansParams().setK(6).setSeed(5).setTol(0).setThreads(1)).fit(x, d);
        for (int threads : new int[] {2, 4}) {
            KMeans.Fit many =
                    new KMeans(new KMeansParams().setK(6).setSeed(5).setTol(0).setThreads(threads))
                            .fit(x, d);
            for (int j = 0; j < 6; j++) {
                assertArrayEquals(
                        one.model().centroids[j],
                        many.model().centroids[j],
                        0,
                        "threads " + threads);
            }
            assertEquals(one.inertia(), many.inertia(), 0);
            assertEquals(one.iterations(), many.iterations());
        }
    }
}
