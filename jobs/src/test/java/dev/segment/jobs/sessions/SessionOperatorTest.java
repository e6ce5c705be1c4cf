package dev.segment.jobs.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionOperator} against the oracle it replaces: Flink's own event-time session windows
 * (allowed lateness zero, late data to a side output) fed the same random events and watermarks:
 * out of order, events exactly one gap apart, events that bridge two sessions, late events. After
 * every watermark both must have closed the same sessions and set aside the same late events.
 */
class SessionOperatorTest {
    private static final long MINUTE = 60_000;
    private static final long T = 1_709_287_200_000L; // 2024-03-01T10:00:00Z
    private static final Sessionizer.Config CONFIG = Sessionizer.Config.defaults();
    private static final EventType[] TYPES = {
        EventType.PAGE_VIEW, EventType.SEARCH, EventType.PRODUCT_VIEW, EventType.ADD_TO_CART
    };

    @Test
    void closesTheSameSessionsAsFlinksSessionWindows() throws Exception {
        int[] seen = new int[2]; // sessions closed before the end, late events
        for (long seed = 1; seed <= 60; seed++) {
            compare(seed, seen);
        }
        // the scenarios must reach what they are for
        assertTrue(seen[0] > 500, "sessions closed by watermarks: " + seen[0]);
        assertTrue(seen[1] > 50, "late events: " + seen[1]);
    }

