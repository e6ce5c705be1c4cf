package dev.segment.jobs.profiles;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Third stage, keyed by golden record (customer id, or {@code visitor:ID} while anonymous): keeps
 * the summary of every visitor-level part that belongs to the record and emits the merged {@link
 * LiveProfile} on each change (or once at the end of input with {@link ProfileRules#finalOnly()}).
 *
 * <p>Consent at this level covers every device of a customer: a withdrawal deletes the stored
 * profile and every part with history at or before it; parts that only hold later history (after a
 * new grant) stay. While withdrawn, parts are ignored.
 */
public final class GoldenProfiles
        extends KeyedProcessFunction<String, ProfileUpdate, ProfileChange> {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private final RfmBaselineLookup baselines;
    private transient MapState<String, ProfileAccumulator> parts;
    private transient ValueState<RfmBaseline> baseline;
    private transient ValueState<Consent> consent;
    private transient ValueState<Boolean> stored;

    public GoldenProfiles(ProfileRules rules) {
        this(rules, RfmBaselineLookup.NONE);
    }

    /** With live RFM on top of the batch baselines {@code baselines} finds. */
    public GoldenProfiles(ProfileRules rules, RfmBaselineLookup baselines) {
        this.rules = rules;
        this.baselines = baselines;
    }

    /** Consent of one golden record. A Flink POJO. */
    public static class Consent implements Serializable {
        private static final long serialVersionUID = 1L;
        public long ts = Long.MIN_VALUE;
        public boolean granted = true;
        public long floor = Long.MIN_VALUE;

        public Consent() {}
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        StateTtlConfig ttl = ProfileState.ttl(rules);
        MapStateDescriptor<String, ProfileAccumulator> p =
                new MapStateDescriptor<>(
                        "parts", Types.STRING, TypeInformation.of(ProfileAccumulator.class));
        p.enableTimeToLive(ttl);
        parts = getRuntimeContext().getMapState(p);
        ValueStateDescriptor<Consent> c =
                new ValueStateDescriptor<>("consent", TypeInformation.of(Consent.class));
        c.enableTimeToLive(ttl);
        consent = getRuntimeContext().getState(c);
        ValueStateDescriptor<Boolean> s = new ValueStateDescriptor<>("stored", Types.BOOLEAN);
        s.enableTimeToLive(ttl);
        stored = getRuntimeContext().getState(s);
        ValueStateDescriptor<RfmBaseline> b =
                new ValueStateDescriptor<>("rfm-baseline", TypeInformation.of(RfmBaseline.class));
        b.enableTimeToLive(ttl);
        baseline = getRuntimeContext().getState(b);
        baselines.open();
    }

    @Override
    public void close() throws Exception {
        baselines.close();
    }

    @Override
    public void processElement(ProfileUpdate u, Context ctx, Collector<ProfileChange> out)
            throws Exception {
        Consent c = consent.value();
        switch (u.kind) {
            case PART -> {
                if (c != null && (!c.granted || u.part.first <= c.floor)) {
                    return; // history from before a withdrawal, or no consent now
                }
                parts.put(u.source, u.part);
                changed(ctx, out, null, u.part.last);
            }
            case RETRACT -> {
                if (parts.contains(u.source)) {
                    parts.remove(u.source);
                    changed(ctx, out, "merged", Long.MIN_VALUE);
                }
            }
            case CONSENT -> {
                if (c == null) {
                    c = new Consent();
                }
                if (u.ts >= c.ts) {
                    c.ts = u.ts;
                    c.granted = u.granted;
                }
                if (!u.granted) {
                    c.floor = Math.max(c.floor, u.ts);
                    if (!c.granted) {
                        parts.clear(); // withdrawn now: nothing of this record stays
                        baseline.clear();
                    } else {
                        // a later grant arrived first: only history after the withdrawal stays
                        for (Iterator<Map.Entry<String, ProfileAccumulator>> it = parts.iterator();
                                it.hasNext(); ) {
                            if (it.next().getValue().first <= c.floor) {
                                it.remove();
                            }
                        }
                    }
                }
                consent.update(c);
                changed(ctx, out, c.granted ? null : ProfileChange.CONSENT_WITHDRAWN, u.ts);
            }
        }
    }

    private void changed(
            Context ctx, Collector<ProfileChange> out, String deleteReason, long changeTs)
            throws Exception {
        if (rules.finalOnly()) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            return;
        }
        emit(ctx.getCurrentKey(), out, deleteReason, changeTs);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ProfileChange> out)
            throws Exception {
        emit(ctx.getCurrentKey(), out, null, Long.MIN_VALUE);
    }

    private void emit(String key, Collector<ProfileChange> out, String deleteReason, long changeTs)
            throws Exception {
        ProfileAccumulator merged = null;
        Set<String> visitors = new HashSet<>();
        for (Map.Entry<String, ProfileAccumulator> e : parts.entries()) {
            // merge returns a new summary, and LiveProfile.of only reads: no copy of the first
            merged = merged == null ? e.getValue() : merged.merge(e.getValue(), rules);
            visitors.add(e.getKey().substring(0, e.getKey().indexOf('\u0000')));
        }
        if (merged == null || merged.isEmpty()) {
            boolean customer = !key.startsWith(LiveProfile.VISITOR_PREFIX);
            if (Boolean.TRUE.equals(stored.value())
                    || (customer && ProfileChange.CONSENT_WITHDRAWN.equals(deleteReason))) {
                // a customer's decline is passed on even without a stored profile: the live
                // segment turns generic
                stored.clear();
                out.collect(ProfileChange.delete(key, deleteReason, changeTs));
            }
            return;
        }
        stored.update(true);
        out.collect(
                ProfileChange.upsert(
                        LiveProfile.of(key, merged, visitors.size(), rules, baselineOf(key))));
    }

    /** The customer's batch RFM, looked up once and then remembered (same answer on restore). */
    private RfmBaseline baselineOf(String key) throws Exception {
        if (key.startsWith(LiveProfile.VISITOR_PREFIX)) {
            return RfmBaseline.NONE;
        }
        RfmBaseline b = baseline.value();
        if (b == null) {
            b = baselines.find(key);
            baseline.update(b);
        }
        return b;
    }
}
