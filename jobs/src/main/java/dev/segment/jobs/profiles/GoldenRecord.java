package dev.segment.jobs.profiles;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What {@link GoldenProfiles} keeps of one golden record in a single state value: its consent, its
 * merged summary with the visitor count and whether it is stored, the pending emit, the batch RFM
 * baseline once looked up, and where its parts are.
 *
 * <p>Parts: with {@link #soleSlot} set the record has exactly that one part and it is {@link
 * #summary} itself; otherwise they are in the operator's parts map, which is known to be empty
 * while {@link #partsInMap} is false (time-to-live only ever removes entries from it).
 */
@TypeInfo(ProfileSerializers.GoldenRecordFactory.class)
public class GoldenRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #pendingAt} when no emit is pending. */
    public static final long NOT_PENDING = Long.MIN_VALUE;

    /** Time of the latest consent decision seen (Long.MIN_VALUE: none). */
    public long consentTs = Long.MIN_VALUE;

    public boolean granted = true;

    /** History at or before this time is never profiled (the latest withdrawal). */
    public long consentFloor = Long.MIN_VALUE;

    /** The parts merged; null when there is nothing to keep. */
    public ProfileAccumulator summary;

    /** Distinct visitors among the parts. */
    public int visitors;

    /** Whether the profile was emitted (so the store holds it). */
    public boolean stored;

    /**
     * Processing time by which the pending emit is due ({@code GoldenProfilesOperator}), or {@link
     * #NOT_PENDING}.
     */
    public long pendingAt = NOT_PENDING;

    /** The slot of the one part held as {@link #summary}, or null. */
    public String soleSlot;

    /** Whether the parts map may hold entries. */
    public boolean partsInMap;

    /** The batch RFM baseline, once looked up (null: not yet). */
    public RfmBaseline baseline;

    public GoldenRecord() {}

    /** Whether the record has no part at all. */
    boolean hasNoParts() {
        return soleSlot == null && !partsInMap;
    }

    /** Forgets the summary (and the one part it may hold). */
    void clearSummary() {
        summary = null;
        visitors = 0;
        stored = false;
        soleSlot = null;
    }

    /** Whether nothing in the record is worth keeping. */
    boolean isBlank() {
        return summary == null
                && pendingAt == NOT_PENDING
                && consentTs == Long.MIN_VALUE
                && consentFloor == Long.MIN_VALUE
                && granted
                && baseline == null
                && !partsInMap
                && soleSlot == null;
    }
}
