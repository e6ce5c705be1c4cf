package dev.segment.jobs.profiles;

import java.io.Serializable;

/**
 * A visitor (cookie, device) known to be a customer since an event that carried both ids (a login,
 * a purchase): a row of {@code identity_links} and identity_links.csv.
 */
public class IdentityLink implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String HEADER = "visitor_id,customer_id,linked_at,linked_by";

    public String visitorId;
    public String customerId;

    /** Event time of the earliest event seen that carries both ids. */
    public long linkedAt;

    /** Type of that event (login, purchase, ...). */
    public String linkedBy;

    /**
     * A delete, not a link: the stored link of this visitor and customer must go (the customer was
     * erased; see {@link IdentityConsent}). Never in a file, only on the way to the store.
     */
    public boolean erased;

    public IdentityLink() {}

    static IdentityLink erased(String visitorId, String customerId) {
        IdentityLink l = new IdentityLink(visitorId, customerId, 0, null);
        l.erased = true;
        return l;
    }

    IdentityLink(String visitorId, String customerId, long linkedAt, String linkedBy) {
        this.visitorId = visitorId;
        this.customerId = customerId;
        this.linkedAt = linkedAt;
        this.linkedBy = linkedBy;
    }

    public String toCsv() {
        return String.join(
                ",",
                dev.segment.common.io.CsvLines.quote(visitorId),
                dev.segment.common.io.CsvLines.quote(customerId),
                java.time.Instant.ofEpochMilli(linkedAt).toString(),
                linkedBy);
    }
}
