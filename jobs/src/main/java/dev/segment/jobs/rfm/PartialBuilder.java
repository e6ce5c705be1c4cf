package dev.segment.jobs.rfm;

import java.util.Arrays;

/** Mutable per-customer accumulator used inside one task before the shuffle. */
final class PartialBuilder {
    private final String customerId;
    private long rows;
    private long units;
    private long[] orders = new long[2];
    private int orderCount;
    private int[] days = new int[2];
    private long[] dayUnits = new long[2];
    private int dayCount;
    private long[] prints = new long[2];
    private int printCount;
    private byte consent = CustomerPartial.CONSENT_NOT_STATED;
    private long consentAt = Long.MIN_VALUE;

    PartialBuilder(String customerId) {
        this.customerId = customerId;
    }

    void add(long orderKey, int day, long amountUnits, long fingerprint) {
        if (printCount == prints.length) {
            prints = Arrays.copyOf(prints, printCount * 2);
        }
        prints[printCount++] = fingerprint;
        add(orderKey, day, amountUnits);
    }

    /** A consent statement of one row (null: the row states none). */
    void stated(Boolean granted, long atMillis) {
        if (granted == null) {
            return;
        }
        byte state = granted ? CustomerPartial.CONSENT_GRANTED : CustomerPartial.CONSENT_WITHDRAWN;
        if (CustomerPartial.later(state, atMillis, consent, consentAt)) {
            consent = state;
            consentAt = atMillis;
        }
    }

    void add(long orderKey, int day, long amountUnits) {
        rows++;
        units = Money.add(units, amountUnits);
        // order lines of one order usually arrive together: skip the obvious repeat cheaply
        if (orderCount == 0 || orders[orderCount - 1] != orderKey) {
            if (orderCount == orders.length) {
                orders = Arrays.copyOf(orders, orderCount * 2);
            }
            orders[orderCount++] = orderKey;
        }
        if (dayCount > 0 && days[dayCount - 1] == day) {
            dayUnits[dayCount - 1] = Money.add(dayUnits[dayCount - 1], amountUnits);
            return;
        }
        if (dayCount == days.length) {
            days = Arrays.copyOf(days, dayCount * 2);
            dayUnits = Arrays.copyOf(dayUnits, dayCount * 2);
        }
        days[dayCount] = day;
        dayUnits[dayCount++] = amountUnits;
    }

    CustomerPartial build() {
        CustomerPartial p = new CustomerPartial();
        p.customerId = customerId;
        p.rows = rows;
        p.units = units;
        p.consent = consent;
        p.consentAt = consentAt;
        long[] o = Arrays.copyOf(orders, orderCount);
        Arrays.sort(o);
        int n = 0;
        for (int i = 0; i < o.length; i++) {
            if (i == 0 || o[i] != o[i - 1]) {
                o[n++] = o[i];
            }
        }
        p.orders = n == o.length ? o : Arrays.copyOf(o, n);
        p.prints = Arrays.copyOf(prints, printCount);
        Arrays.sort(p.prints);
        // sort (day, units) pairs by day and sum equal days
        if (dayCount > 1 && !ascending()) {
            // sort (day, position) pairs packed into longs: no boxing, no comparator
            long[] keys = new long[dayCount];
            for (int i = 0; i < dayCount; i++) {
                keys[i] = ((long) days[i] << 32) | i;
            }
            Arrays.sort(keys);
            int[] d = new int[dayCount];
            long[] u = new long[dayCount];
            for (int i = 0; i < dayCount; i++) {
                int at = (int) (keys[i] & 0xffffffffL);
                d[i] = days[at];
                u[i] = dayUnits[at];
            }
            days = d;
            dayUnits = u;
        }
        int m = 0;
        int[] d = new int[dayCount];
        long[] u = new long[dayCount];
        for (int i = 0; i < dayCount; i++) {
            if (m > 0 && d[m - 1] == days[i]) {
                u[m - 1] = Money.add(u[m - 1], dayUnits[i]);
            } else {
                d[m] = days[i];
                u[m++] = dayUnits[i];
            }
        }
        p.days = Arrays.copyOf(d, m);
        p.dayUnits = Arrays.copyOf(u, m);
        return p;
    }

    private boolean ascending() {
        for (int i = 1; i < dayCount; i++) {
            if (days[i] < days[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
