package dev.segment.jobs.profiles;

import java.io.Serializable;

/** A golden record's profile changed ({@link #profile} set) or must go ({@link #profile} null). */
public class ProfileChange implements Serializable {
    private static final long serialVersionUID = 1L;

    public String profileId;

    /** Null: delete the stored profile. */
    public LiveProfile profile;

    /**
     * Why a profile is deleted: consent_withdrawn, merged (an anonymous visitor logged in), erased
     * (the store erased the customer).
     */
    public String reason;

    /** Event time of the change: the profile's last event, or the withdrawal's time. */
    public long ts;

    /** Reason of a delete after the record's consent was withdrawn or declined. */
    public static final String CONSENT_WITHDRAWN = "consent_withdrawn";

    /** Reason of a delete of an erased customer's record or of their visitor's. */
    public static final String ERASED = "erased";

    /**
     * Not a profile's change: a customer clicked without ever stating consent where silence means
     * no ({@code --consent-default denied}). Their live segment is {@code generic}, as a decline's,
     * unless they have one already.
     */
    public static final String NO_CONSENT = "no_consent";

    public ProfileChange() {}

    public static ProfileChange upsert(LiveProfile p) {
        ProfileChange c = new ProfileChange();
        c.profileId = p.profileId;
        c.profile = p;
        c.ts = p.lastSeen;
        return c;
    }

    public static ProfileChange delete(String profileId, String reason, long ts) {
        ProfileChange c = new ProfileChange();
        c.profileId = profileId;
        c.reason = reason;
        c.ts = ts;
        return c;
    }
}
