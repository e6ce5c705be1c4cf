package dev.segment.jobs.profiles;

import dev.segment.common.io.CsvLines;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One golden record's live profile: a row of {@code customer_live_profile} and profiles.csv.
 * Windowed counts are as of the profile's latest event ({@link #lastSeen}), so a profile does not
 * change with the time it is read at, and batch and streaming runs agree.
 */
public class LiveProfile implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The CSV header and table columns, in order. */
    public static final String HEADER =
            "profile_id,customer_id,visitors,first_seen,last_seen,visitor_type,sessions,"
                    + "sessions_7d,sessions_30d,events,events_7d,events_30d,cart_abandonment,"
                    + "conversion,preferred_device,preferred_daypart,last_intent,interests,"
                    + "purchases,revenue,support_share,rfm_as_of,recency_days,frequency,monetary,"
                    + "first_purchase,last_purchase";

    /** Categories listed in {@link #interests}. */
    public static final int TOP_INTERESTS = 3;

    /** Profile ids of anonymous visitors start with this. */
    public static final String VISITOR_PREFIX =
            dev.segment.common.store.Erasure.VISITOR_PROFILE_PREFIX;

    public String profileId;

    /** Null for an anonymous visitor's profile. */
    public String customerId;

    public int visitors;
    public long firstSeen;
    public long lastSeen;

    /** new (at most one closed session) or returning. */
    public String visitorType;

    public long sessions;
    public long sessions7d;
    public long sessions30d;
    public long events;
    public long events7d;
    public long events30d;

    /** Share of sessions with a cart add and no purchase among sessions with a cart add. */
    public Double cartAbandonment;

    /** Share of sessions with a purchase. */
    public Double conversion;

    public String preferredDevice;
    public String preferredDaypart;
    public String lastIntent;

    /** Top categories by decayed score as of {@link #lastSeen}: {@code shoes:2.841|bags:1}. */
    public String interests;

    public long purchases;
    public double revenue;

    /** Share of events that were support page views. */
    public Double supportShare;

    /*
     * Live RFM: the batch baseline (if any) plus the purchase events dated after its as-of day.
     * Days are epoch days in the business zone; null when the customer has no purchase at all.
     */

    /** The later of the baseline's as-of day and the day of the latest event. */
    public Integer rfmAsOf;

    public Integer recencyDays;
    public long frequency;
    public double monetary;
    public Integer firstPurchase;
    public Integer lastPurchase;

    /** The distinct purchase day before the last one, when known (not a column: lifecycle). */
    public Integer previousPurchase;

    /** The baseline's lifecycle stage when no purchase came since (not a column: lifecycle). */
    public String baselineStage;

    public LiveProfile() {}

    /** The profile of a golden record from the merged summary of its parts. */
    public static LiveProfile of(
            String profileId, ProfileAccumulator a, int visitors, ProfileRules rules) {
        return of(profileId, a, visitors, rules, RfmBaseline.NONE);
    }

    /** The same with live RFM on top of a batch baseline ({@link RfmBaseline#NONE}: none). */
    public static LiveProfile of(
            String profileId,
            ProfileAccumulator a,
            int visitors,
            ProfileRules rules,
            RfmBaseline baseline) {
        LiveProfile p = new LiveProfile();
        p.profileId = profileId;
        p.customerId = profileId.startsWith(VISITOR_PREFIX) ? null : profileId;
        p.visitors = visitors;
        p.firstSeen = a.first;
        p.lastSeen = a.last;
        p.visitorType = a.sessions >= 2 ? "returning" : "new";
        long lastDay = rules.day(a.last);
        p.sessions = a.sessions;
        p.sessions7d = a.sessionsPerDay.within(lastDay, 7);
        p.sessions30d = a.sessionsPerDay.within(lastDay, 30);
        p.events = a.events;
        p.events7d = a.eventsPerDay.within(lastDay, 7);
        p.events30d = a.eventsPerDay.within(lastDay, 30);
        p.cartAbandonment =
                a.cartSessions == 0 ? null : share(a.abandonedCartSessions, a.cartSessions);
        p.conversion = a.sessions == 0 ? null : share(a.convertedSessions, a.sessions);
        p.preferredDevice = mostFrequent(a.devices);
        p.preferredDaypart = mostFrequent(a.dayparts);
        p.lastIntent = a.lastIntent;
        double now = a.last / (double) rules.halfLifeMillis();
        p.interests = topInterests(a.interestLog2, now);
        p.purchases = a.purchases;
        p.revenue = a.revenueUnits / 10_000.0;
        p.supportShare = a.events == 0 ? null : share(a.supportEvents, a.events);
        liveRfm(p, a, lastDay, baseline);
        return p;
    }

    private static void liveRfm(
            LiveProfile p, ProfileAccumulator a, long lastEventDay, RfmBaseline baseline) {
        RfmBaseline b = baseline == null || baseline.isNone() ? null : baseline;
        long units = b == null ? 0 : b.monetaryUnits;
        long frequency = b == null ? 0 : b.frequency;
        // purchase days after the baseline's as-of day (the baseline already holds that day):
        // how many, the first, the last and the one before it, in one pass
        int days = 0;
        long firstDay = Long.MAX_VALUE;
        long lastDay = Long.MIN_VALUE;
        long beforeLast = Long.MIN_VALUE;
        for (int i = 0; i < a.purchasesPerDay.size(); i++) {
            long day = a.purchasesPerDay.day(i);
            if (b == null || day > b.asOfDay) {
                days++;
                frequency += a.purchasesPerDay.value(i);
                units = Math.addExact(units, a.revenuePerDay.get(day));
                firstDay = Math.min(firstDay, day);
                if (day > lastDay) {
                    beforeLast = lastDay;
                    lastDay = day;
                } else if (day > beforeLast) {
                    beforeLast = day;
                }
            }
        }
        p.frequency = frequency;
        p.monetary = units / 10_000.0;
        if (frequency == 0) {
            return;
        }
        long asOf = b == null ? lastEventDay : Math.max(b.asOfDay, lastEventDay);
        long last = days == 0 ? b.lastDay : lastDay;
        // epoch days fit an int (the store's DATE and INTEGER columns)
        p.rfmAsOf = Math.toIntExact(asOf);
        p.lastPurchase = Math.toIntExact(last);
        p.firstPurchase = Math.toIntExact(b != null ? b.firstDay : firstDay);
        p.recencyDays = Math.toIntExact(asOf - last);
        if (days >= 2) {
            p.previousPurchase = Math.toIntExact(beforeLast);
        } else if (days == 1 && b != null) {
            p.previousPurchase = Math.toIntExact(b.lastDay);
        }
        if (days == 0) {
            p.baselineStage = b.lifecycleStage;
        }
    }

    /**
     * {@code part / whole} rounded half-up to 4 places. Integer arithmetic on the exact fraction:
     * the same figure as rounding the quotient's decimal form (what BigDecimal did), since a
     * fraction with a denominator below 10^9 is either exactly on a rounding tie or more than
     * 10^-14 away from one, far beyond a double's error; without the cost of printing a double.
     */
    static double share(long part, long whole) {
        return Math.floorDiv(Math.multiplyExact(part, 20_000L) + whole, 2 * whole) / 10_000.0;
    }

    /** The most frequent non-null key; ties go to the first in name order. */
    private static String mostFrequent(Map<String, Long> counts) {
        String best = null;
        long bestCount = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            String k = e.getKey();
            long n = e.getValue();
            if (k != null
                    && (best == null
                            || n > bestCount
                            || (n == bestCount && k.compareTo(best) < 0))) {
                best = k;
                bestCount = n;
            }
        }
        return best;
    }

    /** The {@link #TOP_INTERESTS} highest scores (ties by name) as {@code name:score|...}. */
    static String topInterests(Map<String, Double> log2Scores, double now) {
        String[] names = new String[TOP_INTERESTS];
        double[] scores = new double[TOP_INTERESTS];
        int n = 0;
        for (Map.Entry<String, Double> e : log2Scores.entrySet()) {
            String k = e.getKey();
            double v = e.getValue();
            int at = n;
            while (at > 0
                    && (v > scores[at - 1]
                            || (v == scores[at - 1] && k.compareTo(names[at - 1]) < 0))) {
                at--;
            }
            if (at >= TOP_INTERESTS) {
                continue;
            }
            int last = Math.min(n, TOP_INTERESTS - 1);
            System.arraycopy(names, at, names, at + 1, last - at);
            System.arraycopy(scores, at, scores, at + 1, last - at);
            names[at] = k;
            scores[at] = v;
            n = Math.min(n + 1, TOP_INTERESTS);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append('|');
            }
            appendScore(b.append(names[i]).append(':'), Math.pow(2, scores[i] - now));
        }
        return b.toString();
    }

    /**
     * Appends {@code v} rounded half-up to three decimals, as Java prints that double: what {@code
     * b.append(BigDecimal.valueOf(v).setScale(3, HALF_UP).doubleValue())} appends. That form, on
     * every emitted profile, was about 2% of the stream job's CPU; the thousandths are counted in a
     * long instead, and only a value near a tie (or out of range) takes the decimal way.
     */
    static StringBuilder appendScore(StringBuilder b, double v) {
        double t = v * 1000;
        double whole = Math.floor(t);
        double frac = t - whole;
        // below 1e5 the product's error is under 2e-8 of a thousandth, and the distance of the
        // decimal form from v far below the guard: rounding either gives the same thousandths
        if (!(v >= 0 && v < 100_000) || Math.abs(frac - 0.5) < 1e-6) {
            return b.append(BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue());
        }
        long k = (long) whole + (frac > 0.5 ? 1 : 0);
        b.append(k / 1000).append('.');
        int thousandths = (int) (k % 1000);
        if (thousandths == 0) {
            return b.append('0');
        }
        // three digits without the trailing zeros: the shortest form, as Double.toString gives
        b.append((char) ('0' + thousandths / 100));
        if (thousandths % 100 != 0) {
            b.append((char) ('0' + thousandths / 10 % 10));
            if (thousandths % 10 != 0) {
                b.append((char) ('0' + thousandths % 10));
            }
        }
        return b;
    }

    /** One CSV line (no line break). */
    public String toCsv() {
        return String.join(
                ",",
                CsvLines.quote(profileId),
                CsvLines.quote(customerId),
                Integer.toString(visitors),
                Instant.ofEpochMilli(firstSeen).toString(),
                Instant.ofEpochMilli(lastSeen).toString(),
                visitorType,
                Long.toString(sessions),
                Long.toString(sessions7d),
                Long.toString(sessions30d),
                Long.toString(events),
                Long.toString(events7d),
                Long.toString(events30d),
                cartAbandonment == null ? "" : cartAbandonment.toString(),
                conversion == null ? "" : conversion.toString(),
                preferredDevice == null ? "" : preferredDevice,
                preferredDaypart == null ? "" : preferredDaypart,
                lastIntent == null ? "" : lastIntent,
                CsvLines.quote(interests),
                Long.toString(purchases),
                money(revenue),
                supportShare == null ? "" : supportShare.toString(),
                date(rfmAsOf),
                recencyDays == null ? "" : recencyDays.toString(),
                Long.toString(frequency),
                money(monetary),
                date(firstPurchase),
                date(lastPurchase));
    }

    private static String money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String date(Integer epochDay) {
        return epochDay == null ? "" : LocalDate.ofEpochDay(epochDay).toString();
    }
}
