package dev.segment.jobs.segmentation;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.jobs.ranking.BroadcastFirst;
import dev.segment.jobs.ranking.RangeLines;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.personas.CustomerExplainer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * Assigns every customer to its persona, in parallel, with the trained model broadcast to all
 * tasks. In BATCH execution the broadcast side is read completely before the customers, so every
 * customer sees the model; rows arriving without one would be a bug and fail loudly. With the model
 * comes the id cuts' record when the assignments go to a sorted CSV file: each row's line is
 * formatted and tagged here ({@link RangeLines}), so the assignments need no further stage for it.
 */
public final class AssignSegments
        extends BroadcastFirst<
                FeatureRow, Either<TrainedSegmentation, String[]>, SegmentAssignment> {
    private static final long serialVersionUID = 1L;

    private final List<RangeLines<SegmentAssignment>> files;
    private transient TrainedSegmentation trained;
    private transient Assigner assigner;
    private transient StreamRecord<SegmentAssignment> reuse;

    /**
     * @param files the sorted CSV files of the assignments (their cuts come broadcast)
     */
    public AssignSegments(List<RangeLines<SegmentAssignment>> files) {
        this.files = List.copyOf(files);
    }

    @Override
    public void open() throws Exception {
        super.open();
        reuse = new StreamRecord<>(null);
    }

    @Override
    protected void onBroadcast(Either<TrainedSegmentation, String[]> value) {
        if (value.isLeft()) {
            trained = value.left();
            assigner = assignerOf(trained);
        } else {
            RangeLines.cutAt(files, value.right());
        }
    }

    @Override
    protected void onRecord(FeatureRow row) {
        SegmentAssignment a;
        if (row.withdrawn) {
            a = generic(row); // needs no model: there is none when everyone withdrew
        } else if (trained == null) {
            throw new IllegalStateException(
                    "customer " + row.customerId + " arrived before the model");
        } else {
            a = assigner.assign(row);
        }
        RangeLines.emit(files, a, output);
        output.collect(reuse.replace(a));
    }

    private static Assigner assignerOf(TrainedSegmentation trained) {
        return new Assigner(trained.model(), id -> trained.persona(id).name());
    }

    /**
     * The assignment of one row by {@code model}, naming clusters with {@code personaName} (the
     * live job knows a stored model's persona names only). Builds an {@link Assigner} per call:
     * callers with many rows keep one.
     */
    public static SegmentAssignment assign(
            KMeansModel model, IntFunction<String> personaName, FeatureRow row) {
        return new Assigner(model, personaName).assign(row);
    }

    /**
     * Assigns rows by one model and explains each assignment. An explanation is the persona, the
     * confidence and, fixed per (nearest, runner-up, top pulls), the rest of the sentence: that
     * rest is built once per combination and remembered, because formatting it per row was most of
     * the assignment's time.
     */
    public static final class Assigner {
        private final KMeansModel model;
        private final String[] personaByIndex;
        private final String[] featureNames;
        private final String[] readableFeatures;
        private final boolean cosine;
        private final Map<Long, String[]> explained = new HashMap<>();

        public Assigner(KMeansModel model, IntFunction<String> personaName) {
            this.model = model;
            int[] ids = model.clusterIds();
            this.personaByIndex = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                personaByIndex[i] = personaName.apply(ids[i]);
            }
            this.featureNames = model.scaler().names().toArray(new String[0]);
            this.readableFeatures = new String[featureNames.length];
            for (int i = 0; i < featureNames.length; i++) {
                String f = featureNames[i];
                readableFeatures[i] = READABLE.getOrDefault(f, f.replace('_', ' '));
            }
            this.cosine = model.cosine();
        }

        /** The assignment of one row. */
        public SegmentAssignment assign(FeatureRow row) {
            if (row.withdrawn) {
                return generic(row);
            }
            double[] z = model.scaler().transform(row.features);
            KMeansModel.Assignment a = model.predictScaled(z);
            String persona = personaByIndex[a.index()];
            SegmentAssignment s = new SegmentAssignment();
            s.customerId = row.customerId;
            s.clusterId = a.clusterId();
            s.persona = persona;
            s.rfmSegment = row.rfmSegment;
            s.lifecycleStage = row.lifecycleStage;
            s.customerProfile = row.customerProfile;
            s.distance = Math.sqrt(a.distanceSq());
            s.confidence =
                    a.secondIndex() < 0
                            ? 1.0
                            : CustomerExplainer.confidence(a.distanceSq(), a.secondDistanceSq());
            String[] fixed = fixedParts(a, z); // {top features, rest of the explanation}
            s.topFeatures = fixed[0];
            StringBuilder explanation =
                    new StringBuilder(persona.length() + fixed[1].length() + 80);
            explanation
                    .append(persona)
                    .append(" (confidence ")
                    .append(twoDecimals(s.confidence))
                    .append(')')
                    .append(fixed[1]);
            if ("declined".equals(row.behaviour)) {
                explanation.append("; from purchases only (no consent to use browsing data)");
            }
            s.explanation = explanation.toString();
            return s;
        }

        private String[] fixedParts(KMeansModel.Assignment a, double[] z) {
            if (a.secondIndex() < 0) {
                return new String[] {"", ""};
            }
            double[] v = z;
            if (cosine) {
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
            long key = (long) a.index() * personaByIndex.length + a.secondIndex();
            for (int p : pulls) {
                key = key * (featureNames.length + 1) + p + 1;
            }
            key = key * 3 + pulls.length; // pull lists of different lengths never share a key
            String[] known = explained.get(key);
            if (known == null) {
                List<String> top = new ArrayList<>();
                List<String> readable = new ArrayList<>();
                for (int p : pulls) {
                    top.add(featureNames[p]);
                    readable.add(readableFeatures[p]);
                }
                known =
                        new String[] {
                            String.join(",", top),
                            "; nearer to it than to "
                                    + personaByIndex[a.secondIndex()]
                                    + ", mainly in "
                                    + dev.segment.jobs.segmentation.personas.PersonaNamer.listing(
                                            readable)
                        };
                explained.put(key, known);
            }
            return known;
        }
    }

    /**
     * {@code v} with two decimals exactly as {@code String.format(Locale.ROOT, "%.2f", v)} writes
     * it (half-up on the shortest decimal that reads back as {@code v}), at a fraction of its cost.
     */
    static String twoDecimals(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v >= 0 && v < 1e6) {
            // away from a tie (x.xx5) the value and its shortest decimal round the same way, and
            // v * 100 is off by far less than the margin here; only near a tie is BigDecimal needed
            double x = v * 100;
            double whole = Math.floor(x);
            double frac = x - whole;
            if (Math.abs(frac - 0.5) > 1e-6) {
                long cents = (long) whole + (frac > 0.5 ? 1 : 0);
                long units = cents / 100;
                int rest = (int) (cents % 100);
                return units + (rest < 10 ? ".0" : ".") + rest;
            }
        }
        return new BigDecimal(Double.toString(v)).setScale(2, RoundingMode.HALF_UP).toPlainString();
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
    private static final Map<String, String> READABLE =
            Map.of(
                    "recency_days", "recency",
                    "frequency", "frequency",
                    "monetary", "spend",
                    "avg_order_value", "order value",
                    "tenure_days", "tenure",
                    "sessions", "visits",
                    "support_share", "support use",
                    "cart_abandonment", "cart abandonment");
}
