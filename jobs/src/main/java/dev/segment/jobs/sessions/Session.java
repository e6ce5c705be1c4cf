package dev.segment.jobs.sessions;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** One visitor session: the columns of the {@code sessions} table and of sessions.csv. */
@TypeInfo(SessionSerializer.Factory.class)
public class Session implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The CSV header, in column order. */
    public static final String HEADER =
            "visitor_id,customer_id,session_start,session_end,events,page_views,product_views,"
                    + "searches,cart_adds,cart_removes,checkouts,purchases,support_views,revenue,"
                    + "intent,device,daypart,weekend,referrer_channel,country";

    public String visitorId;
    public String customerId;
    public long sessionStart;
    public long sessionEnd;
    public long events;
    public long pageViews;
    public long productViews;
    public long searches;
    public long cartAdds;
    public long cartRemoves;
    public long checkouts;
    public long purchases;
    public long supportViews;
    public double revenue;
    public String intent;
    public String device;
    public String daypart;
    public boolean weekend;
    public String referrerChannel;
    public String country;

    public Session() {}

    /**
     * The tombstone of visitor {@code visitorId}'s sessions (no events): the store deletes every
     * session and late event of the visitor, who was seen with an erased customer. The profile
     * pipeline passes tombstones to the store's sink only.
     */
    public static Session tombstone(String visitorId) {
        Session s = new Session();
        s.visitorId = visitorId;
        return s;
    }

    /**
     * The fields a profile summary reads (times, events, purchases, cart adds, intent, device,
     * daypart), for the golden records: the ids, referrer and country stay behind.
     */
    public Session forProfile() {
        Session p = new Session();
        p.sessionStart = sessionStart;
        p.sessionEnd = sessionEnd;
        p.events = events;
        p.purchases = purchases;
        p.cartAdds = cartAdds;
        p.intent = intent;
        p.device = device;
        p.daypart = daypart;
        return p;
    }

    /** Whether this is a {@link #tombstone}. */
    public boolean isTombstone() {
        return events == 0;
    }

    /** Counters by the names intent rules use. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("page_views", pageViews);
        m.put("product_views", productViews);
        m.put("searches", searches);
        m.put("cart_adds", cartAdds);
        m.put("cart_removes", cartRemoves);
        m.put("checkouts", checkouts);
        m.put("purchases", purchases);
        m.put("support_views", supportViews);
        return m;
    }

    /** One CSV line (no line break), timestamps as ISO-8601 UTC instants. */
    public String toCsv() {
        return String.join(
                ",",
                dev.segment.common.io.CsvLines.quote(visitorId),
                dev.segment.common.io.CsvLines.quote(customerId),
                java.time.Instant.ofEpochMilli(sessionStart).toString(),
                java.time.Instant.ofEpochMilli(sessionEnd).toString(),
                Long.toString(events),
                Long.toString(pageViews),
                Long.toString(productViews),
                Long.toString(searches),
                Long.toString(cartAdds),
                Long.toString(cartRemoves),
                Long.toString(checkouts),
                Long.toString(purchases),
                Long.toString(supportViews),
                java.math.BigDecimal.valueOf(revenue)
                        .setScale(2, java.math.RoundingMode.HALF_UP)
                        .toPlainString(),
                intent,
                device,
                daypart,
                Boolean.toString(weekend),
                referrerChannel,
                dev.segment.common.io.CsvLines.quote(country));
    }
}
