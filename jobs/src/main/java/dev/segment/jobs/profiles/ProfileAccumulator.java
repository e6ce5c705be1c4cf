package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.sessions.Session;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The behaviour of one visitor (or one visitor's part of a customer) as a commutative summary:
 * adding events and sessions, and merging summaries, give the same result in any order, so a
 * profile built in BATCH mode from files equals the one the streaming job builds from Kafka
 * whatever the arrival order.
 *
 * <p>Windowed counts are kept per day (in the business zone) for the last {@link #DAYS_KEPT} days
 * before the latest event; older days are dropped, and since the latest event only moves forward a
 * dropped day is never needed again. Interests are time-decayed scores kept as base-2 logarithms of
 * {@code weight * 2^(t / halfLife)}, so adding two contributions is a log-sum and never overflows.
 */
@TypeInfo(ProfileSerializers.AccumulatorFactory.class)
public class ProfileAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Days of per-day counts kept: enough for the 30-day figures. */
    public static final int DAYS_KEPT = 30;

    public long first = Long.MAX_VALUE;
    public long last = Long.MIN_VALUE;
    public long events;
    public long purchases;

    /** Revenue of purchase events in exact units of 1/10,000. */
    public long revenueUnits;

    /** Support page views (the share feeds the segmentation's support_share). */
    public long supportEvents;

    /**
     * Purchase events and their revenue (units of 1/10,000) per epoch day (business zone), all
     * days: live RFM adds the days after the batch baseline's as-of day to the baseline.
     */
    public DayCounts purchasesPerDay = new DayCounts();

    public DayCounts revenuePerDay = new DayCounts();

    public long sessions;
    public long convertedSessions;
    public long cartSessions;
    public long abandonedCartSessions;

    /** Events per epoch day (business zone), last {@link #DAYS_KEPT} days only. */
    public DayCounts eventsPerDay = new DayCounts();

    /** Sessions per epoch day of their start (business zone), last {@link #DAYS_KEPT} days only. */
    public DayCounts sessionsPerDay = new DayCounts();

    /** Sessions per device class and per daypart. */
    public Map<String, Long> devices = new HashMap<>();

    public Map<String, Long> dayparts = new HashMap<>();

    /** Intent of the latest session (by its end; ties by name). */
    public long lastIntentTs = Long.MIN_VALUE;

    public String lastIntent;

    /** log2 of the decayed interest score per category. */
    public Map<String, Double> interestLog2 = new HashMap<>();

    public ProfileAccumulator() {}

    /** Adds one profiled event. */
    public void addEvent(Event e, ProfileRules rules) {
        long lastDayBefore = lastDay(rules);
        first = Math.min(first, e.ts);
        last = Math.max(last, e.ts);
        events++;
        long day = rules.day(e.ts);
        long lastDay = e.ts == last ? day : lastDayBefore;
        if (day >= lastDay - DAYS_KEPT + 1) {
            eventsPerDay.add(day, 1);
        }
        if (e.type == dev.segment.jobs.events.EventType.PURCHASE) {
            long units = Math.round(e.revenue() * 10_000);
            purchases++;
            revenueUnits = Math.addExact(revenueUnits, units);
            purchasesPerDay.add(day, 1);
            revenuePerDay.add(day, units);
        } else if (e.type == dev.segment.jobs.events.EventType.SUPPORT_VIEW) {
            supportEvents++;
        }
        double weight = rules.interestWeight(e.type);
        if (weight > 0 && e.category != null && !e.category.isBlank()) {
            double log2 = log2(weight) + e.ts / (double) rules.halfLifeMillis();
            interestLog2.merge(e.category, log2, ProfileAccumulator::logSum);
        }
        pruneIfMoved(lastDayBefore, lastDay);
    }

    /** Adds one closed session of the visitor. */
    public void addSession(Session s, ProfileRules rules) {
        long lastDayBefore = lastDay(rules);
        first = Math.min(first, s.sessionStart);
        last = Math.max(last, s.sessionEnd);
        sessions++;
        long day = rules.day(s.sessionStart);
        long lastDay = s.sessionEnd == last ? rules.day(last) : lastDayBefore;
        if (day >= lastDay - DAYS_KEPT + 1) {
            sessionsPerDay.add(day, 1);
        }
        if (s.purchases > 0) {
            convertedSessions++;
        }
        if (s.cartAdds > 0) {
            cartSessions++;
            if (s.purchases == 0) {
                abandonedCartSessions++;
            }
        }
        devices.merge(s.device, 1L, Long::sum);
        dayparts.merge(s.daypart, 1L, Long::sum);
        if (s.sessionEnd > lastIntentTs
                || (s.sessionEnd == lastIntentTs && s.intent.compareTo(lastIntent) > 0)) {
            lastIntentTs = s.sessionEnd;
            lastIntent = s.intent;
        }
        pruneIfMoved(lastDayBefore, lastDay);
    }

    /** This summary and {@code o} together, as a new summary (neither input changes). */
    public ProfileAccumulator merge(ProfileAccumulator o, ProfileRules rules) {
        ProfileAccumulator m = copy();
        m.first = Math.min(first, o.first);
        m.last = Math.max(last, o.last);
        m.events += o.events;
        m.purchases += o.purchases;
        m.revenueUnits = Math.addExact(m.revenueUnits, o.revenueUnits);
        m.supportEvents += o.supportEvents;
        m.purchasesPerDay.addAll(o.purchasesPerDay);
        m.revenuePerDay.addAll(o.revenuePerDay);
        m.sessions += o.sessions;
        m.convertedSessions += o.convertedSessions;
        m.cartSessions += o.cartSessions;
        m.abandonedCartSessions += o.abandonedCartSessions;
        m.eventsPerDay.addAll(o.eventsPerDay);
        m.sessionsPerDay.addAll(o.sessionsPerDay);
        o.devices.forEach((k, v) -> m.devices.merge(k, v, Long::sum));
        o.dayparts.forEach((k, v) -> m.dayparts.merge(k, v, Long::sum));
        if (o.lastIntent != null
                && (m.lastIntent == null
                        || o.lastIntentTs > m.lastIntentTs
                        || (o.lastIntentTs == m.lastIntentTs
                                && o.lastIntent.compareTo(m.lastIntent) > 0))) {
            m.lastIntentTs = o.lastIntentTs;
            m.lastIntent = o.lastIntent;
        }
        o.interestLog2.forEach((k, v) -> m.interestLog2.merge(k, v, ProfileAccumulator::logSum));
        m.prune(rules);
        return m;
    }

    /** A deep copy (state values must not be shared between keys or records). */
    public ProfileAccumulator copy() {
        ProfileAccumulator c = new ProfileAccumulator();
        c.first = first;
        c.last = last;
        c.events = events;
        c.purchases = purchases;
        c.revenueUnits = revenueUnits;
        c.supportEvents = supportEvents;
        c.purchasesPerDay = purchasesPerDay.copy();
        c.revenuePerDay = revenuePerDay.copy();
        c.sessions = sessions;
        c.convertedSessions = convertedSessions;
        c.cartSessions = cartSessions;
        c.abandonedCartSessions = abandonedCartSessions;
        c.eventsPerDay = eventsPerDay.copy();
        c.sessionsPerDay = sessionsPerDay.copy();
        c.devices = new HashMap<>(devices);
        c.dayparts = new HashMap<>(dayparts);
        c.lastIntentTs = lastIntentTs;
        c.lastIntent = lastIntent;
        c.interestLog2 = new HashMap<>(interestLog2);
        return c;
    }

    public boolean isEmpty() {
        return events == 0 && sessions == 0;
    }

    /** The day of the latest event, or Long.MIN_VALUE while empty. */
    private long lastDay(ProfileRules rules) {
        return last == Long.MIN_VALUE ? Long.MIN_VALUE : rules.day(last);
    }

    /**
     * Drops the days that fell out of the window when the latest day moved. An addition never adds
     * a day older than the window, so the maps hold exactly what a prune after every change holds.
     */
    private void pruneIfMoved(long lastDayBefore, long lastDay) {
        if (lastDay != lastDayBefore) {
            dropDaysBefore(lastDay - DAYS_KEPT + 1);
        }
    }

    private void prune(ProfileRules rules) {
        if (last == Long.MIN_VALUE) {
            return;
        }
        dropDaysBefore(rules.day(last) - DAYS_KEPT + 1);
    }

    private void dropDaysBefore(long oldestKept) {
        eventsPerDay.dropBefore(oldestKept);
        sessionsPerDay.dropBefore(oldestKept);
    }

    static double logSum(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        return hi + log2(1 + Math.pow(2, lo - hi));
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
