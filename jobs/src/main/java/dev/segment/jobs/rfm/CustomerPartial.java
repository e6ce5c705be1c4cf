package dev.segment.jobs.rfm;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Purchases of one customer, aggregated: what crosses the shuffle instead of raw transactions.
 *
 * <p>Money is kept in exact integer units of 1/10,000 (so sums and means round like decimal
 * arithmetic, not like binary floating point). {@code orders} holds distinct order keys (the order
 * id itself when it is numeric, else a 64-bit hash of it: two different ids of one customer collide
 * with probability about 1e-19 per pair). {@code days}/{@code dayUnits} hold the purchase days in
 * ascending order with the money spent on each day, which is what lifetimes' periods and the
 * lifecycle stage need.
 */
@TypeInfo(CustomerPartialSerializer.Factory.class)
public class CustomerPartial implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Money units per currency unit. */
    public static final long UNITS = 10_000L;

    public String customerId;
    public long rows;
    public long units;
    public long[] orders;
    public int[] days;
    public long[] dayUnits;

    /**
     * Sorted fingerprints of the customer's rows, with repeats (identical records); counted and
     * dropped by {@link MergePartials} before scoring, null after.
     */
    public long[] prints;

    /** {@link #consent}: the customer's rows state no consent. */
    public static final byte CONSENT_NOT_STATED = 0;

    /** {@link #consent}: the newest statement grants consent. */
    public static final byte CONSENT_GRANTED = 1;

    /** {@link #consent}: the newest statement withdraws consent. */
    public static final byte CONSENT_WITHDRAWN = 2;

    /**
     * The newest consent statement among the customer's rows (a consent column of the input): one
     * of the {@code CONSENT_} values, stated at {@link #consentAt} (epoch milliseconds).
     */
    public byte consent = CONSENT_NOT_STATED;

    public long consentAt = Long.MIN_VALUE;

    public CustomerPartial() {}

    /**
     * Whether statement {@code (state, at)} replaces {@code (current, currentAt)}: the newer one
     * wins, and of two at the same instant the withdrawal (the safe reading).
     */
    static boolean later(byte state, long at, byte current, long currentAt) {
        if (state == CONSENT_NOT_STATED) {
            return false;
        }
        if (current == CONSENT_NOT_STATED || at > currentAt) {
            return true;
        }
        return at == currentAt && state == CONSENT_WITHDRAWN;
    }

    /** Rows identical to an earlier row of this customer (repeated fingerprints). */
    public long duplicateRows() {
        if (prints == null) {
            return 0;
        }
        long d = 0;
        for (int i = 1; i < prints.length; i++) {
            if (prints[i] == prints[i - 1]) {
                d++;
            }
        }
        return d;
    }

    /**
     * Distinct orders when {@link #orders} was dropped by {@link #compact()}; -1 while the order
     * keys are still held.
     */
    public int orderCount = -1;

    /** Distinct orders. */
    public int distinctOrders() {
        return orderCount >= 0 ? orderCount : orders.length;
    }

    /**
     * A final (fully merged) aggregate reduced to what classic and rfm-package RFM need: the order
     * count instead of the order keys, and only the first, previous and last purchase days. Sent to
     * the single scoring task, it is a fraction of the bytes.
     */
    public CustomerPartial compact() {
        CustomerPartial c = new CustomerPartial();
        c.customerId = customerId;
        c.rows = rows;
        c.units = units;
        c.orderCount = distinctOrders();
        c.consent = consent;
        c.consentAt = consentAt;
        c.orders = new long[0];
        int n = days.length;
        c.days = n <= 3 ? days : new int[] {days[0], days[n - 2], days[n - 1]};
        c.dayUnits = new long[c.days.length];
        return c;
    }

    /**
     * A copy of this record object (arrays shared: Flink's deserializers allocate new arrays).
     * Operators that keep input records must keep copies, because with object reuse enabled the
     * runtime hands them the same instance again for the next record.
     */
    public CustomerPartial copy() {
        CustomerPartial c = new CustomerPartial();
        c.customerId = customerId;
        c.rows = rows;
        c.units = units;
        c.orders = orders;
        c.orderCount = orderCount;
        c.days = days;
        c.dayUnits = dayUnits;
        c.prints = prints;
        c.consent = consent;
        c.consentAt = consentAt;
        return c;
    }

    public int firstDay() {
        return days[0];
    }

    public int lastDay() {
        return days[days.length - 1];
    }

    /** Merges two partials of the same customer into a new one. */
    public static CustomerPartial merge(CustomerPartial a, CustomerPartial b) {
        CustomerPartial m = new CustomerPartial();
        m.customerId = a.customerId;
        m.rows = a.rows + b.rows;
        m.units = Money.add(a.units, b.units);
        m.orders = mergeDistinct(a.orders, b.orders);
        m.prints = mergeAll(a.prints, b.prints);
        boolean bWins = later(b.consent, b.consentAt, a.consent, a.consentAt);
        m.consent = bWins ? b.consent : a.consent;
        m.consentAt = bWins ? b.consentAt : a.consentAt;
        int[] days = new int[a.days.length + b.days.length];
        long[] dayUnits = new long[days.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.days.length || j < b.days.length) {
            int d;
            long u;
            if (j >= b.days.length || (i < a.days.length && a.days[i] < b.days[j])) {
                d = a.days[i];
                u = a.dayUnits[i++];
            } else if (i >= a.days.length || b.days[j] < a.days[i]) {
                d = b.days[j];
                u = b.dayUnits[j++];
            } else {
                d = a.days[i];
                u = Money.add(a.dayUnits[i++], b.dayUnits[j++]);
            }
            days[n] = d;
            dayUnits[n++] = u;
        }
        m.days = java.util.Arrays.copyOf(days, n);
        m.dayUnits = java.util.Arrays.copyOf(dayUnits, n);
        return m;
    }

    /** Merges two sorted arrays keeping repeats (null counts as empty). */
    private static long[] mergeAll(long[] a, long[] b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            out[n++] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    private static long[] mergeDistinct(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long v;
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                v = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                v = b[j++];
            } else {
                v = a[i++];
                j++;
            }
            out[n++] = v;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Order key: the id itself when it is a plain number, else a 64-bit FNV-1a hash. */
    public static long orderKey(String orderId) {
        return orderKey(orderId, 0, orderId.length());
    }

    /** {@link #orderKey(String)} of {@code text[from, to)}. */
    public static long orderKey(CharSequence text, int from, int to) {
        int n = to - from;
        if (n > 0 && n <= 18) {
            long v = 0;
            boolean digits = true;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
                v = v * 10 + (c - '0');
            }
            if (digits) {
                return v;
            }
        }
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        // keep hashed keys apart from numeric ids (which are >= 0)
        return h | Long.MIN_VALUE;
    }

    /** Amount in exact money units. */
    public static long units(double amount) {
        return Math.round(amount * UNITS);
    }
}
