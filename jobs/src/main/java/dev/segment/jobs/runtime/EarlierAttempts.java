package dev.segment.jobs.runtime;

import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Whether a task may be running over input an earlier attempt of it already processed, with that
 * attempt's store writes in place.
 *
 * <p>The store sinks are at-least-once upserts: what a failed attempt wrote after its last
 * completed checkpoint stays in the store, and the restarted attempt replays the same input from
 * that checkpoint. When a stage decides from its state what to write (only changed rows, deletes
 * only of stored rows), the state says what the store held at the checkpoint, not what it holds
 * now, and the replay may take another path (profile writes are coalesced by processing time): a
 * row written by the failed attempt would then never be rewritten. Such a stage writes regardless
 * of its state once per key while this is true.
 */
public final class EarlierAttempts {
    private EarlierAttempts() {}

    /**
     * @param restored whether the task's state was restored (a restart, or a job resumed from a
     *     checkpoint)
     * @return true after a restore or a retry (a failure before any checkpoint replays from the
     *     start with empty state)
     */
    public static boolean mayHaveWritten(boolean restored, RuntimeContext context) {
        return restored || context.getTaskInfo().getAttemptNumber() > 0;
    }
}
