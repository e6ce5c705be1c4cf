package dev.segment.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.jobs.segmentation.features.FeatureScaler;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansModelData;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Assignment and explanation of one customer. The explanation's fixed parts are remembered per
 * (nearest, runner-up, top pulls), so a reused assigner must say exactly what a fresh one says, and
 * the confidence must read as {@code String.format("%.2f")} writes it.
 */
class AssignSegmentsTest {

    /** Three features, three clusters along them, unscaled. */
    private static KMeansModel model() {
        return new KMeansModel(
                new FeatureScaler(
                        List.of("recency_days", "frequency", "support_share"),
                        new boolean[3],
                        new double[3],
                        new double[] {1, 1, 1},
                        false),
                new KMeansModelData(
                        new double[][] {{0, 0, 0}, {10, 0, 0}, {0, 10, 5}}, new long[] {1, 1, 1}),
                new int[] {7, 8, 9},
                Map.of(),
                Map.of(),
                List.of(),
                "test",
                Map.of());
    }

    private static String name(int clusterId) {
        return switch (clusterId) {
            case 7 -> "Regulars";
            case 8 -> "Lapsed";
            default -> "Fans";
        };
    }

    private static FeatureRow row(String id, double... f) {
        return new FeatureRow(id, f, 0);
    }

    @Test
    void explainsTheNearestAgainstTheRunnerUp() {
        AssignSegments.Assigner assigner =
                new AssignSegments.Assigner(model(), AssignSegmentsTest::name);
        SegmentAssignment s = assigner.assign(row("c1", 1, 0, 0));
        assertEquals(7, s.clusterId);
        assertEquals("Regulars", s.persona);
        assertEquals(1 - 1.0 / 81, s.confidence, 1e-12);
        assertEquals("recency_days,frequency", s.topFeatures);
        assertEquals(
                "Regulars (confidence 0.99); nearer to it than to Lapsed, mainly in recency and"
                        + " frequency",
                s.explanation);

        FeatureRow declined = row("c2", 9, 0, 0);
        declined.behaviour = "declined";
        SegmentAssignment d = assigner.assign(declined);
        assertEquals("Lapsed", d.persona);
        assertEquals(
                "Lapsed (confidence 0.99); nearer to it than to Regulars, mainly in recency and"
                        + " frequency; from purchases only (no consent to use browsing data)",
                d.explanation);
    }

    @Test
    void aReusedAssignerSaysWhatAFreshOneSays() {
        KMeansModel model = model();
        AssignSegments.Assigner reused =
                new AssignSegments.Assigner(model, AssignSegmentsTest::name);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            FeatureRow r =
                    row(
                            "c" + i,
                            random.nextDouble(-3, 13),
                            random.nextDouble(-3, 13),
                            random.nextDouble(-3, 8));
            if (i % 7 == 0) {
                r.behaviour = "declined";
            }
            SegmentAssignment fresh = AssignSegments.assign(model, AssignSegmentsTest::name, r);
            SegmentAssignment again = reused.assign(r);
            assertEquals(fresh.explanation, again.explanation, r.customerId);
            assertEquals(fresh.topFeatures, again.topFeatures, r.customerId);
            assertEquals(fresh.clusterId, again.clusterId, r.customerId);
        }
    }

    @Test
    void twoDecimalsAsFormatWritesThem() {
        double[] edges = {
            0,
            1,
            0.005,
            0.015,
            0.125,
            0.145,
            0.995,
            0.994999,
            1e-7,
            0.3,
            0.7,
            999999.995,
            1e6,
            -0.005
        };
        for (double v : edges) {
            assertEquals(
                    String.format(Locale.ROOT, "%.2f", v),
                    AssignSegments.twoDecimals(v),
                    Double.toString(v));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // in [0, 1), then exact three-decimal ties, then larger values and their ties
            double scale = i % 4 < 2 ? 1 : Math.pow(10, random.nextInt(1, 8));
            double v =
                    i % 2 == 0
                            ? random.nextDouble() * scale
                            : Math.round(random.nextDouble() * scale * 1000) / 1000.0;
            assertEquals(
                    String.format(Locale.ROOT, "%.2f", v),
                    AssignSegments.twoDecimals(v),
                    Double.toString(v));
        }
    }
}
