package dev.segment.jobs.live;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.profiles.LiveProfile;
import dev.segment.jobs.profiles.ProfileChange;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.profiles.ProfileState;
import dev.segment.jobs.runtime.EarlierAttempts;
import dev.segment.jobs.segmentation.FeatureRow;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import dev.segment.jobs.segmentation.lifecycle.LifecycleStage;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Fourth stage, keyed by customer: assigns each customer whose live profile changed to a segment of
 * the current model and emits the row when it changed ({@code segment_assignments_live}); every
 * change of segment or intent also goes to {@link #CHANGES} for activation.
 *
 * <ul>
 *   <li>The model is the one the job started with, replaced by newer ones arriving on the broadcast
 *       input (the store's models table, watched); a newer model reassigns every customer it has
 *       seen, at once.
 *   <li>A customer who declined or withdrew the use of data gets {@link LiveAssignment#GENERIC}: no
 *       features, no persona, no penalty. A customer without any purchase gets {@link
 *       LiveAssignment#PROSPECT} (the model only knows buyers).
 *   <li>Lifecycle and new/long-standing follow the batch rules on live RFM; a batch "reactivated"
 *       customer without a purchase since stays reactivated while still active.
 *   <li>An erased customer's row is deleted ({@link LiveAssignment#erased}) and their state
 *       cleared, without a change event: the activation topic never names them again. A newer model
 *       skips customers erased since their last change.
 * </ul>
 */
public final class LiveSegments
        extends KeyedBroadcastProcessFunction<String, ProfileChange, LiveModel, LiveAssignment>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Segment and intent changes (the activation topic). */
    public static final OutputTag<SegmentChange> CHANGES =
            new OutputTag<>("segment-changes", TypeInformation.of(SegmentChange.class));

    /** The broadcast state holding the newest model under {@link #CURRENT}. */
    public static final MapStateDescriptor<String, LiveModel> MODEL =
            new MapStateDescriptor<>(
                    "live-model", Types.STRING, TypeInformation.of(LiveModel.class));

    private static final String CURRENT = "current";

    private final LiveModel initial;
    private final ProfileRules rules;
    private final LifecycleRules lifecycle;
    private final LiveErasures erasures;
    private final ValueStateDescriptor<Live> liveDescriptor;
    private transient ValueState<Live> live;
    private transient boolean restored;

    /**
     * 0 normally; after a restart a number of this attempt's own: a customer whose state carries
     * another number gets its row written once even if unchanged (see {@link EarlierAttempts}).
     */
    private transient long attempt;

    /** A customer's last profile and assignment. A Flink POJO. */
    public static class Live implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Null after a withdrawal. */
        public LiveProfile profile;

        public LiveAssignment assignment;

        /** The {@link #attempt} that last wrote the row. */
        public long writtenBy;

        public Live() {}
    }

    /**
     * @param initial the model at start (null: none yet, customers wait for the first broadcast)
     */
    public LiveSegments(LiveModel initial, ProfileRules rules, LifecycleRules lifecycle) {
        this(initial, rules, lifecycle, LiveErasures.NONE);
    }

    /** The same, leaving out the customers {@code erasures} names when a newer model comes. */
    public LiveSegments(
            LiveModel initial,
            ProfileRules rules,
            LifecycleRules lifecycle,
            LiveErasures erasures) {
        this.erasures = erasures;
        this.initial = initial;
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.liveDescriptor = new ValueStateDescriptor<>("live", TypeInformation.of(Live.class));
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) {
        restored = ctx.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {}

    @Override
    public void open(OpenContext ctx) {
        liveDescriptor.enableTimeToLive(ProfileState.ttl(rules));
        live = getRuntimeContext().getState(liveDescriptor);
        attempt =
                EarlierAttempts.mayHaveWritten(restored, getRuntimeContext())
                        ? new java.util.Random().nextLong() | 1
                        : 0;
    }

    @Override
    public void processElement(
            ProfileChange change, ReadOnlyContext ctx, Collector<LiveAssignment> out)
            throws Exception {
        Live l = live.value();
        if (l == null) {
            l = new Live();
        }
        LiveModel model = current(ctx.getBroadcastState(MODEL).get(CURRENT));
        if (ProfileChange.ERASED.equals(change.reason)) {
            live.clear();
            out.collect(LiveAssignment.erased(change.profileId, change.ts));
            return;
        }
        if (ProfileChange.NO_CONSENT.equals(change.reason)) {
            if (l.assignment == null && l.profile == null) {
                // a customer with a live profile or segment (consent on another device, or a
                // decline already) keeps it; one seen only without consent is generic
                update(
                        l,
                        unconsented(change.profileId, change.ts),
                        null,
                        out,
                        c -> ctx.output(CHANGES, c));
                live.update(l);
            }
            return;
        }
        if (change.profile == null) {
            if (!ProfileChange.CONSENT_WITHDRAWN.equals(change.reason)) {
                return; // only anonymous records merge away, and they have no segment
            }
            l.profile = null;
            update(
                    l,
                    generic(change.profileId, change.ts),
                    SegmentChange.CONSENT_WITHDRAWN,
                    out,
                    c -> ctx.output(CHANGES, c));
        } else {
            l.profile = readByAssign(change.profile);
            if (model != null) {
                update(l, assign(model, change.profile), null, out, c -> ctx.output(CHANGES, c));
            }
        }
        live.update(l);
    }

    @Override
    public void processBroadcastElement(LiveModel model, Context ctx, Collector<LiveAssignment> out)
            throws Exception {
        LiveModel now = current(ctx.getBroadcastState(MODEL).get(CURRENT));
        if (model.json == null || (now != null && now.version.equals(model.version))) {
            return; // the watcher saw nothing newer
        }
        ctx.getBroadcastState(MODEL).put(CURRENT, model);
        ctx.applyToKeyedState(
                liveDescriptor,
                (customer, state) -> {
                    Live l = state.value();
                    if (l != null && erasures.current().test(customer)) {
                        // erased since its last change: the store's row is gone, and stays gone
                        state.clear();
                        out.collect(LiveAssignment.erased(customer, Long.MIN_VALUE));
                        return;
                    }
                    if (l != null && l.profile != null) {
                        update(
                                l,
                                assign(model, l.profile),
                                SegmentChange.MODEL,
                                out,
                                c -> ctx.output(CHANGES, c));
                        state.update(l);
                    }
                });
    }

    private LiveModel current(LiveModel broadcast) {
        return broadcast != null ? broadcast : initial;
    }

    /**
     * Emits the row when it changed (or may have been overwritten by an earlier attempt), and a
     * change event when segment or intent changed.
     */
    private void update(
            Live l,
            LiveAssignment next,
            String forcedReason,
            Collector<LiveAssignment> out,
            java.util.function.Consumer<SegmentChange> changes) {
        LiveAssignment prev = l.assignment;
        if (next.sameAs(prev) && l.writtenBy == attempt) {
            return;
        }
        l.assignment = next;
        l.writtenBy = attempt;
        out.collect(next);
        boolean segmentChanged = prev == null || !Objects.equals(prev.persona, next.persona);
        boolean intentChanged = prev == null || !Objects.equals(prev.intent, next.intent);
        if (!segmentChanged && !intentChanged) {
            return;
        }
        SegmentChange c = new SegmentChange();
        c.customerId = next.customerId;
        c.fromSegment = prev == null ? null : prev.persona;
        c.toSegment = next.persona;
        c.fromIntent = prev == null ? null : prev.intent;
        c.toIntent = next.intent;
        c.reason =
                prev == null
                        ? SegmentChange.ENTERED
                        : forcedReason != null
                                ? forcedReason
                                : segmentChanged ? SegmentChange.MOVED : SegmentChange.INTENT;
        c.eventTime = next.updatedAt;
        c.modelVersion = next.modelVersion;
        changes.accept(c);
    }

    static LiveAssignment generic(String customerId, long ts) {
        LiveAssignment a = new LiveAssignment();
        a.customerId = customerId;
        a.persona = LiveAssignment.GENERIC;
        a.explanation = "declined or withdrew the use of their data: generic segment, no profile";
        a.updatedAt = ts;
        return a;
    }

    /** The generic segment of a customer who never stated consent where silence means no. */
    static LiveAssignment unconsented(String customerId, long ts) {
        LiveAssignment a = generic(customerId, ts);
        a.explanation = "no consent to use their data stated: generic segment, no profile";
        return a;
    }

    /**
     * The fields of {@code p} that {@link #assign} reads, kept in state for every customer to
     * assign them again when a newer model comes. The rest (interests, devices, per-window counts)
     * is the golden records' and the store's: in state here it was a quarter of every checkpoint's
     * bytes, written again every checkpoint.
     */
    static LiveProfile readByAssign(LiveProfile p) {
        LiveProfile r = new LiveProfile();
        r.profileId = p.profileId;
        r.lastIntent = p.lastIntent;
        r.lastSeen = p.lastSeen;
        r.frequency = p.frequency;
        r.monetary = p.monetary;
        r.recencyDays = p.recencyDays;
        r.rfmAsOf = p.rfmAsOf;
        r.firstPurchase = p.firstPurchase;
        r.lastPurchase = p.lastPurchase;
        r.previousPurchase = p.previousPurchase;
        r.baselineStage = p.baselineStage;
        r.sessions = p.sessions;
        r.supportShare = p.supportShare;
        r.cartAbandonment = p.cartAbandonment;
        return r;
    }

    /** The live assignment of one customer's profile by {@code model}. */
    LiveAssignment assign(LiveModel model, LiveProfile p) {
        LiveAssignment a = new LiveAssignment();
        a.customerId = p.profileId;
        a.intent = p.lastIntent;
        a.modelVersion = model.version;
        a.updatedAt = p.lastSeen;
        if (p.frequency == 0 || p.rfmAsOf == null) {
            a.persona = LiveAssignment.PROSPECT;
            a.modelVersion = null; // no model involved: a newer one leaves prospects alone
            a.lifecycle = LiveAssignment.PROSPECT;
            a.customerProfile = "new";
            a.explanation = "no purchase yet: prospect (browsing only)";
            return a;
        }
        int tenure = p.rfmAsOf - p.firstPurchase;
        LifecycleStage stage =
                lifecycle.stage(
                        p.rfmAsOf,
                        p.firstPurchase,
                        p.lastPurchase,
                        p.previousPurchase == null ? Integer.MIN_VALUE : p.previousPurchase);
        if (stage == LifecycleStage.ACTIVE
                && LifecycleStage.REACTIVATED.label().equals(p.baselineStage)) {
            stage = LifecycleStage.REACTIVATED; // the gap before the batch's last purchase stays
        }
        a.lifecycle = stage.label();
        a.customerProfile =
                lifecycle.profile(tenure, (int) Math.min(Integer.MAX_VALUE, p.frequency)).label();
        List<String> names = model.model().scaler().names();
        double[] f = new double[names.size()];
        for (int t = 0; t < f.length; t++) {
            f[t] = feature(names.get(t), p, tenure);
        }
        FeatureRow row = new FeatureRow(p.profileId, f, p.monetary);
        SegmentAssignment s = model.assigner().assign(row);
        a.clusterId = s.clusterId;
        a.persona = s.persona;
        a.confidence = s.confidence;
        a.explanation = s.explanation;
        return a;
    }

    private static double feature(String name, LiveProfile p, int tenure) {
        return switch (name) {
            case "recency_days" -> p.recencyDays;
            case "frequency" -> p.frequency;
            case "monetary" -> p.monetary;
            case "avg_order_value" -> p.monetary / p.frequency;
            case "tenure_days" -> tenure;
            case "sessions" -> p.sessions;
            case "support_share" -> p.supportShare == null ? 0 : p.supportShare;
            case "cart_abandonment" -> p.cartAbandonment == null ? 0 : p.cartAbandonment;
            default -> throw new IllegalStateException("feature " + name + " is not live");
        };
    }
}
