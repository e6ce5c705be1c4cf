package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.sessions.Session;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What reaches a visitor's profile: a profiled event, a closed session, a consent change, or the
 * news that the visitor's anonymous history now belongs to a customer. A Flink POJO, keyed by
 * {@link #visitorId} in {@link VisitorProfiles}; its {@link #slot} names the visitor's part it
 * belongs to.
 */
@TypeInfo(ProfileSerializers.InputFactory.class)
public class ProfileInput implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of input. */
    public enum Kind {
        EVENT,
        SESSION,
        CONSENT,
        MOVE,
        /**
         * The visitor was seen with a customer the store has erased: its slot is emptied, and the
         * record it reports to is wiped when that is the erased customer's ({@link #moveTo}) or the
         * visitor's own. The anonymous slot's ERASE also carries the {@link
         * dev.segment.jobs.events.Event#erasure} marker that ends the visitor's open sessions.
         */
        ERASE
    }

    public Kind kind;

    /** Visitor and customer (null while anonymous) whose history this belongs to. */
    public String visitorId;

    public String customerId;

    public Event event;
    public Session session;

    /** CONSENT: when, and whether data use is granted. */
    public long ts;

    public boolean granted;

    /**
     * MOVE: the customer the visitor's anonymous history now belongs to; ERASE: the erased customer
     * the visitor was seen with.
     */
    public String moveTo;

    public ProfileInput() {}

    /**
     * The visitor's part this belongs to: one per visitor and customer (or anonymous); the key of a
     * golden record's parts ({@link ProfileUpdate#source}).
     */
    public String slot() {
        return slot(visitorId, customerId);
    }

    public static String slot(String visitorId, String customerId) {
        return visitorId + '\u0000' + (customerId == null ? "" : customerId);
    }

    /** The visitor of a {@link #slot(String, String)} key. */
    public static String visitorOfSlot(String slot) {
        return slot.substring(0, slot.indexOf('\u0000'));
    }

    static ProfileInput event(Event e) {
        ProfileInput in = new ProfileInput();
        in.kind = Kind.EVENT;
        in.visitorId = e.visitorId;
        in.customerId = e.customerId;
        in.event = e;
        in.ts = e.ts;
        return in;
    }

    public static ProfileInput session(Session s) {
        ProfileInput in = new ProfileInput();
        in.kind = Kind.SESSION;
        in.visitorId = s.visitorId;
        in.customerId = s.customerId;
        in.session = s;
        in.ts = s.sessionEnd;
        return in;
    }

    static ProfileInput consent(String visitor, String customer, long ts, boolean granted) {
        ProfileInput in = new ProfileInput();
        in.kind = Kind.CONSENT;
        in.visitorId = visitor;
        in.customerId = customer;
        in.ts = ts;
        in.granted = granted;
        return in;
    }

    /**
     * The slot of visitor {@code visitor} and {@code customer} (null: anonymous) must go: the
     * visitor was seen with erased customer {@code erased}.
     */
    static ProfileInput erase(String visitor, String customer, String erased, long ts) {
        ProfileInput in = new ProfileInput();
        in.kind = Kind.ERASE;
        in.visitorId = visitor;
        in.customerId = customer;
        in.moveTo = erased;
        in.ts = ts;
        if (customer == null) {
            in.event = dev.segment.jobs.events.Event.erasure(visitor, ts);
        }
        return in;
    }

    static ProfileInput move(String visitor, String toCustomer, long ts) {
        ProfileInput in = new ProfileInput();
        in.kind = Kind.MOVE;
        in.visitorId = visitor;
        in.customerId = null;
        in.moveTo = toCustomer;
        in.ts = ts;
        return in;
    }
}
