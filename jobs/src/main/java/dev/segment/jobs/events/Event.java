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

    /** Revenue this event brings: the purchase amount, else its price, else 0. */
    public double revenue() {
        if (type != EventType.PURCHASE) {
            return 0;
        }
        return amount != null ? amount : price != null ? price : 0;
    }
}
