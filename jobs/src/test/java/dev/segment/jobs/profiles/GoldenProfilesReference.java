package dev.segment.jobs.profiles;

import dev.segment.jobs.runtime.EarlierAttempts;
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
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link GoldenProfiles} as it was before it kept one value per golden record (commit 685f7f3):
 * separate consent, merged-summary and pending-emit states, every part in a map state. Kept
 * unchanged as the oracle of {@link GoldenProfilesEquivalenceTest}: the new layout must emit
 * exactly what this one emits.
 */
final class GoldenProfilesReference
        extends KeyedProcessFunction<String, ProfileUpdate, ProfileChange>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private final RfmBaselineLookup baselines;
    private transient MapState<String, ProfileAccumulator> parts;
    private transient ValueState<Merged> merged;
    private transient ValueState<RfmBaseline> baseline;
    private transient ValueState<Consent> consent;
    private transient ValueState<Long> pending;
    private transient boolean restored;

    /** Whether the store may hold profiles this task's state does not know were written. */
    private transient boolean earlierWrites;

    GoldenProfilesReference(ProfileRules rules) {
        this(rules, RfmBaselineLookup.NONE);
    }

    /** With live RFM on top of the batch baselines {@code baselines} finds. */
    GoldenProfilesReference(ProfileRules rules, RfmBaselineLookup baselines) {
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

    /** The record's parts merged, how many visitors they come from, whether it is stored. */
    public static class Merged implements Serializable {
        private static final long serialVersionUID = 1L;
        public ProfileAccumulator summary = new ProfileAccumulator();
        public int visitors;
        public boolean stored;

        public Merged() {}
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) {
        restored = ctx.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) {}

    @Override
    public void open(OpenContext ctx) throws Exception {
        earlierWrites = EarlierAttempts.mayHaveWritten(restored, getRuntimeContext());
        StateTtlConfig ttl = ProfileState.ttl(rules);
        MapStateDescriptor<String, ProfileAccumulator> p =
                new MapStateDescriptor<>(
                        "parts", Types.STRING, TypeInformation.of(ProfileAccumulator.class));
        p.enableTimeToLive(ttl);
        parts = getRuntimeContext().getMapState(p);
        ValueStateDescriptor<Merged> m =
                new ValueStateDescriptor<>("merged", TypeInformation.of(Merged.class));
        m.enableTimeToLive(ttl);
        merged = getRuntimeContext().getState(m);
        ValueStateDescriptor<Consent> c =
                new ValueStateDescriptor<>("consent", TypeInformation.of(Consent.class));
        c.enableTimeToLive(ttl);
        consent = getRuntimeContext().getState(c);
        ValueStateDescriptor<RfmBaseline> b =
                new ValueStateDescriptor<>("rfm-baseline", TypeInformation.of(RfmBaseline.class));
        b.enableTimeToLive(ttl);
        baseline = getRuntimeContext().getState(b);
        ValueStateDescriptor<Long> t = new ValueStateDescriptor<>("pending-emit", Types.LONG);
        t.enableTimeToLive(ttl);
        pending = getRuntimeContext().getState(t);
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
            case EVENT, SESSION -> {
                boolean event = u.kind == ProfileUpdate.Kind.EVENT;
                long from = event ? u.event.ts : u.session.sessionStart;
                if (c != null && (!c.granted || from <= c.floor)) {
                    return; // history from before a withdrawal, or no consent now
                }
                ProfileAccumulator part = parts.get(u.source);
                boolean newPart = part == null;
                if (newPart) {
                    part = new ProfileAccumulator();
                }
                Merged before = merged.value();
                Merged m = before != null ? before : new Merged();
                if (event) {
                    part.addEvent(u.event, rules);
                    m.summary.addEvent(u.event, rules);
                } else {
                    part.addSession(u.session, rules);
                    m.summary.addSession(u.session, rules);
                }
                parts.put(u.source, part);
                if (newPart) {
                    // a profile's first slot needs no scan of the others: on RocksDB that scan is
                    // a seek per new visitor, which made 2M visitors crawl (BENCHMARKS.md)
                    m.visitors = before == null ? 1 : visitorsOf(parts.keys());
                }
                changed(ctx, out, m, null, m.summary.last);
            }
            case PART -> {
                if (c != null && (!c.granted || u.part.first <= c.floor)) {
                    return; // history from before a withdrawal, or no consent now
                }
                parts.put(u.source, u.part);
                changed(ctx, out, remerge(), null, u.part.last);
            }
            case RETRACT -> {
                if (parts.contains(u.source)) {
                    parts.remove(u.source);
                    changed(ctx, out, remerge(), "merged", Long.MIN_VALUE);
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
                Merged m = merged.value();
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
                    m = remerge();
                }
                consent.update(c);
                changed(ctx, out, m, c.granted ? null : ProfileChange.CONSENT_WITHDRAWN, u.ts);
            }
        }
    }

    /** The merged summary of the parts as they are now (kept stored flag). */
    private Merged remerge() throws Exception {
        Merged before = merged.value();
        Merged m = new Merged();
        m.stored = before != null && before.stored;
        ProfileAccumulator sum = null;
        for (ProfileAccumulator part : parts.values()) {
            // merge returns a new summary: the merged one never shares maps with a part
            sum = sum == null ? part.copy() : sum.merge(part, rules);
        }
        if (sum != null) {
            m.summary = sum;
        }
        m.visitors = visitorsOf(parts.keys());
        return m;
    }

    private static int visitorsOf(Iterable<String> slots) {
        Set<String> visitors = new HashSet<>();
        for (String slot : slots) {
            visitors.add(ProfileInput.visitorOfSlot(slot));
        }
        return visitors.size();
    }

    private void changed(
            Context ctx, Collector<ProfileChange> out, Merged m, String deleteReason, long changeTs)
            throws Exception {
        if (rules.finalOnly()) {
            if (m != null) {
                merged.update(m);
            }
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            return;
        }
        long interval = rules.emitInterval().toMillis();
        if (interval > 0 && deleteReason == null && m != null && !m.summary.isEmpty()) {
            // at most one profile per interval: a burst of events (a session) is written once
            merged.update(m);
            if (pending.value() == null) {
                long at = ctx.timerService().currentProcessingTime() + interval;
                ctx.timerService().registerProcessingTimeTimer(at);
                // a bounded run ends without firing processing-time timers: the end of input
                // (the final watermark) emits what is still pending
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
                pending.update(at);
            }
            return;
        }
        emit(ctx.getCurrentKey(), out, m, deleteReason, changeTs);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ProfileChange> out)
            throws Exception {
        if (!rules.finalOnly()) {
            Long at = pending.value();
            if (at == null) {
                return; // emitted already, or deleted meanwhile (withdrawal, merge)
            }
            pending.clear();
            if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
                ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
            } else {
                ctx.timerService().deleteProcessingTimeTimer(at);
            }
        }
        emit(ctx.getCurrentKey(), out, merged.value(), null, Long.MIN_VALUE);
    }

    private void emit(
            String key, Collector<ProfileChange> out, Merged m, String deleteReason, long changeTs)
            throws Exception {
        if (m == null || m.summary.isEmpty()) {
            boolean customer = !key.startsWith(LiveProfile.VISITOR_PREFIX);
            boolean stored = m != null && m.stored;
            // nothing left: no summary to keep either
            merged.clear();
            // after a restart a failed attempt may have stored it, coalesced otherwise: deleting
            // a row that is not there is harmless, keeping one that should go is not
            if (stored
                    || earlierWrites
                    || (customer && ProfileChange.CONSENT_WITHDRAWN.equals(deleteReason))) {
                // a customer's decline is passed on even without a stored profile: the live
                // segment turns generic
                out.collect(ProfileChange.delete(key, deleteReason, changeTs));
            }
            return;
        }
        m.stored = true;
        merged.update(m);
        out.collect(
                ProfileChange.upsert(
                        LiveProfile.of(key, m.summary, m.visitors, rules, baselineOf(key))));
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
