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
 * Second stage, keyed by visitor, after the visitor's sessions ({@link ProfileSessions}; chained in
 * the same task when streaming): passes profiled events and closed sessions on to the golden record
 * each part of the visitor belongs to. A visitor has one part per customer it was seen as, and an
 * anonymous part (a slot, {@link ProfileInput#slot}). The anonymous part belongs to {@code
 * visitor:ID} until a MOVE hands it to a customer: it keeps its summary ({@link
 * ProfileAccumulator}) for that moment, retracts itself from the anonymous record, sends the
 * customer the whole summary, and from then on reports to the customer, so sessions that close
 * after the login still reach the right record. A customer's part keeps nothing here: a withdrawal
 * or an erasure retracts it from the customer's record whether or not it sent anything (the record
 * ignores a retraction of a part it does not hold). Remembering which customers a visitor sent
 * something as cost a map write per event, about 5% of the stream job's CPU, to save a message per
 * withdrawal. An ERASE empties the part, and wipes the record it reports to when that is the erased
 * customer's or the anonymous visitor's.
 *
 * <p>Consent: a session open at a withdrawal of the visitor never arrives here ({@link
 * ProfileSessions} drops it, deciding in event-time order in both modes). It held events from
 * before the withdrawal; the anonymous summary kept it, and a login after a new grant handed it to
 * a customer whose record never heard of the withdrawal.
 *
 * <p>State per visitor: the anonymous summary and where it moved. Keyed by slot, as before the
 * twenty-first session, it needed a shuffle of its own between the sessions and this stage.
 */
public final class VisitorProfiles
        extends KeyedProcessFunction<String, ProfileInput, ProfileUpdate> {
    private static final long serialVersionUID = 1L;

    private final ProfileRules rules;
    private transient ValueState<ProfileAccumulator> anonymous;
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
        ValueStateDescriptor<String> m = new ValueStateDescriptor<>("moved-to", Types.STRING);
        m.enableTimeToLive(ttl);
        movedTo = getRuntimeContext().getState(m);
    }

    @Override
    public void processElement(ProfileInput in, Context ctx, Collector<ProfileUpdate> out)
            throws Exception {
        String slot = in.slot();
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
                }
                String target = target(in);
                out.collect(
                        event
                                ? ProfileUpdate.event(target, slot, in.event.forProfile())
                                : ProfileUpdate.session(target, slot, in.session.forProfile()));
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
                    retract(in.customerId, target, slot, out);
                }
                out.collect(ProfileUpdate.consent(target, in.ts, in.granted));
            }
            case ERASE -> {
                String target = target(in);
                retract(in.customerId, target, slot, out);
                // the erased customer's record, and the visitor's own, go for good; another
                // customer seen on this device keeps the rest of theirs
                if (target.equals(in.moveTo)
                        || target.equals(ProfileUpdate.anonymous(in.visitorId))) {
                    out.collect(ProfileUpdate.erase(target, in.ts));
                }
            }
        }
    }

    /**
     * Empties the visitor's part as {@code customer} (null: anonymous) and takes what it gave back
     * from {@code target}: the anonymous part if it holds anything, a customer's part always.
     */
    private void retract(String customer, String target, String slot, Collector<ProfileUpdate> out)
            throws Exception {
        if (customer == null) {
            if (anonymous.value() != null) {
                anonymous.clear();
                out.collect(ProfileUpdate.retract(target, slot));
            }
        } else {
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
