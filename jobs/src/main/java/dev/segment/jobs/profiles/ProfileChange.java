package dev.segment.jobs.profiles;

import java.io.Serializable;

/** A golden record's profile changed ({@link #profile} set) or must go ({@link #profile} null). */
public class ProfileChange implements Serializable {
    private static final long serialVersionUID = 1L;

    public String profileId;

    /** Null: delete the stored profile. */
    public LiveProfile profile;

    /** Why a profile is deleted: consent_withdrawn, merged (an anonymous visitor logged in). */
    public String reason;

    public ProfileChange() {}

    static ProfileChange upsert(LiveProfile p) {
        ProfileChange c = new ProfileChange();
        c.profileId = p.profileId;
        c.profile = p;
        return c;
    }

    static ProfileChange delete(String profileId, String reason) {
        ProfileChange c = new ProfileChange();
        c.profileId = profileId;
        c.reason = reason;
        return c;
    }
}
