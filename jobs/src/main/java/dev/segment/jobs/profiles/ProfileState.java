package dev.segment.jobs.profiles;

import org.apache.flink.api.common.state.StateTtlConfig;

/** State settings shared by the profile operators. */
public final class ProfileState {
    private ProfileState() {}

    /**
     * Time-to-live of profile state: processing time since the last write (Flink's state TTL has no
     * event-time mode), expired values never returned, cleaned up in full snapshots and, for
     * RocksDB, in compaction.
     */
    public static StateTtlConfig ttl(ProfileRules rules) {
        return StateTtlConfig.newBuilder(rules.stateTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .build();
    }
}
