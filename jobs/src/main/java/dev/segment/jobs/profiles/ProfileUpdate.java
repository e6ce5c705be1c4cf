package dev.segment.jobs.profiles;

import java.io.Serializable;

/**
 * From a visitor-level profile to the golden record it belongs to ({@link #target}, the key of
 * {@link GoldenProfiles}): its current summary, its withdrawal from a record, or a consent change.
 */
public class ProfileUpdate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of update. */
    public enum Kind {
        PART,
        RETRACT,
        CONSENT
    }

    public Kind kind;

    /** Golden record: the customer id, or {@code visitor:ID} for an anonymous visitor. */
    public String target;

    /** The visitor-level profile this comes from (its slot). */
    public String source;

    public ProfileAccumulator part;
    public long ts;
    public boolean granted;

    public ProfileUpdate() {}

    static ProfileUpdate part(String target, String source, ProfileAccumulator part) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.PART;
        u.target = target;
        u.source = source;
        u.part = part;
        return u;
    }

    static ProfileUpdate retract(String target, String source) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.RETRACT;
        u.target = target;
        u.source = source;
        return u;
    }

    static ProfileUpdate consent(String target, long ts, boolean granted) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.CONSENT;
        u.target = target;
        u.ts = ts;
        u.granted = granted;
        return u;
    }

    /** The golden-record key of an anonymous visitor. */
    public static String anonymous(String visitorId) {
        return LiveProfile.VISITOR_PREFIX + visitorId;
    }
}
