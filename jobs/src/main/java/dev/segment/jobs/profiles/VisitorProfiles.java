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
 * Second stage, keyed by slot (visitor and customer, or visitor alone while anonymous): adds
 * profiled events and closed sessions to the slot's {@link ProfileAccumulator} and sends its
 * current summary to the golden record it belongs to. An anonymous slot belongs to {@code
 * visitor:ID} until a MOVE hands it to a customer: it retracts itself there and from then on
 * reports to the customer, so sessions that close after the login still reach the right record.
 */
public final class VisitorProfiles
        extends KeyedProcessFunction<String, ProfileInput, ProfileUpdate> {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private transient ValueState<ProfileAccumulator> summary;
    private transient ValueState<String> movedTo;

    public VisitorProfiles(ProfileRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = ProfileState.ttl(rules);
        ValueStateDescriptor<ProfileAccumulator> s =
                new ValueStateDescriptor<>("summary", TypeInformation.of(ProfileAccumulator.class));
        s.enableTimeToLive(ttl);
        summary = getRuntimeContext().getState(s);
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
                ProfileAccumulator acc = summary.value();
                if (acc == null) {
                    acc = new ProfileAccumulator();
                }
                if (in.kind == ProfileInput.Kind.EVENT) {
                    acc.addEvent(in.event, rules);
                } else {
                    acc.addSession(in.session, rules);
                }
                summary.update(acc);
                // no copy: the output crosses a keyBy, so it is serialised inside collect(),
                // before the state's summary changes again
                out.collect(ProfileUpdate.part(target(in), slot, acc));
            }
            case MOVE -> {
                if (movedTo.value() != null) {
                    return;
                }
                movedTo.update(in.moveTo);
                ProfileAccumulator acc = summary.value();
                if (acc != null) {
                    out.collect(ProfileUpdate.retract(ProfileUpdate.anonymous(in.visitorId), slot));
                    out.collect(ProfileUpdate.part(in.moveTo, slot, acc));
                }
            }
            case CONSENT -> {
                String target = target(in);
                if (!in.granted && summary.value() != null) {
                    summary.clear();
                    out.collect(ProfileUpdate.retract(target, slot));
                }
                out.collect(ProfileUpdate.consent(target, in.ts, in.granted));
            }
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
