package dev.segment.jobs.profiles;

import dev.segment.common.store.Erasure;
import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.events.Event;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Runs {@link IdentityConsent} and, when its erasure list is watched (a running stream on a shared
 * store), sweeps the stage's visitors each time the list grew: every visitor seen with a newly
 * erased customer is left out and what it built is emptied at once, as its next event would do.
 *
 * <p>Why: without the sweep, rows a customer's clicks produced between the {@code forget} and the
 * job's next read of the list (up to the refresh interval) were written after the forget had
 * deleted everything, and stayed until the customer clicked again, which an erased customer may
 * never do. The sweep's deletes go through the same sinks, after those rows, so they end deleted.
 *
 * <p>A sweep reads every visitor of the task (the state of one task's share of the visitors) and
 * hashes the customers each was seen with; it runs only when the list grew, which is rare.
 */
public final class IdentityConsentOperator
        extends KeyedProcessOperator<String, Event, ProfileInput> {
    private static final long serialVersionUID = 1L;

    private final IdentityConsent identity;

    /** The list's size at the last sweep (a sweep after a restore visits the restored state). */
    private transient int swept;

    public IdentityConsentOperator(IdentityConsent identity) {
        super(identity);
        this.identity = identity;
    }

    @Override
    public void open() throws Exception {
        super.open();
        LiveErasures erasures = identity.erasures();
        if (erasures.isWatched()) {
            scheduleSweep(erasures.refresh().toMillis());
        }
    }

    private void scheduleSweep(long every) {
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(
                time.getCurrentProcessingTime() + every,
                now -> {
                    sweep(now);
                    scheduleSweep(every);
                });
    }

    /** Reads the list again and, if it grew since the last sweep, visits every visitor. */
    void sweep(long now) throws Exception {
        Erasure.Erased erased = identity.erasures().reread();
        if (erased.size() == swept) {
            return;
        }
        List<String> visitors;
        // the keys first: the sweep writes the state it would otherwise be walking
        try (Stream<String> keys =
                this.<String>getKeyedStateBackend()
                        .getKeys(IdentityConsent.VISITOR_STATE, VoidNamespace.INSTANCE)) {
            visitors = keys.toList();
        }
        TimestampedCollector<ProfileInput> out = new TimestampedCollector<>(output);
        out.setAbsoluteTimestamp(now);
        for (String v : visitors) {
            setCurrentKey(v);
            identity.sweep(
                    v,
                    erased,
                    now,
                    out,
                    link -> output.collect(IdentityConsent.LINKS, new StreamRecord<>(link, now)));
        }
        swept = erased.size();
    }
}
