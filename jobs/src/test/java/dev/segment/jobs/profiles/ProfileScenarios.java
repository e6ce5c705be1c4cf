package dev.segment.jobs.profiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written event lines for identity stitching and consent, mixed into generated traffic by the
 * batch-equals-stream tests. Every case is spaced far beyond the out-of-orderness bound, so the
 * answers do not depend on arrival order.
 */
public final class ProfileScenarios {
    private ProfileScenarios() {}

    /** An anonymous visitor who browses shoes, logs in two hours later and buys. */
    public static final String STITCHED_VISITOR = "Vstitch";

    public static final String STITCHED_CUSTOMER = "Cstitch";

    /** The same customer's second device, logged in from the start. */
    public static final String SECOND_DEVICE = "Vstitch-phone";

    /** A customer who consents, then withdraws; later events carry no consent field. */
    public static final String WITHDRAWN_CUSTOMER = "Cwithdraw";

    /** A visitor whose events all say consent=false. */
    public static final String DECLINING_VISITOR = "Vdecline";

    /** A visitor whose events say nothing about consent (canonical default: denied). */
    public static final String SILENT_VISITOR = "Vsilent";

    /** A consenting anonymous visitor who never logs in. */
    public static final String ANONYMOUS_VISITOR = "Vanon";

    /**
     * An anonymous visitor who withdraws while a session is open, grants again in a later session
     * and logs in there: the customer gets the later session only.
     */
    public static final String REGRANTED_CUSTOMER = "Cregrant";

    /** The same, but the new grant and the login fall in the session open at the withdrawal. */
    public static final String REGRANTED_SAME_SESSION_CUSTOMER = "Cregrant-same";

    /**
     * The same, with the withdrawal more than a gap after the session's first event (in BATCH all
     * of a visitor's sessions close at the end of its input, stamped with the first timer's time).
     */
    public static final String REGRANTED_LATE_CUSTOMER = "Cregrant-late";

    /**
     * Events of the scenarios that are profiled when they arrive: 25 behaviour events (consent
     * events are statements, not behaviour) less w4 (after the withdrawal), Vdecline's two and
     * Vsilent's one. A session open at a withdrawal is dropped later, when it closes.
     */
    public static final int PROFILED_EVENTS = 21;

    /** The scenario lines, canonical JSON, in time order. */
    public static List<String> lines() {
        List<String> l = new ArrayList<>();
        long t = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
        long m = 60_000;
        // stitching: anonymous shoes browsing, login 2 h later, purchase
        l.add(e("s1", t, STITCHED_VISITOR, null, "page_view", null, "true"));
        l.add(e("s2", t + m, STITCHED_VISITOR, null, "product_view", "shoes", "true"));
        l.add(e("s3", t + 2 * m, STITCHED_VISITOR, null, "add_to_cart", "shoes", "true"));
        l.add(e("s4", t + 120 * m, STITCHED_VISITOR, STITCHED_CUSTOMER, "login", null, "true"));
        l.add(e("s5", t + 121 * m, STITCHED_VISITOR, STITCHED_CUSTOMER, "purchase", "shoes", null));
        l.add(
                e(
                        "s6",
                        t + 600 * m,
                        SECOND_DEVICE,
                        STITCHED_CUSTOMER,
                        "product_view",
                        "bags",
                        "true"));
        // withdrawal: two consenting events, then consent=false, then an event saying nothing
        long w = Instant.parse("2024-03-02T09:00:00Z").toEpochMilli();
        l.add(e("w1", w, "Vwithdraw", WITHDRAWN_CUSTOMER, "login", null, "true"));
        l.add(e("w2", w + m, "Vwithdraw", WITHDRAWN_CUSTOMER, "product_view", "toys", "true"));
        l.add(e("w3", w + 90 * m, "Vwithdraw", WITHDRAWN_CUSTOMER, "consent", null, "false"));
        l.add(e("w4", w + 200 * m, "Vwithdraw", WITHDRAWN_CUSTOMER, "product_view", "toys", null));
        // no consent: stated false, and never stated
        l.add(e("d1", w, DECLINING_VISITOR, null, "product_view", "music", "false"));
        l.add(e("d2", w + m, DECLINING_VISITOR, null, "add_to_cart", "music", "false"));
        l.add(e("q1", w, SILENT_VISITOR, null, "product_view", "garden", null));
        // an anonymous visitor who consents and never logs in
        l.add(e("a1", w, ANONYMOUS_VISITOR, null, "page_view", null, "true"));
        l.add(e("a2", w + m, ANONYMOUS_VISITOR, null, "product_view", "books", "true"));
        l.add(e("a3", w + 2 * m, ANONYMOUS_VISITOR, null, "search", null, "true"));
        // an open session at an anonymous withdrawal, a new grant, a login (twice: the grant in
        // a later session, then in the same one)
        long g = Instant.parse("2024-03-03T09:00:00Z").toEpochMilli();
        for (String c : List.of(REGRANTED_CUSTOMER, REGRANTED_SAME_SESSION_CUSTOMER)) {
            String v = "V" + c;
            long again = c.equals(REGRANTED_CUSTOMER) ? 60 * m : 10 * m;
            l.add(e(c + "1", g, v, null, "product_view", "garden", "true"));
            l.add(e(c + "2", g + 5 * m, v, null, "consent", null, "false"));
            l.add(e(c + "3", g + again, v, null, "page_view", null, "true"));
            l.add(e(c + "4", g + again + m, v, c, "login", null, null));
        }
        long k = Instant.parse("2024-03-04T09:00:00Z").toEpochMilli();
        String late = REGRANTED_LATE_CUSTOMER;
        l.add(e(late + "1", k, "V" + late, null, "product_view", "garden", "true"));
        l.add(e(late + "2", k + 25 * m, "V" + late, null, "page_view", null, "true"));
        l.add(e(late + "3", k + 40 * m, "V" + late, null, "consent", null, "false"));
        l.add(e(late + "4", k + 45 * m, "V" + late, null, "page_view", null, "true"));
        l.add(e(late + "5", k + 46 * m, "V" + late, late, "login", null, null));
        return l;
    }

    private static String e(
            String id,
            long ts,
            String visitor,
            String customer,
            String type,
            String category,
            String consent) {
        StringBuilder b = new StringBuilder("{\"event_id\":\"").append(id).append('"');
        b.append(",\"ts\":\"").append(Instant.ofEpochMilli(ts)).append('"');
        b.append(",\"event_type\":\"").append(type).append('"');
        b.append(",\"visitor_id\":\"").append(visitor).append('"');
        b.append(",\"customer_id\":").append(customer == null ? "null" : '"' + customer + '"');
        if (category != null) {
            b.append(",\"category\":\"").append(category).append('"');
        }
        if (type.equals("purchase")) {
            b.append(",\"amount\":80.0,\"order_id\":\"O-").append(id).append('"');
        }
        b.append(",\"device\":\"").append(visitor.endsWith("phone") ? "mobile" : "desktop");
        b.append('"');
        if (consent != null) {
            b.append(",\"consent\":").append(consent);
        }
        return b.append('}').toString();
    }
}
