package dev.segment.common.testkit;

import dev.segment.common.runtime.JobSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink mini cluster and BATCH environments the integration tests run on. */
public final class MiniClusters {
    private MiniClusters() {}

    /** One TaskManager with {@code slots} slots (register with {@code @RegisterExtension}). */
    public static MiniClusterExtension withSlots(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /**
     * A BATCH environment on the registered mini cluster with the production settings ({@link
     * JobSettings}: object reuse on).
     */
    public static StreamExecutionEnvironment batch(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return JobSettings.batch(env);
    }

    /** A STREAMING environment on the registered mini cluster with the production settings. */
    public static StreamExecutionEnvironment streaming(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return JobSettings.streaming(env);
    }
}
