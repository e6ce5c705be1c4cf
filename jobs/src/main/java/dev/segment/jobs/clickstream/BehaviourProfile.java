package dev.segment.jobs.clickstream;

import dev.segment.jobs.profiles.LiveProfile;
import java.io.Serializable;

/**
 * The behavioural features of one known customer, taken from the customer's live profile (the
 * streaming job's operators run in BATCH mode over the click files). {@code profiled} is false for
 * a customer who has clicks but no profile: declined, withdrew, or never consented where consent is
 * opt-in. Then no behavioural feature is used at all.
 */
public class BehaviourProfile implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;
    public boolean profiled;
    public long sessions;
    public double supportShare;
    public double cartAbandonment;

    public BehaviourProfile() {}

    /** The features of a customer's final live profile. */
    public static BehaviourProfile of(LiveProfile p) {
        BehaviourProfile b = new BehaviourProfile();
        b.customerId = p.customerId;
        b.profiled = true;
        b.sessions = p.sessions;
        b.supportShare = p.supportShare == null ? 0 : p.supportShare;
        // no cart session: nothing abandoned
        b.cartAbandonment = p.cartAbandonment == null ? 0 : p.cartAbandonment;
        return b;
    }

    /** A customer seen in the clicks; {@link #of} replaces it when the customer has a profile. */
    public static BehaviourProfile seen(String customerId) {
        BehaviourProfile b = new BehaviourProfile();
        b.customerId = customerId;
        return b;
    }

    /** A copy, for operators that keep profiles under object reuse. */
    public BehaviourProfile copy() {
        BehaviourProfile p = new BehaviourProfile();
        p.customerId = customerId;
        p.profiled = profiled;
        p.sessions = sessions;
        p.supportShare = supportShare;
        p.cartAbandonment = cartAbandonment;
        return p;
    }
}
