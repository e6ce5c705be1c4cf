package dev.segment.jobs.profiles;

import dev.segment.common.store.Suppression;
import dev.segment.jobs.events.Event;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Leaves out of event files (batch) everything of the customers the store has erased or who
 * withdrew consent, and of every visitor seen with one of them: a visitor's anonymous clicks before
 * the login are the same person's behaviour, and {@code forget} deletes the store's rows of linked
 * visitors for the same reason. So sessions.csv, profiles.csv and identity_links.csv hold nothing
 * the store would not. Counted in {@link #LEFT_OUT}.
 *
 * <p>A visitor's events are held (per visitor, in BATCH mode one visitor at a time) until the end
 * of its key, when it is known whether any event named such a customer.
 */
public final class LeaveOutSuppressed extends KeyedCoProcessFunction<String, Event, String, Event> {
    private static final long serialVersionUID = 1L;

    /** Accumulator: events left out, of erased or withdrawn customers and their visitors. */
    public static final String LEFT_OUT = "clicks.suppressed_events";

    private transient ListState<Event> held;
    private transient ValueState<Boolean> suppressed;
    private transient LongCounter leftOut;

    /**
     * {@code events} without those of the customers {@code suppression} names and their visitors.
     */
    public static DataStream<Event> apply(DataStream<Event> events, Suppression suppression) {
        if (suppression.nobody()) {
            return events;
        }
        DataStream<String> visitors =
                events.filter(
                                e ->
                                        e.customerId != null
                                                && (suppression.erased(e.customerId)
                                                        || suppression.withdrawn(e.customerId)))
                        .name("Events of erased or withdrawn customers")
                        .map(e -> e.visitorId, Types.STRING)
                        .name("Their visitors");
        return events.keyBy(e -> e.visitorId)
                .connect(visitors.keyBy(v -> v))
                .process(new LeaveOutSuppressed(), TypeInformation.of(Event.class))
                .name("Leave out erased and withdrawn customers' visitors");
    }

    @Override
    public void open(OpenContext ctx) {
        held =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("held", TypeInformation.of(Event.class)));
        suppressed =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("suppressed", Types.BOOLEAN));
        leftOut = new LongCounter();
        getRuntimeContext().addAccumulator(LEFT_OUT, leftOut);
    }

    @Override
    public void processElement1(Event e, Context ctx, Collector<Event> out) throws Exception {
        if (Boolean.TRUE.equals(suppressed.value())) {
            leftOut.add(1);
            return;
        }
        held.add(e);
        // fires at the end of this visitor's key (BATCH) or of the input
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void processElement2(String visitor, Context ctx, Collector<Event> out)
            throws Exception {
        if (!Boolean.TRUE.equals(suppressed.value())) {
            suppressed.update(true);
            long n = 0;
            for (Event ignored : held.get()) {
                n++;
            }
            leftOut.add(n);
            held.clear();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
        if (!Boolean.TRUE.equals(suppressed.value())) {
            for (Event e : held.get()) {
                out.collect(e);
            }
        }
        held.clear();
    }
}
