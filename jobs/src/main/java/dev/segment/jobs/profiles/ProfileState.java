package dev.segment.jobs.profiles;

import org.apache.flink.api.common.state.StateTtlConfig;

/** State settings shared by the profile operators. */
public final class ProfileState {
    private ProfileState() {}

    /**
     * Time-to-live of profile state: processing time since the last write (Flink's state TTL has no
     * event-time mode), expired values never returned, dropped when read and left out of full
     * snapshots. No incremental cleanup in the background: on the heap it visits entries on every
     * state access and deep-copies every value of a visited map state, which cost half the job's
     * time (BENCHMARKS.md); so on the heap an idle key's expired state stays in memory until the
     * next restore. RocksDB drops it in compaction.
     */
    public static StateTtlConfig ttl(ProfileRules rules) {
        return StateTtlConfig.newBuilder(rules.stateTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                // RocksDB drops expired entries while it compacts (no cost on the task thread)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }
}
