package dev.segment.jobs.profiles;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Second stage, keyed by slot (visitor and customer, or visitor alone while anonymous): passes
 * profiled events and closed sessions on to the golden record the slot belongs to. An anonymous
 * slot belongs to {@code visitor:ID} until a MOVE hands it to a customer: it keeps its summary
 * ({@link ProfileAccumulator}) for that moment, retracts itself from the anonymous record, sends
 * the customer the whole summary, and from then on reports to the customer, so sessions that close
 * after the login still reach the right record. A slot of a known customer only remembers that it
 * sent something, so that a withdrawal retracts it. An ERASE empties the slot, and wipes the record
 * it reports to when that is the erased customer's or the anonymous visitor's.
 */
public final class VisitorProfiles
        extends KeyedProcessFunction<String, ProfileInput, ProfileUpdate> {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private transient ValueState<ProfileAccumulator> anonymous;
    private transient ValueState<Boolean> sent;
    private transient ValueState<String> movedTo;

    public VisitorProfiles(ProfileRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = ProfileState.ttl(rules);
        ValueStateDescriptor<ProfileAccumulator> s =
                new ValueStateDescriptor<>(
                        "anonymous-summary", TypeInformation.of(ProfileAccumulator.class));
        s.enableTimeToLive(ttl);
        anonymous = getRuntimeContext().getState(s);
        ValueStateDescriptor<Boolean> h = new ValueStateDescriptor<>("sent", Types.BOOLEAN);
        h.enableTimeToLive(ttl);
        sent = getRuntimeContext().getState(h);
        ValueStateDescriptor<String> m = new ValueStateDescriptor<>("moved-to", Types.STRING);
        m.enableTimeToLive(ttl);
        movedTo = getRuntimeContext().getState(m);
    }

    @Override
    public void processElement(ProfileInput in, Context ctx, Collector<ProfileUpdate> out)
            throws Exception {
        String slot = ctx.getCurrentKey();
        switch (in.kind) {
            case EVENT, SESSION -> {
                boolean event = in.kind == ProfileInput.Kind.EVENT;
                if (in.customerId == null) {
                    ProfileAccumulator acc = anonymous.value();
                    if (acc == null) {
                        acc = new ProfileAccumulator();
                    }
                    if (event) {
                        acc.addEvent(in.event, rules);
                    } else {
                        acc.addSession(in.session, rules);
                    }
                    anonymous.update(acc);
                } else {
                    sent.update(true); // once per input: it also refreshes the time-to-live
                }
                String target = target(in);
                out.collect(
                        event
                                ? ProfileUpdate.event(target, slot, in.event)
                                : ProfileUpdate.session(target, slot, in.session));
            }
            case MOVE -> {
                if (movedTo.value() != null) {
                    return;
                }
                movedTo.update(in.moveTo);
                ProfileAccumulator acc = anonymous.value();
                if (acc != null) {
                    out.collect(ProfileUpdate.retract(ProfileUpdate.anonymous(in.visitorId), slot));
                    out.collect(ProfileUpdate.part(in.moveTo, slot, acc));
                }
            }
            case CONSENT -> {
                String target = target(in);
                if (!in.granted) {
                    retract(target, slot, out);
                }
                out.collect(ProfileUpdate.consent(target, in.ts, in.granted));
            }
            case ERASE -> {
                String target = target(in);
                retract(target, slot, out);
                // the erased customer's record, and the visitor's own, go for good; another
                // customer seen on this device keeps the rest of theirs
                if (target.equals(in.moveTo)
                        || target.equals(ProfileUpdate.anonymous(in.visitorId))) {
                    out.collect(ProfileUpdate.erase(target, in.ts));
                }
            }
        }
    }

    /** Empties the slot and takes what it gave back from {@code target}, if it gave anything. */
    private void retract(String target, String slot, Collector<ProfileUpdate> out)
            throws Exception {
        if (anonymous.value() != null || sent.value() != null) {
            anonymous.clear();
            sent.clear();
            out.collect(ProfileUpdate.retract(target, slot));
        }
    }

    private String target(ProfileInput in) throws Exception {
        if (in.customerId != null) {
            return in.customerId;
        }
        String moved = movedTo.value();
        return moved != null ? moved : ProfileUpdate.anonymous(in.visitorId);
    }
}