    private void compare(long seed, int[] seen) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        try (var ours = harness(new KeyedProcessOperator<>(SessionOperator.ofEvents(CONFIG)));
                var flink = harness(flinkSessionWindows())) {
            ours.open();
            flink.open();
            long minutes = -60;
            long watermark = T + minutes * MINUTE;
            int closed = 0;
            int late = 0;
            for (int step = 0; step < 400; step++) {
                if (random.nextInt(8) == 0) {
                    // the watermark moves on, sometimes by more than a gap, sometimes to the
                    // last millisecond before a minute: a session's last millisecond
                    minutes += random.nextInt(4) == 0 ? 1 + random.nextLong(90) : 1;
                    watermark = T + minutes * MINUTE - (random.nextBoolean() ? 1 : 0);
                    ours.processWatermark(new Watermark(watermark));
                    flink.processWatermark(new Watermark(watermark));
                } else {
                    // minutes only, so events exactly one gap (30 min) apart are common
                    long ts = T + (minutes + random.nextLong(100) - 40) * MINUTE;
                    Event e = event(seed + "-" + step, ts, "V" + random.nextInt(3), random);
                    ours.processElement(new StreamRecord<>(e, ts));
                    flink.processElement(new StreamRecord<>(copy(e), ts));
                }
                assertEquals(
                        sessions(flink.extractOutputValues()),
                        sessions(ours.extractOutputValues()),
                        "seed " + seed + ", step " + step);
                assertEquals(lateIds(flink), lateIds(ours), "seed " + seed + ", step " + step);
                closed = ours.extractOutputValues().size();
                late = lateIds(ours).size();
            }
            ours.processWatermark(new Watermark(Long.MAX_VALUE));
            flink.processWatermark(new Watermark(Long.MAX_VALUE));
            assertEquals(
                    sessions(flink.extractOutputValues()), sessions(ours.extractOutputValues()));
            assertEquals(0, ours.numKeyedStateEntries(), "every session closed and cleared");
            assertEquals(0, ours.numEventTimeTimers(), "no timer left behind");
            seen[0] += closed;
            seen[1] += late;
        }
    }

    @Test
    void anEventExactlyOneGapLaterStaysAndOneMillisecondMoreStartsANewSession() throws Exception {
        try (var h = harness(new KeyedProcessOperator<>(SessionOperator.ofEvents(CONFIG)))) {
            h.open();
            SplittableRandom random = new SplittableRandom(1);
            h.processElement(new StreamRecord<>(event("a", T, "V", random), T));
            h.processElement(new StreamRecord<>(event("b", T + 30 * MINUTE, "V", random), T));
            h.processElement(new StreamRecord<>(event("c", T + 60 * MINUTE + 1, "V", random), T));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<String> s = sessions(h.extractOutputValues());
            assertEquals(2, s.size(), s.toString());
            assertTrue(s.get(0).contains(",2,"), s.get(0)); // a and b: two events
        }
    }

    private static List<String> sessions(List<Session> out) {
        List<String> lines = new ArrayList<>();
        for (Session s : out) {
            lines.add(s.toCsv());
        }
        lines.sort(null); // ties between visitors at one timestamp may fire in either order
        return lines;
    }

    private static List<String> lateIds(
            KeyedOneInputStreamOperatorTestHarness<String, Event, Session> h) {
        List<String> ids = new ArrayList<>();
        var late = h.getSideOutput(Sessionizer.LATE);
        if (late != null) {
            for (StreamRecord<Event> r : late) {
                ids.add(r.getValue().eventId + "@" + r.getTimestamp());
            }
        }
        ids.sort(null);
        return ids;
    }

    private static Event event(String id, long ts, String visitor, SplittableRandom random) {
        Event e = new Event();
        e.eventId = id;
        e.ts = ts;
        e.visitorId = visitor;
        e.type = TYPES[random.nextInt(TYPES.length)];
        e.device = random.nextBoolean() ? "mobile" : "desktop";
        e.customerId = random.nextInt(4) == 0 ? "C" + random.nextInt(3) : null;
        return e;
    }

    /** The same event as a new object: neither operator may see the other's instance. */
    private static Event copy(Event e) {
        Event c = new Event();
        c.eventId = e.eventId;
        c.ts = e.ts;
        c.visitorId = e.visitorId;
        c.type = e.type;
        c.device = e.device;
        c.customerId = e.customerId;
        return c;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, Session> harness(
            OneInputStreamOperator<Event, Session> op) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(op, e -> e.visitorId, Types.STRING);
    }

    /** The window operator the pipeline used before: the oracle. */
    @SuppressWarnings("unchecked")
    private static OneInputStreamOperator<Event, Session> flinkSessionWindows() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Session> sessions =
                env.fromData(new Event())
                        .keyBy(e -> e.visitorId)
                        .window(EventTimeSessionWindows.withGap(CONFIG.gap()))
                        .sideOutputLateData(Sessionizer.LATE)
                        .aggregate(
                                new Accumulate(),
                                new Describe(),
                                TypeInformation.of(SessionAccumulator.class),
                                TypeInformation.of(SessionAccumulator.class),
                                TypeInformation.of(Session.class));
        OneInputTransformation<Event, Session> t =
                (OneInputTransformation<Event, Session>) sessions.getTransformation();
        return (OneInputStreamOperator<Event, Session>)
                ((SimpleOperatorFactory<Session>) t.getOperatorFactory()).getOperator();
    }

    static final class Accumulate
            implements AggregateFunction<Event, SessionAccumulator, SessionAccumulator> {
        @Override
        public SessionAccumulator createAccumulator() {
            return new SessionAccumulator();
        }

        @Override
        public SessionAccumulator add(Event e, SessionAccumulator acc) {
            acc.add(e);
            return acc;
        }

        @Override
        public SessionAccumulator getResult(SessionAccumulator acc) {
            return acc;
        }

        @Override
        public SessionAccumulator merge(SessionAccumulator a, SessionAccumulator b) {
            return a.merge(b);
        }
    }

    static final class Describe
            extends ProcessWindowFunction<SessionAccumulator, Session, String, TimeWindow> {
        @Override
        public void process(
                String visitor,
                Context ctx,
                Iterable<SessionAccumulator> in,
                Collector<Session> out) {
            out.collect(Sessionizer.describe(visitor, in.iterator().next(), CONFIG));
        }
    }
}
