package dev.segment.jobs.sessions;

import dev.segment.jobs.events.Event;
import java.io.Serializable;

/**
 * A session under construction. Every field is independent of the order in which events arrive
 * (counts, exact integer revenue, values of the earliest or latest event with ties broken by
 * value), so batch and streaming runs, and merges of session windows, give the same session.
 */
public class SessionAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    public long first = Long.MAX_VALUE;
    public long last = Long.MIN_VALUE;
    public long events;
    public long pageViews;
    public long productViews;
    public long searches;
    public long cartAdds;
    public long cartRemoves;
    public long checkouts;
    public long purchases;
    public long supportViews;

    /** Revenue in exact units of 1/10,000. */
    public long revenueUnits;

    // values of the earliest event that has them (device, referrer, landing page, country)
    public long deviceTs = Long.MAX_VALUE;
    public String device;
    public long referrerTs = Long.MAX_VALUE;
    public String referrer;
    public long pageTs = Long.MAX_VALUE;
    public String page;
    public long countryTs = Long.MAX_VALUE;
    public String country;

    // the customer id of the latest event that has one (a login during the session counts)
    public long customerTs = Long.MIN_VALUE;
    public String customerId;

    public SessionAccumulator() {}

    public void add(Event e) {
        first = Math.min(first, e.ts);
        last = Math.max(last, e.ts);
        events++;
        switch (e.type) {
            case PAGE_VIEW -> pageViews++;
            case PRODUCT_VIEW -> productViews++;
            case SEARCH -> searches++;
            case ADD_TO_CART -> cartAdds++;
            case REMOVE_FROM_CART -> cartRemoves++;
            case CHECKOUT -> checkouts++;
            case PURCHASE -> purchases++;
            case SUPPORT_VIEW -> supportViews++;
            default -> {}
        }
        revenueUnits = Math.addExact(revenueUnits, Math.round(e.revenue() * 10_000));
        if (earlier(e.ts, e.device, deviceTs, device)) {
            deviceTs = e.ts;
            device = e.device;
        }
        if (earlier(e.ts, e.referrer, referrerTs, referrer)) {
            referrerTs = e.ts;
            referrer = e.referrer;
        }
        if (earlier(e.ts, e.page, pageTs, page)) {
            pageTs = e.ts;
            page = e.page;
        }
        if (earlier(e.ts, e.country, countryTs, country)) {
            countryTs = e.ts;
            country = e.country;
        }
        if (later(e.ts, e.customerId, customerTs, customerId)) {
            customerTs = e.ts;
            customerId = e.customerId;
        }
    }

    /** This accumulator and {@code o} together (session windows that merge). */
    public SessionAccumulator merge(SessionAccumulator o) {
        SessionAccumulator m = new SessionAccumulator();
        m.first = Math.min(first, o.first);
        m.last = Math.max(last, o.last);
        m.events = events + o.events;
        m.pageViews = pageViews + o.pageViews;
        m.productViews = productViews + o.productViews;
        m.searches = searches + o.searches;
        m.cartAdds = cartAdds + o.cartAdds;
        m.cartRemoves = cartRemoves + o.cartRemoves;
        m.checkouts = checkouts + o.checkouts;
        m.purchases = purchases + o.purchases;
        m.supportViews = supportViews + o.supportViews;
        m.revenueUnits = Math.addExact(revenueUnits, o.revenueUnits);
        boolean mine = !earlier(o.deviceTs, o.device, deviceTs, device);
        m.deviceTs = mine ? deviceTs : o.deviceTs;
        m.device = mine ? device : o.device;
        mine = !earlier(o.referrerTs, o.referrer, referrerTs, referrer);
        m.referrerTs = mine ? referrerTs : o.referrerTs;
        m.referrer = mine ? referrer : o.referrer;
        mine = !earlier(o.pageTs, o.page, pageTs, page);
        m.pageTs = mine ? pageTs : o.pageTs;
        m.page = mine ? page : o.page;
        mine = !earlier(o.countryTs, o.country, countryTs, country);
        m.countryTs = mine ? countryTs : o.countryTs;
        m.country = mine ? country : o.country;
        mine = !later(o.customerTs, o.customerId, customerTs, customerId);
        m.customerTs = mine ? customerTs : o.customerTs;
        m.customerId = mine ? customerId : o.customerId;
        return m;
    }

    private static boolean earlier(long ts, String value, long bestTs, String best) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return best == null || ts < bestTs || (ts == bestTs && value.compareTo(best) < 0);
    }

    private static boolean later(long ts, String value, long bestTs, String best) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return best == null || ts > bestTs || (ts == bestTs && value.compareTo(best) > 0);
    }
}
