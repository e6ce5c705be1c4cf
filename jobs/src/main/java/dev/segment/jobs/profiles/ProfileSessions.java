package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.SessionOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The profile pipeline's form of {@link SessionOperator}: it cuts sessions from the events of the
 * identity stage's inputs, passes every input on, and puts each closed session beside them as a
 * SESSION input. {@link VisitorProfiles} then runs keyed by the same visitor without a shuffle
 * (which serialised every event once more), chained in the same task when streaming. Sessions and
 * tombstones also go to {@link #SESSIONS}, for the store and the counts.
 */
final class ProfileSessions implements SessionOperator.Emitter<ProfileInput, ProfileInput> {
    private static final long serialVersionUID = 1L;

    /** Closed sessions and the tombstones of erased customers' visitors. */
    static final OutputTag<Session> SESSIONS =
            new OutputTag<>("sessions", TypeInformation.of(Session.class));

    @Override
    public Event eventOf(ProfileInput in) {
        return in.event;
    }

    @Override
    public void session(
            Session s,
            boolean withdrawn,
            KeyedProcessFunction<String, ProfileInput, ProfileInput>.Context ctx,
            Collector<ProfileInput> out) {
        ctx.output(SESSIONS, s);
        // a session open at a withdrawal holds events from before it: it is a visit (stored), but
        // counts in no profile, not even a customer's the visitor logs in as after a new grant
        if (!s.isTombstone() && !withdrawn) {
            out.collect(ProfileInput.session(s));
        }
    }

    @Override
    public long withdrawal(ProfileInput in) {
        return in.kind == ProfileInput.Kind.CONSENT && !in.granted ? in.ts : Long.MIN_VALUE;
    }

    @Override
    public void passOn(
            ProfileInput in,
            KeyedProcessFunction<String, ProfileInput, ProfileInput>.Context ctx,
            Collector<ProfileInput> out) {
        out.collect(in);
    }
}
