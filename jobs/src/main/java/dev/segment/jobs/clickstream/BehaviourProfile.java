package dev.segment.jobs.clickstream;

import java.io.Serializable;

/**
 * Behaviour of one known customer from clickstream history: sessions, the share of support events,
 * and the share of cart sessions that ended without a purchase. {@code declined} means the customer
 * refused data use on any event: then no behavioural profile is used at all.
 */
public class BehaviourProfile implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;
    public long sessions;
    public long events;
    public long supportEvents;
    public long cartSessions;
    public long abandonedCartSessions;
    public boolean declined;

    public BehaviourProfile() {}

    /** A copy, for operators that keep profiles under object reuse. */
    public BehaviourProfile copy() {
        BehaviourProfile p = new BehaviourProfile();
        p.customerId = customerId;
        p.sessions = sessions;
        p.events = events;
        p.supportEvents = supportEvents;
        p.cartSessions = cartSessions;
        p.abandonedCartSessions = abandonedCartSessions;
        p.declined = declined;
        return p;
    }

    public double supportShare() {
        return events == 0 ? 0 : (double) supportEvents / events;
    }

    public double cartAbandonment() {
        return cartSessions == 0 ? 0 : (double) abandonedCartSessions / cartSessions;
    }
}
