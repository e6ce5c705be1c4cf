package dev.segment.jobs.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event that arrives after its session has closed goes to the late side output with how far
 * behind the watermark it was, never into a session and never dropped. Watermarks are emitted on
 * every event here, so lateness does not depend on timer timing. The stream job's sink stores the
 * late event in PostgreSQL's {@code late_events} with its lateness and reason.
 */
class LateEventsITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(1);

    private static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

    private static Event event(Instant ts, String id) {
        Event e = new Event();
        e.eventId = id;
        e.visitorId = "L";
        e.ts = ts.toEpochMilli();
        e.type = EventType.PAGE_VIEW;
        return e;
    }

    /** Bounded out-of-orderness (30 s), but the watermark is emitted with every event. */
    static final class EveryEvent implements WatermarkGenerator<Event> {
        private long max = Long.MIN_VALUE + 30_001;

        @Override
        public void onEvent(Event e, long ts, WatermarkOutput out) {
            max = Math.max(max, ts);
            out.emitWatermark(new Watermark(max - 30_001));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

    @Test
    void anEventAfterItsSessionClosedIsLateWithItsLateness() throws Exception {
        StreamExecutionEnvironment env = MiniClusters.streaming(1);
        var events =
                env.fromData(
                                List.of(
                                        event(T, "E1"),
                                        event(T.plusSeconds(7200), "E2"),
                                        event(T.plusSeconds(600), "E3"),
                                        event(T.plusSeconds(7190), "E4")),
                                TypeInformation.of(Event.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Event>forGenerator(c -> new EveryEvent())
                                        .withTimestampAssigner((e, t) -> e.ts));
        Sessionizer.Config config = Sessionizer.Config.defaults();
        SingleOutputStreamOperator<Session> sessions =
                Sessionizer.sessionsOfTimestamped(events, config);
        CollectingSink<Session> out = new CollectingSink<>();
        CollectingSink<LateEvent> late = new CollectingSink<>();
        sessions.sinkTo(out);
        var measured =
                sessions.getSideOutput(Sessionizer.LATE)
                        .process(
                                new LateEvent.Measure(config.gap().toMillis()),
                                TypeInformation.of(LateEvent.class));
        measured.sinkTo(late);
        // the stream job's table sink, into a fresh PostgreSQL schema
        String schema = "it_late_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            StoreConfig store =
                    StoreConfig.fromEnvironment()
                            .withUrl(TestData.postgresUrlInSchema(schema))
                            .withCredentials(TestData.postgresUser(), TestData.postgresPassword());
            Store.migrate(store);
            measured.sinkTo(LateEventJdbcSink.sink(store));
            env.execute("late events");

            try (var c = Store.connect(store);
                    var rs =
                            c.createStatement()
                                    .executeQuery(
                                            "SELECT visitor_id, event_id, event_type,"
                                                    + " event_ts = TIMESTAMPTZ"
                                                    + " '2024-03-01 10:10:00Z', lateness_ms,"
                                                    + " reason FROM late_events")) {
                assertTrue(rs.next(), "a late_events row");
                assertEquals("L", rs.getString(1));
                assertEquals("E3", rs.getString(2));
                assertEquals("page_view", rs.getString(3));
                assertTrue(rs.getBoolean(4), "the event's own time");
                assertEquals(7_200_000L - 30_001 - 600_000, rs.getLong(5));
                assertEquals(
                        "its session (gap 30 min) was closed when the watermark passed it",
                        rs.getString(6));
                assertFalse(rs.next(), "one row");
            }
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }

        assertEquals(1, late.results().size());
        LateEvent l = late.results().get(0);
        assertEquals("E3", l.event.eventId);
        // watermark T + 2 h - 30.001 s when E3 (T + 10 min) came: 1 h 49 min 29.999 s late
        assertEquals(7_200_000L - 30_001 - 600_000, l.latenessMs);
        // E1 alone; E2 and E4 (10 s apart, E4 within the bound) together
        assertEquals(List.of(1L, 2L), out.results().stream().map(s -> s.events).sorted().toList());
    }
}
