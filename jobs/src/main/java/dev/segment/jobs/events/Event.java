package dev.segment.jobs.events;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One clickstream event in canonical form, from a Kafka record or a line of an event file, written
 * by {@link EventSerializer}. Optional fields are null when absent.
 */
@TypeInfo(EventSerializer.Factory.class)
public class Event implements Serializable {
    private static final long serialVersionUID = 1L;

    public String eventId;

    /** Event time, epoch milliseconds UTC. */
    public long ts;

    public EventType type;
    public String visitorId;

    /** Null while the visitor is anonymous. */
    public String customerId;

    public String sessionId;
    public String page;
    public String productId;
    public String category;
    public Double price;
    public String orderId;

    /** Revenue of a purchase event. */
    public Double amount;

    public String device;
    public String referrer;
    public String country;

    /** True / false when the event states it, null when it says nothing about consent. */
    public Boolean consent;

    public Event() {}

    /**
     * The marker that tells the sessions stage to drop visitor {@code visitorId}'s open sessions
     * and stored ones: the visitor was seen with an erased customer. A consent event, the one type
     * that never reaches sessions otherwise.
     */
    public static Event erasure(String visitorId, long ts) {
        Event e = new Event();
        e.type = EventType.CONSENT;
        e.visitorId = visitorId;
        e.ts = ts;
        e.consent = false;
        return e;
    }

    /**
     * The fields a profile summary reads (time, type, category and revenue), for the golden
     * records. The rest stays with the visitor's stages: each string sent on is a copy to write and
     * to read, and the golden records read eight of them per event for nothing.
     */
    public Event forProfile() {
        Event e = new Event();
        e.ts = ts;
        e.type = type;
        e.category = category;
        e.amount = amount;
        e.price = price;
        return e;
    }

    /** Whether this is the {@link #erasure} marker. */
    public boolean isErasure() {
        return type == EventType.CONSENT;
    }

    /** Revenue this event brings: the purchase amount, else its price, else 0. */
    public double revenue() {
        if (type != EventType.PURCHASE) {
            return 0;
        }
        return amount != null ? amount : price != null ? price : 0;
    }
}
