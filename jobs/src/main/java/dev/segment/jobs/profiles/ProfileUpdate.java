package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.sessions.Session;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * From a visitor-level profile to the golden record it belongs to ({@link #target}, the key of
 * {@link GoldenProfiles}): one profiled event or closed session to add to the part ({@link
 * #source}), a whole summary that replaces the part (an anonymous history handed to a customer),
 * the part's withdrawal from the record, or a consent change.
 *
 * <p>Events and sessions travel as themselves, not as the part's summary after them: a summary
 * holds per-day and per-category maps, and serialising it for every event cost more than all of the
 * rest of the profile stages.
 */
@TypeInfo(ProfileSerializers.UpdateFactory.class)
public class ProfileUpdate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of update. */
    public enum Kind {
        EVENT,
        SESSION,
        PART,
        RETRACT,
        CONSENT,
        /** The record belongs to an erased customer (or their visitor): wipe it for good. */
        ERASE
    }

    public Kind kind;

    /** Golden record: the customer id, or {@code visitor:ID} for an anonymous visitor. */
    public String target;

    /** The visitor-level profile this comes from (its slot). */
    public String source;

    /** EVENT: the profiled event. */
    public Event event;

    /** SESSION: the closed session. */
    public Session session;

    /** PART: the summary that replaces the part. */
    public ProfileAccumulator part;

    public long ts;
    public boolean granted;

    public ProfileUpdate() {}

    static ProfileUpdate event(String target, String source, Event e) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.EVENT;
        u.target = target;
        u.source = source;
        u.event = e;
        return u;
    }

    static ProfileUpdate session(String target, String source, Session s) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.SESSION;
        u.target = target;
        u.source = source;
        u.session = s;
        return u;
    }

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

    static ProfileUpdate erase(String target, long ts) {
        ProfileUpdate u = new ProfileUpdate();
        u.kind = Kind.ERASE;
        u.target = target;
        u.ts = ts;
        return u;
    }

    /** The golden-record key of an anonymous visitor. */
    public static String anonymous(String visitorId) {
        return LiveProfile.VISITOR_PREFIX + visitorId;
    }
}
