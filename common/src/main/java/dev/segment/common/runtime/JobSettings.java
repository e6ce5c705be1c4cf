package dev.segment.common.runtime;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution settings every job runs with, in production and in the integration tests alike, so
 * that a test sees what a user's run does (object reuse in particular: an operator that keeps an
 * input record without copying it is only wrong with reuse on).
 */
public final class JobSettings {
    private JobSettings() {}

    /** Applies the shared settings to a BATCH environment and returns it. */
    public static StreamExecutionEnvironment batch(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // Chained operators otherwise deep-copy every record through its serializer (that was
        // half of the parse time); operators that keep input records copy them themselves.
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Applies the shared settings to a STREAMING environment and returns it. */
    public static StreamExecutionEnvironment streaming(StreamExecutionEnvironment env) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.getConfig().enableObjectReuse();
        return env;
    }
}
