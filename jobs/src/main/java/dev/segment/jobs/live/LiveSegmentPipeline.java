package dev.segment.jobs.live;

import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.profiles.LiveProfile;
import dev.segment.jobs.profiles.ProfileChange;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Live segments on top of the live profiles: customers' profile changes in, segments out. */
public final class LiveSegmentPipeline {
    private LiveSegmentPipeline() {}

    /** The live segment rows and the segment/intent changes. */
    public record Outputs(
            SingleOutputStreamOperator<LiveAssignment> assignments,
            DataStream<SegmentChange> changes) {}

    /**
     * Assigns customers with {@code initial} (null: none until one arrives) and every newer model
     * that {@code models} brings.
     */
    public static Outputs build(
            DataStream<ProfileChange> profiles,
            DataStream<LiveModel> models,
            LiveModel initial,
            ProfileRules rules,
            LifecycleRules lifecycle) {
        return build(profiles, models, initial, rules, lifecycle, LiveErasures.NONE);
    }

    /** The same, leaving out the customers {@code erasures} names. */
    public static Outputs build(
            DataStream<ProfileChange> profiles,
            DataStream<LiveModel> models,
            LiveModel initial,
            ProfileRules rules,
            LifecycleRules lifecycle,
            LiveErasures erasures) {
        SingleOutputStreamOperator<LiveAssignment> assignments =
                profiles.filter(c -> !c.profileId.startsWith(LiveProfile.VISITOR_PREFIX))
                        .name("Customers only")
                        .keyBy(c -> c.profileId)
                        .connect(models.broadcast(LiveSegments.MODEL))
                        .process(
                                new LiveSegments(initial, rules, lifecycle, erasures),
                                TypeInformation.of(LiveAssignment.class))
                        .name("Live segments")
                        .uid("live-segments");
        return new Outputs(assignments, assignments.getSideOutput(LiveSegments.CHANGES));
    }

    /**
     * No model updates (bounded runs, or a model from a file): one "nothing newer" tick, which
     * {@link LiveSegments} ignores (Flink 2.0's fromData cannot read an empty collection).
     */
    public static DataStream<LiveModel> noUpdates(StreamExecutionEnvironment env) {
        return env.fromData(
                        List.of(new LiveModel("", null, null)), TypeInformation.of(LiveModel.class))
                .name("No model updates");
    }
}
