package dev.segment.jobs.clickstream;

import dev.segment.common.model.DeadLetter;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventFiles;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.profiles.ProfilePipeline;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Behavioural features of known customers from event files: the events go through the streaming
 * job's own operators (identity and consent, sessions, visitor profiles, golden records) in BATCH
 * mode, and each customer's final live profile gives sessions, support share and cart abandonment.
 * So a batch run and the live job agree on what a customer's behaviour is, consent included.
 */
public final class BehaviourFeatures {
    private BehaviourFeatures() {}

    /**
     * Per customer: one {@link BehaviourProfile} with {@code profiled} set from the final profile,
     * and unprofiled markers for customers seen in the clicks (at most one per customer and
     * subtask); {@link JoinBehaviour} keeps the profiled one. Nothing of the customers {@code
     * suppression} names, or of their visitors, is read ({@link
     * dev.segment.jobs.profiles.LeaveOutSuppressed}).
     */
    public record Streams(
            DataStream<BehaviourProfile> profiles,
            DataStream<DeadLetter> deadLetters,
            ProfilePipeline.Outputs pipeline) {}

    public static Streams read(
            StreamExecutionEnvironment env,
            Path clicks,
            EventFormat format,
            Sessionizer.Config sessions,
            ProfileRules rules,
            dev.segment.common.store.Suppression suppression) {
        if (!rules.finalOnly()) {
            throw new IllegalArgumentException("behaviour features need final profiles only");
        }
        var read = EventFiles.read(env, clicks, format);
        var events = dev.segment.jobs.profiles.LeaveOutSuppressed.apply(read, suppression);
        ProfilePipeline.Outputs pipeline =
                ProfilePipeline.build(Sessionizer.withEventTime(events, sessions), sessions, rules);
        DataStream<BehaviourProfile> profiled =
                pipeline.profiles()
                        .filter(c -> c.profile != null && c.profile.customerId != null)
                        .name("Customer profiles")
                        .map(c -> BehaviourProfile.of(c.profile))
                        .name("Behaviour of profile");
        DataStream<BehaviourProfile> seen =
                events.flatMap(new CustomersSeen(), TypeInformation.of(BehaviourProfile.class))
                        .name("Customers in the clicks");
        return new Streams(
                profiled.union(seen), read.getSideOutput(EventFiles.DEAD_LETTERS), pipeline);
    }

    /** The first event of each customer (per subtask) as an unprofiled marker. */
    static final class CustomersSeen extends RichFlatMapFunction<Event, BehaviourProfile> {
        private static final long serialVersionUID = 1L;
        private transient Set<String> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = new HashSet<>();
        }

        @Override
        public void flatMap(Event e, Collector<BehaviourProfile> out) {
            if (e.customerId != null && seen.add(e.customerId)) {
                out.collect(BehaviourProfile.seen(e.customerId));
            }
        }
    }
}
