package dev.segment.jobs.sessions;

import dev.segment.jobs.events.Event;
import java.io.Serializable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** An event too late for its session, with how late it was (a row of {@code late_events}). */
public class LateEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    public Event event;

    /** Watermark minus the event's time when it was seen, in milliseconds. */
    public long latenessMs;

    public String reason;

    public LateEvent() {}

    /** Measures each late event against the current watermark. */
    public static final class Measure extends ProcessFunction<Event, LateEvent> {
        private static final long serialVersionUID = 1L;
        private final long gapMs;

        public Measure(long gapMs) {
            this.gapMs = gapMs;
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<LateEvent> out) {
            LateEvent l = new LateEvent();
            l.event = e;
            long watermark = ctx.timerService().currentWatermark();
            l.latenessMs = Math.max(0, watermark - e.ts);
            l.reason =
                    "its session (gap "
                            + gapMs / 60_000
                            + " min) was closed when the watermark passed it";
            out.collect(l);
        }
    }
}
