package dev.segment.jobs.segmentation;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.personas.CustomerExplainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Assigns every customer to its persona, in parallel, with the trained model broadcast to all
 * tasks. In BATCH execution the broadcast side is read completely before the customers, so every
 * customer sees the model; rows arriving without one would be a bug and fail loudly.
 */
public final class AssignSegments
        extends BroadcastProcessFunction<FeatureRow, TrainedSegmentation, SegmentAssignment> {
    private static final long serialVersionUID = 1L;

    static final MapStateDescriptor<String, TrainedSegmentation> MODEL =
            new MapStateDescriptor<>(
                    "model",
                    BasicTypeInfo.STRING_TYPE_INFO,
                    TypeInformation.of(TrainedSegmentation.class));

    @Override
    public void processBroadcastElement(
            TrainedSegmentation value, Context ctx, Collector<SegmentAssignment> out)
            throws Exception {
        ctx.getBroadcastState(MODEL).put("model", value);
    }

    @Override
    public void processElement(
            FeatureRow row, ReadOnlyContext ctx, Collector<SegmentAssignment> out)
            throws Exception {
        if (row.withdrawn) {
            out.collect(generic(row)); // needs no model: there is none when everyone withdrew
            return;
        }
        TrainedSegmentation trained = ctx.getBroadcastState(MODEL).get("model");
        if (trained == null) {
            throw new IllegalStateException(
                    "customer " + row.customerId + " arrived before the model");
        }
        out.collect(assign(trained, row));
    }

    /** The assignment of one row (also used by tests). */
    static SegmentAssignment assign(TrainedSegmentation trained, FeatureRow row) {
        return assign(trained.model(), id -> trained.persona(id).name(), row);
    }

    /**
     * The assignment of one row by {@code model}, naming clusters with {@code personaName} (the
     * live job knows a stored model's persona names only).
     */
    public static SegmentAssignment assign(
            KMeansModel model, java.util.function.IntFunction<String> personaName, FeatureRow row) {
        if (row.withdrawn) {
            return generic(row);
        }
        double[] z = model.scaler().transform(row.features);
        KMeansModel.Assignment a = model.predictScaled(z);
        String personaNameOf = personaName.apply(a.clusterId());
        SegmentAssignment s = new SegmentAssignment();
        s.customerId = row.customerId;
        s.clusterId = a.clusterId();
        s.persona = personaNameOf;
        s.rfmSegment = row.rfmSegment;
        s.lifecycleStage = row.lifecycleStage;
        s.customerProfile = row.customerProfile;
        s.distance = Math.sqrt(a.distanceSq());
        s.confidence =
                a.secondIndex() < 0
                        ? 1.0
                        : CustomerExplainer.confidence(a.distanceSq(), a.secondDistanceSq());
        List<String> top = new ArrayList<>();
        if (a.secondIndex() >= 0) {
            double[] v = z;
            if (model.cosine()) {
                v = z.clone();
                double norm = 0;
                for (double x : v) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                for (int t = 0; t < v.length && norm > 0; t++) {
                    v[t] /= norm;
                }
            }
            int[] pulls =
                    CustomerExplainer.topPulls(
                            v,
                            model.data().centroids[a.index()],
                            model.data().centroids[a.secondIndex()],
                            2);
            for (int p : pulls) {
                top.add(model.scaler().names().get(p));
            }
        }
        List<String> readable = new java.util.ArrayList<>();
        for (String f : top) {
            readable.add(READABLE.getOrDefault(f, f.replace('_', ' ')));
        }
        s.topFeatures = String.join(",", top);
        String runnerUp =
                a.secondIndex() < 0 ? null : personaName.apply(model.clusterIds()[a.secondIndex()]);
        s.explanation =
                String.format(
                        Locale.ROOT,
                        "%s (confidence %.2f)%s",
                        personaNameOf,
                        s.confidence,
                        runnerUp == null
                                ? ""
                                : "; nearer to it than to "
                                        + runnerUp
                                        + ", mainly in "
                                        + dev.segment.jobs.segmentation.personas.PersonaNamer
                                                .listing(readable));
        if ("declined".equals(row.behaviour)) {
            s.explanation += "; from purchases only (no consent to use browsing data)";
        }
        return s;
    }

    /**
     * The segment of a customer who withdrew consent: {@code generic}, exactly as the store makes
     * it ({@code SegmentLedger}): no cluster, no RFM segment, lifecycle or profile.
     */
    static SegmentAssignment generic(FeatureRow row) {
        SegmentAssignment s = new SegmentAssignment();
        s.customerId = row.customerId;
        s.persona = dev.segment.common.store.SegmentLedger.GENERIC;
        s.explanation = dev.segment.common.store.SegmentLedger.GENERIC_EXPLANATION;
        return s;
    }

    /** Feature names as a reader says them, for explanations. */
    private static final java.util.Map<String, String> READABLE =
            java.util.Map.of(
                    "recency_days", "recency",
                    "frequency", "frequency",
                    "monetary", "spend",
                    "avg_order_value", "order value",
                    "tenure_days", "tenure",
                    "sessions", "visits",
                    "support_share", "support use",
                    "cart_abandonment", "cart abandonment");
}
