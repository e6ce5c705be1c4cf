package dev.segment.jobs.sessions;

import dev.segment.jobs.events.Event;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Sessions per visitor by event time, the same operators in BATCH mode (event files) and in
 * STREAMING mode (Kafka). A session ends when the visitor's next event is more than {@code gap}
 * later: as Flink's event-time session windows merge windows that touch, an event exactly {@code
 * gap} after the previous one stays in the session ({@link SessionOperator} keeps those semantics
 * at a fraction of the window operator's cost). Watermarks allow {@code outOfOrderness}; events
 * later than that go to {@link #LATE}, never dropped silently.
 */
public final class Sessionizer {
    private Sessionizer() {}

    /** Events too late for their session (streaming only; a bounded run sees every event). */
    public static final OutputTag<Event> LATE =
            new OutputTag<>("late-events", TypeInformation.of(Event.class));

    /** How sessions are cut and described. */
    public record Config(Duration gap, Duration outOfOrderness, String zone, IntentRules intents)
            implements Serializable {
        /** 30-minute gap, 30 s out-of-orderness, UTC, built-in intents. */
        public static Config defaults() {
            return new Config(
                    Duration.ofMinutes(30), Duration.ofSeconds(30), "UTC", IntentRules.defaults());
        }

        public Config validate() {
            if (gap.isNegative() || gap.isZero()) {
                throw new IllegalArgumentException("--gap must be positive but was " + gap);
            }
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--zone '" + zone + "' is not a time zone id");
            }
            return this;
        }
    }

    /**
     * Sessions of {@code events} (event-time timestamps and watermarks assigned here, for sources
     * without them: files); late events on the returned operator's {@link #LATE}.
     */
    public static SingleOutputStreamOperator<Session> sessions(
            DataStream<Event> events, Config config) {
        config.validate();
        return sessionsOfTimestamped(withEventTime(events, config), config);
    }

    /**
     * {@code events} with event-time timestamps and bounded out-of-orderness watermarks, for
     * sources without them (files).
     */
    public static DataStream<Event> withEventTime(DataStream<Event> events, Config config) {
        return events.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Event>forBoundedOutOfOrderness(config.outOfOrderness())
                                .withTimestampAssigner((e, t) -> e.ts)
                                .withIdleness(Duration.ofMinutes(1)))
                .name("Event time");
    }

    /**
     * Sessions of events that already carry event-time timestamps and watermarks (the Kafka source
     * assigns them per partition).
     */
    public static SingleOutputStreamOperator<Session> sessionsOfTimestamped(
            DataStream<Event> events, Config config) {
        return events.keyBy(e -> e.visitorId)
                .process(SessionOperator.ofEvents(config), TypeInformation.of(Session.class))
                .name("Sessions per visitor")
                .uid("sessions");
    }

    /** The session row of an accumulator. */
    public static Session describe(String visitor, SessionAccumulator a, Config config) {
        return describe(visitor, a, config, ZoneId.of(config.zone()));
    }

    /** The same, with the config's zone already resolved (once per operator, not per session). */
    static Session describe(String visitor, SessionAccumulator a, Config config, ZoneId zone) {
        Session s = new Session();
        s.visitorId = visitor;
        s.customerId = a.customerId;
        s.sessionStart = a.first;
        s.sessionEnd = a.last;
        s.events = a.events;
        s.pageViews = a.pageViews;
        s.productViews = a.productViews;
        s.searches = a.searches;
        s.cartAdds = a.cartAdds;
        s.cartRemoves = a.cartRemoves;
        s.checkouts = a.checkouts;
        s.purchases = a.purchases;
        s.supportViews = a.supportViews;
        s.revenue = a.revenueUnits / 10_000.0;
        s.intent = config.intents().intentOf(s);
        s.device = dev.segment.jobs.sessions.Context.deviceClass(a.device);
        s.daypart = dev.segment.jobs.sessions.Context.daypart(a.first, zone);
        s.weekend = dev.segment.jobs.sessions.Context.weekend(a.first, zone);
        s.referrerChannel = dev.segment.jobs.sessions.Context.referrerChannel(a.referrer, a.page);
        s.country = a.country;
        return s;
    }
}
