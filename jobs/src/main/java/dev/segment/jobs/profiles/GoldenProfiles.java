package dev.segment.jobs.profiles;

import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.runtime.EarlierAttempts;
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
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Third stage, keyed by golden record (customer id, or {@code visitor:ID} while anonymous): keeps
 * every visitor-level part that belongs to the record and their merged summary, adds each event or
 * session to its part and to the merged summary, and emits the {@link LiveProfile} on each change
 * (or once at the end of input with {@link ProfileRules#finalOnly()}). Only a part that is replaced
 * or removed makes the record merge its parts again.
 *
 * <p>Consent at this level covers every device of a customer: a withdrawal deletes the stored
 * profile and every part with history at or before it; parts that only hold later history (after a
 * new grant) stay, and history at or before the withdrawal that arrives later is ignored. While
 * withdrawn, everything is ignored.
 *
 * <p>Erasure: an ERASE wipes the record for good (its consent floor moves to the end of time, so
 * nothing later is added) and deletes the stored profile. A customer the store erased while the
 * record waited to be written (a coalesced emit) is wiped at that emit instead of written.
 *
 * <p>State: one {@link GoldenRecord} value per key (consent, merged summary, pending emit, RFM
 * baseline) and a map of parts used only once a record has two or more. A record with one part,
 * nearly every record, holds it as its summary: an event is one state read and one write. With
 * separate consent, summary, pending and parts states it was four reads and two writes, and on
 * RocksDB with 2M visitors those reads were where the golden-records tasks spent their time
 * (BENCHMARKS.md).
 */
public final class GoldenProfiles extends KeyedProcessFunction<String, ProfileUpdate, ProfileChange>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private final RfmBaselineLookup baselines;
    private final LiveErasures erasures;
    private transient ValueState<GoldenRecord> records;
    private transient MapState<String, ProfileAccumulator> parts;
    private transient boolean restored;

    /** Whether the store may hold profiles this task's state does not know were written. */
    private transient boolean earlierWrites;

    /** Holds the pending emits of the coalescing mode ({@link GoldenProfilesOperator}). */
    private transient Coalescer coalescer;

    /** Where a record's coalesced emit waits until its deadline (processing time). */
    interface Coalescer {
        /** The current key's profile is to be emitted at {@code deadline} at the latest. */
        void pending(String key, long deadline);
    }

    void coalesceWith(Coalescer c) {
        this.coalescer = c;
    }

    public GoldenProfiles(ProfileRules rules) {
        this(rules, RfmBaselineLookup.NONE);
    }

    /** With live RFM on top of the batch baselines {@code baselines} finds. */
    public GoldenProfiles(ProfileRules rules, RfmBaselineLookup baselines) {
        this(rules, baselines, LiveErasures.NONE);
    }

    /** The same, wiping the records of the customers {@code erasures} names when they are due. */
    public GoldenProfiles(ProfileRules rules, RfmBaselineLookup baselines, LiveErasures erasures) {
        this.rules = rules;
        this.baselines = baselines;
        this.erasures = erasures;
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
        ValueStateDescriptor<GoldenRecord> r =
                new ValueStateDescriptor<>("golden-record", TypeInformation.of(GoldenRecord.class));
        r.enableTimeToLive(ttl);
        records = getRuntimeContext().getState(r);
        MapStateDescriptor<String, ProfileAccumulator> p =
                new MapStateDescriptor<>(
                        "parts", Types.STRING, TypeInformation.of(ProfileAccumulator.class));
        p.enableTimeToLive(ttl);
        parts = getRuntimeContext().getMapState(p);
        baselines.open();
    }

    @Override
    public void close() throws Exception {
        baselines.close();
    }

    @Override
    public void processElement(ProfileUpdate u, Context ctx, Collector<ProfileChange> out)
            throws Exception {
        GoldenRecord g = load();
        if (g.consentFloor == Long.MAX_VALUE) {
            return; // wiped: an erased customer's record (or their visitor's) takes nothing more
        }
        switch (u.kind) {
            case EVENT, SESSION -> {
                boolean event = u.kind == ProfileUpdate.Kind.EVENT;
                long from = event ? u.event.ts : u.session.sessionStart;
                if (!g.granted || from <= g.consentFloor) {
                    return; // history from before a withdrawal, or no consent now
                }
                if (g.hasNoParts()) {
                    // the record's first part: held as the summary (a summary left empty by a
                    // merge keeps its stored flag)
                    if (g.summary == null) {
                        g.summary = new ProfileAccumulator();
                    }
                    g.soleSlot = u.source;
                    g.visitors = 1;
                }
                if (u.source.equals(g.soleSlot)) {
                    add(g.summary, u, event); // the one part is the summary
                } else {
                    addToParts(g, u, event);
                }
                changed(ctx, out, g, null, g.summary.last);
            }
            case PART -> {
                if (!g.granted || u.part.first <= g.consentFloor) {
                    return; // history from before a withdrawal, or no consent now
                }
                if (u.source.equals(g.soleSlot) || g.hasNoParts()) {
                    g.summary = u.part;
                    g.soleSlot = u.source;
                    g.visitors = 1;
                } else {
                    spillSolePart(g);
                    parts.put(u.source, u.part);
                    remerge(g);
                }
                changed(ctx, out, g, null, u.part.last);
            }
            case RETRACT -> {
                if (u.source.equals(g.soleSlot)) {
                    dropParts(g);
                } else if (g.partsInMap && parts.contains(u.source)) {
                    parts.remove(u.source);
                    remerge(g);
                } else {
                    return;
                }
                changed(ctx, out, g, "merged", Long.MIN_VALUE);
            }
            case CONSENT -> {
                if (u.ts >= g.consentTs) {
                    g.consentTs = u.ts;
                    g.granted = u.granted;
                }
                if (!u.granted) {
                    g.consentFloor = Math.max(g.consentFloor, u.ts);
                    if (!g.granted) {
                        dropParts(g); // withdrawn now: nothing of this record stays
                        g.baseline = null;
                    } else {
                        // a later grant arrived first: only history after the withdrawal stays
                        dropPartsUpTo(g, g.consentFloor);
                    }
                }
                changed(ctx, out, g, g.granted ? null : ProfileChange.CONSENT_WITHDRAWN, u.ts);
            }
            case ERASE -> {
                wipe(g);
                changed(ctx, out, g, ProfileChange.ERASED, u.ts);
            }
        }
        save(g);
    }

    private void add(ProfileAccumulator a, ProfileUpdate u, boolean event) {
        if (event) {
            a.addEvent(u.event, rules);
        } else {
            a.addSession(u.session, rules);
        }
    }

    /** A record with two or more parts: the update goes to its part and to the summary. */
    private void addToParts(GoldenRecord g, ProfileUpdate u, boolean event) throws Exception {
        spillSolePart(g);
        ProfileAccumulator part = parts.get(u.source);
        boolean newPart = part == null;
        if (newPart) {
            part = new ProfileAccumulator();
        }
        boolean noSummary = g.summary == null;
        if (noSummary) {
            g.summary = new ProfileAccumulator();
        }
        add(part, u, event);
        add(g.summary, u, event);
        parts.put(u.source, part);
        g.partsInMap = true;
        if (newPart) {
            // with no summary before, this part is all there is: no scan of the others (on
            // RocksDB that scan is a seek per new visitor, BENCHMARKS.md)
            g.visitors = noSummary ? 1 : visitorsOf(parts.keys());
        }
    }

    /** Moves a record's one part out of its summary into the parts map, as a second arrives. */
    private void spillSolePart(GoldenRecord g) throws Exception {
        if (g.soleSlot != null) {
            // a copy: the summary goes on to take the other parts' updates too
            parts.put(g.soleSlot, g.summary.copy());
            g.soleSlot = null;
            g.partsInMap = true;
        }
    }

    /** Erasure: no part, no baseline, and nothing taken ever again (the floor at the end). */
    private void wipe(GoldenRecord g) throws Exception {
        dropParts(g);
        g.baseline = null;
        g.granted = false;
        g.consentTs = Long.MAX_VALUE;
        g.consentFloor = Long.MAX_VALUE;
    }

    /** Removes every part: the summary is left empty (and keeps its stored flag). */
    private void dropParts(GoldenRecord g) throws Exception {
        if (g.partsInMap) {
            parts.clear();
            g.partsInMap = false;
        }
        g.soleSlot = null;
        g.summary = new ProfileAccumulator();
        g.visitors = 0;
    }

    /** Removes the parts with history at or before {@code floor}. */
    private void dropPartsUpTo(GoldenRecord g, long floor) throws Exception {
        if (g.soleSlot != null) {
            if (g.summary.first <= floor) {
                dropParts(g);
            }
            return;
        }
        if (g.partsInMap) {
            for (Iterator<Map.Entry<String, ProfileAccumulator>> it = parts.iterator();
                    it.hasNext(); ) {
                if (it.next().getValue().first <= floor) {
                    it.remove();
                }
            }
        }
        remerge(g);
    }

    /** Sets the summary and visitor count from the parts map as it is now. */
    private void remerge(GoldenRecord g) throws Exception {
        ProfileAccumulator sum = null;
        if (g.partsInMap) {
            for (ProfileAccumulator part : parts.values()) {
                // merge returns a new summary: the merged one never shares maps with a part
                sum = sum == null ? part.copy() : sum.merge(part, rules);
            }
        }
        g.summary = sum != null ? sum : new ProfileAccumulator();
        g.visitors = g.partsInMap ? visitorsOf(parts.keys()) : 0;
    }

    private static int visitorsOf(Iterable<String> slots) {
        Set<String> visitors = new HashSet<>();
        for (String slot : slots) {
            visitors.add(ProfileInput.visitorOfSlot(slot));
        }
        return visitors.size();
    }

    private void changed(
            Context ctx,
            Collector<ProfileChange> out,
            GoldenRecord g,
            String deleteReason,
            long changeTs)
            throws Exception {
        if (rules.finalOnly()) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            return;
        }
        long interval = rules.emitInterval().toMillis();
        if (interval > 0 && deleteReason == null && g.summary != null && !g.summary.isEmpty()) {
            // at most one profile per interval: a burst of events (a session) is written once
            if (g.pendingAt == GoldenRecord.NOT_PENDING) {
                if (coalescer == null) {
                    throw new IllegalStateException(
                            "an emit interval needs GoldenProfilesOperator to hold pending emits");
                }
                long at = ctx.timerService().currentProcessingTime() + interval;
                coalescer.pending(ctx.getCurrentKey(), at);
                g.pendingAt = at;
            }
            return;
        }
        emit(ctx.getCurrentKey(), out, g, deleteReason, changeTs);
    }

    /** The end of input in the final-only mode: the record's one emit. */
    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ProfileChange> out)
            throws Exception {
        if (!rules.finalOnly()) {
            // a timer of a checkpoint taken before pending emits left keyed timers
            emitPending(ctx.getCurrentKey(), out);
            return;
        }
        GoldenRecord g = load();
        emit(ctx.getCurrentKey(), out, g, null, Long.MIN_VALUE);
        save(g);
    }

    /**
     * The coalesced emit of the current key, {@code key}, when its deadline has come (or at a
     * checkpoint or the end of input): nothing when it was emitted or deleted meanwhile.
     */
    void emitPending(String key, Collector<ProfileChange> out) throws Exception {
        GoldenRecord g = load();
        if (g.pendingAt == GoldenRecord.NOT_PENDING) {
            return; // emitted already, or deleted meanwhile (withdrawal, merge)
        }
        g.pendingAt = GoldenRecord.NOT_PENDING;
        emit(key, out, g, null, Long.MIN_VALUE);
        save(g);
    }

    private void emit(
            String key,
            Collector<ProfileChange> out,
            GoldenRecord g,
            String deleteReason,
            long changeTs)
            throws Exception {
        boolean customer = !key.startsWith(LiveProfile.VISITOR_PREFIX);
        if (customer
                && deleteReason == null
                && g.summary != null
                && !g.summary.isEmpty()
                && erasures.current().test(key)) {
            // erased while the record waited (forget on a shared store): wiped, never written
            wipe(g);
            deleteReason = ProfileChange.ERASED;
        }
        if (g.summary == null || g.summary.isEmpty()) {
            boolean stored = g.summary != null && g.stored;
            // nothing left: no summary to keep either
            g.clearSummary();
            // after a restart a failed attempt may have stored it, coalesced otherwise: deleting
            // a row that is not there is harmless, keeping one that should go is not
            if (stored
                    || earlierWrites
                    || (customer && ProfileChange.CONSENT_WITHDRAWN.equals(deleteReason))
                    || ProfileChange.ERASED.equals(deleteReason)) {
                // a customer's decline is passed on even without a stored profile: the live
                // segment turns generic; an erasure always, as the store may hold rows written
                // between the forget and now
                out.collect(ProfileChange.delete(key, deleteReason, changeTs));
            }
            return;
        }
        g.stored = true;
        out.collect(
                ProfileChange.upsert(
                        LiveProfile.of(key, g.summary, g.visitors, rules, baselineOf(key, g))));
    }

    /** The customer's batch RFM, looked up once and then remembered (same answer on restore). */
    private RfmBaseline baselineOf(String key, GoldenRecord g) throws Exception {
        if (key.startsWith(LiveProfile.VISITOR_PREFIX)) {
            return RfmBaseline.NONE;
        }
        if (g.baseline == null) {
            g.baseline = baselines.find(key);
        }
        return g.baseline;
    }

    /** The current key's record, or a blank one. */
    private GoldenRecord load() throws Exception {
        GoldenRecord g = records.value();
        return g != null ? g : new GoldenRecord();
    }

    /** Writes the record back, or clears it once it holds nothing. */
    private void save(GoldenRecord g) throws Exception {
        if (g.isBlank()) {
            records.clear();
        } else {
            records.update(g);
        }
    }
}
