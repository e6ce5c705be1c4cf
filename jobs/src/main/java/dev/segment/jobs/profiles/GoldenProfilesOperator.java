package dev.segment.jobs.profiles;

import java.util.PriorityQueue;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;

/**
 * Runs {@link GoldenProfiles} and holds its coalesced emits (a changed profile waits up to {@link
 * ProfileRules#emitInterval()}) in a queue on the heap instead of in per-key timers.
 *
 * <p>Why: with RocksDB state every keyed timer is a RocksDB write when it is registered and another
 * when it fires or is deleted, and a pending emit needed two of them (a processing-time timer for
 * the interval, an event-time timer at the end of input). With 2M visitors those timer writes were
 * about half of the golden-records tasks' time (BENCHMARKS.md). The queue is not checkpointed:
 * everything pending is emitted before each checkpoint barrier, so a checkpoint never holds a
 * pending emit, and at the end of input. A profile may thus be emitted earlier than its interval,
 * never later.
 */
public final class GoldenProfilesOperator
        extends KeyedProcessOperator<String, ProfileUpdate, ProfileChange>
        implements BoundedOneInput, GoldenProfiles.Coalescer {
    private static final long serialVersionUID = 1L;

    private final GoldenProfiles profiles;

    /** A key with a pending emit and its deadline (ties: in the order they became pending). */
    private record Pending(long deadline, long order, String key) {}

    private transient PriorityQueue<Pending> queue;
    private transient long order;
    private transient long timerAt; // the deadline a processing-time callback is registered for
    private transient TimestampedCollector<ProfileChange> flushed;

    public GoldenProfilesOperator(GoldenProfiles profiles) {
        super(profiles);
        this.profiles = profiles;
    }

    @Override
    public void open() throws Exception {
        super.open();
        queue =
                new PriorityQueue<>(
                        (a, b) ->
                                a.deadline != b.deadline
                                        ? Long.compare(a.deadline, b.deadline)
                                        : Long.compare(a.order, b.order));
        timerAt = Long.MAX_VALUE;
        flushed = new TimestampedCollector<>(output);
        profiles.coalesceWith(this);
    }

    @Override
    public void pending(String key, long deadline) {
        queue.add(new Pending(deadline, order++, key));
        if (deadline < timerAt) {
            timerAt = deadline;
            getProcessingTimeService().registerTimer(deadline, this::onDeadline);
        }
    }

    private void onDeadline(long time) throws Exception {
        if (time != timerAt) {
            return; // superseded: an earlier callback already took over, or a flush emptied it
        }
        timerAt = Long.MAX_VALUE;
        emitUpTo(time);
        if (!queue.isEmpty()) {
            timerAt = queue.peek().deadline;
            getProcessingTimeService().registerTimer(timerAt, this::onDeadline);
        }
    }

    /** Emits every pending profile whose deadline is at or before {@code time}. */
    private void emitUpTo(long time) throws Exception {
        flushed.eraseTimestamp();
        while (!queue.isEmpty() && queue.peek().deadline <= time) {
            String key = queue.poll().key;
            setCurrentKey(key);
            profiles.emitPending(key, flushed);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitAll(); // a checkpoint holds no pending emit: nothing to restore
    }

    @Override
    public void endInput() throws Exception {
        emitAll(); // a bounded run ends without firing processing-time callbacks
    }

    /** Emits everything pending; a callback still registered then finds nothing to do. */
    private void emitAll() throws Exception {
        emitUpTo(Long.MAX_VALUE);
        timerAt = Long.MAX_VALUE;
    }
}
