package dev.segment.jobs.sessions;

import dev.segment.jobs.events.Event;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Event-time sessions of one visitor, with the semantics of Flink's event-time session windows
 * (allowed lateness zero) but one value state and about one timer per session.
 *
 * <ul>
 *   <li>An event at {@code ts} opens the window {@code [ts, ts + gap)}; it joins every open session
 *       whose window it touches ({@code start <= ts + gap && end >= ts}: windows that touch merge,
 *       so an event exactly {@code gap} after the last stays in the session), bridging them into
 *       one.
 *   <li>A session closes when the watermark reaches {@code end - 1}, in timestamp order across
 *       visitors, as the window's timer would fire.
 *   <li>An event that joins no open session and whose own window has already closed ({@code ts +
 *       gap - 1 <= watermark}) is late: it goes to {@link Sessionizer#LATE}.
 * </ul>
 *
 * <p>The {@link Event#erasure} marker drops the visitor's open sessions and emits a {@link
 * Session#tombstone} for the store, and passes itself on to {@link Sessionizer#LATE} so that the
 * visitor's late events go too.
 *
 * <p>Two forms share this logic through an {@link Emitter}: {@link #ofEvents} takes events and
 * emits the sessions; the profile pipeline's takes its visitor-keyed inputs, passes each one on and
 * puts sessions beside them, so that the visitor-level profiles need no shuffle (and run in the
 * same task when streaming).
 *
 * <p>Why not the window operator: per event it read and rewrote the merging-window set (a map
 * state), the window's aggregating state, and deleted and registered a timer on every merge; that
 * was half of the first keyed task's time, and with RocksDB several point reads per event. Here an
 * event is one state read and write. A session keeps one pending timer at its end as first known;
 * when that fires and later events have moved the end, the timer is registered again at the new end
 * ("chasing"), so a session closes exactly at its own end.
 */
public final class SessionOperator<I, O> extends KeyedProcessFunction<String, I, O> {
    private static final long serialVersionUID = 1L;

    /** No timer pending. */
    static final long NONE = Long.MIN_VALUE;

    private final Sessionizer.Config config;
    private final long gap;
    private transient ValueState<OpenSessions> state;
    private transient java.time.ZoneId zone;

    /** Where the sessions of a form of the operator go, and what else it passes on. */
    public interface Emitter<I, O> extends Serializable {
        /** The event of {@code in} to cut sessions with; null: none (only passed on). */
        Event eventOf(I in);

        /**
         * A closed session, or a {@link Session#tombstone}; {@code withdrawn}: it began at or
         * before a withdrawal of consent that arrived while it was open ({@link #withdrawal}).
         */
        void session(
                Session s,
                boolean withdrawn,
                KeyedProcessFunction<String, I, O>.Context ctx,
                Collector<O> out);

        /**
         * The time of the withdrawal of consent {@code in} states, or {@link Long#MIN_VALUE}. The
         * sessions open then that began at or before it close as withdrawn.
         */
        default long withdrawal(I in) {
            return Long.MIN_VALUE;
        }

        /** Called for every input after its event was taken. */
        void passOn(I in, KeyedProcessFunction<String, I, O>.Context ctx, Collector<O> out);
    }

    private final Emitter<I, O> emitter;

    /** The operator whose output is the sessions (and tombstones) themselves. */
    public static SessionOperator<Event, Session> ofEvents(Sessionizer.Config config) {
        return new SessionOperator<>(config, new SessionsOut());
    }

    /** With {@code emitter} deciding where sessions go and what else is passed on. */
    public SessionOperator(Sessionizer.Config config, Emitter<I, O> emitter) {
        this.config = config.validate();
        this.gap = config.gap().toMillis();
        this.emitter = emitter;
    }

    /** Events in, sessions out. */
    private static final class SessionsOut implements Emitter<Event, Session> {
        private static final long serialVersionUID = 1L;

        @Override
        public Event eventOf(Event in) {
            return in;
        }

        @Override
        public void session(
                Session s,
                boolean withdrawn,
                KeyedProcessFunction<String, Event, Session>.Context ctx,
                Collector<Session> out) {
            out.collect(s);
        }

        @Override
        public void passOn(
                Event in,
                KeyedProcessFunction<String, Event, Session>.Context ctx,
                Collector<Session> out) {}
    }

    /** A visitor's open sessions (nearly always one), and the timer the next close relies on. */
    public static class OpenSessions implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Open sessions, ordered by their first event; they never touch one another. */
        public SessionAccumulator[] sessions = new SessionAccumulator[0];

        /** The pending timer at or before every open session's end - 1, or {@link #NONE}. */
        public long timer = NONE;

        /**
         * The latest withdrawal of consent seen while sessions were open: those that began at or
         * before it close as withdrawn. Kept here, in event-time order in both modes, because in
         * BATCH every session of a visitor closes at the end of its input, stamped with the first
         * timer's time, so a later stage cannot tell which came before a withdrawal.
         */
        public long withdrawnAt = Long.MIN_VALUE;

        public OpenSessions() {}
    }

    @Override
    public void open(OpenContext ctx) {
        zone = java.time.ZoneId.of(config.zone());
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "open-sessions", TypeInformation.of(OpenSessions.class)));
    }

    /** The last millisecond of a session's window: when it closes. */
    private long closesAt(SessionAccumulator s) {
        return s.last + gap - 1;
    }

    @Override
    public void processElement(I in, Context ctx, Collector<O> out) throws Exception {
        Event e = emitter.eventOf(in);
        if (e != null) {
            cut(e, ctx, out);
        }
        long withdrawal = emitter.withdrawal(in);
        if (withdrawal != Long.MIN_VALUE) {
            OpenSessions open = state.value();
            if (open != null && withdrawal > open.withdrawnAt) {
                open.withdrawnAt = withdrawal;
                state.update(open);
            }
        }
        emitter.passOn(in, ctx, out);
    }

    private void cut(Event e, Context ctx, Collector<O> out) throws Exception {
        if (e.isErasure()) {
            // the visitor was seen with an erased customer: nothing of it may close later, and
            // the store drops what closed before (a pending timer finds no state and leaves)
            state.clear();
            emitter.session(Session.tombstone(ctx.getCurrentKey()), false, ctx, out);
            ctx.output(Sessionizer.LATE, e); // and its late events, in order on their path
            return;
        }
        OpenSessions open = state.value();
        SessionAccumulator[] sessions = open == null ? new SessionAccumulator[0] : open.sessions;
        long start = e.ts;
        long end = e.ts + gap;
        SessionAccumulator joined = null;
        int kept = 0;
        SessionAccumulator[] rest = new SessionAccumulator[sessions.length];
        for (SessionAccumulator s : sessions) {
            if (s.first <= end && s.last + gap >= start) {
                joined = joined == null ? s : joined.merge(s);
            } else {
                rest[kept++] = s;
            }
        }
        if (joined == null && end - 1 <= ctx.timerService().currentWatermark()) {
            ctx.output(Sessionizer.LATE, e);
            return;
        }
        if (joined == null) {
            joined = new SessionAccumulator();
        }
        joined.add(e);
        SessionAccumulator[] next = Arrays.copyOf(rest, kept + 1);
        next[kept] = joined;
        if (next.length > 1) {
            Arrays.sort(next, (a, b) -> Long.compare(a.first, b.first));
        }
        if (open == null) {
            open = new OpenSessions();
        }
        open.sessions = next;
        long due = closesAt(joined);
        if (open.timer == NONE || due < open.timer) {
            // an earlier timer left pending is harmless: it finds nothing due and leaves
            ctx.timerService().registerEventTimeTimer(due);
            open.timer = due;
        }
        state.update(open);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<O> out) throws Exception {
        OpenSessions open = state.value();
        if (open == null || open.timer != time) {
            return; // superseded by an earlier timer, which already took over
        }
        // at the end of input (and for each key in BATCH mode, where a timer registered now would
        // be ignored) every open session closes here
        boolean end = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        int kept = 0;
        SessionAccumulator[] rest = new SessionAccumulator[open.sessions.length];
        long nextDue = Long.MAX_VALUE;
        for (SessionAccumulator s : open.sessions) {
            long due = closesAt(s);
            if (due == time || end) {
                emitter.session(
                        Sessionizer.describe(ctx.getCurrentKey(), s, config, zone),
                        s.first <= open.withdrawnAt,
                        ctx,
                        out);
            } else {
                rest[kept++] = s;
                nextDue = Math.min(nextDue, due);
            }
        }
        if (kept == 0) {
            state.clear();
            return;
        }
        // later events moved an end: chase it
        open.sessions = Arrays.copyOf(rest, kept);
        open.timer = nextDue;
        ctx.timerService().registerEventTimeTimer(nextDue);
        state.update(open);
    }
}
