package dev.segment.jobs.profiles;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A count (or sum) per epoch day, kept as two primitive arrays sorted by day. A profile's days are
 * few (at most 30 in its windows) and arrive nearly in order, so an addition is usually an
 * increment or an append; a window's sum is a short scan. The summaries held {@code HashMap<Long,
 * Long>}s before: a boxed key and value per addition, and a hash lookup or a walk over buckets for
 * each window, which was a fifth of the golden-records stage's time.
 */
public final class DayCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long[] NONE = new long[0];

    private long[] days = NONE;
    private long[] values = NONE;
    private int size;

    public DayCounts() {}

    /** Adds {@code value} to {@code day}'s figure. */
    public void add(long day, long value) {
        int last = size - 1;
        if (last >= 0 && days[last] == day) {
            values[last] = Math.addExact(values[last], value);
            return;
        }
        int at = last < 0 || days[last] < day ? size : Arrays.binarySearch(days, 0, size, day);
        if (at >= 0 && at < size) {
            values[at] = Math.addExact(values[at], value);
            return;
        }
        int insert = at >= 0 ? at : -at - 1;
        if (size == days.length) {
            int capacity = Math.max(4, size * 2);
            days = Arrays.copyOf(days, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        System.arraycopy(days, insert, days, insert + 1, size - insert);
        System.arraycopy(values, insert, values, insert + 1, size - insert);
        days[insert] = day;
        values[insert] = value;
        size++;
    }

    /** {@code day}'s figure, 0 when the day has none. */
    public long get(long day) {
        int at = Arrays.binarySearch(days, 0, size, day);
        return at >= 0 ? values[at] : 0;
    }

    /** The sum over the {@code n} days ending with {@code lastDay}. */
    public long within(long lastDay, int n) {
        long sum = 0;
        for (int i = size - 1; i >= 0 && days[i] > lastDay - n; i--) {
            if (days[i] <= lastDay) {
                sum += values[i];
            }
        }
        return sum;
    }

    /** Removes the days before {@code oldestKept}. */
    public void dropBefore(long oldestKept) {
        int from = 0;
        while (from < size && days[from] < oldestKept) {
            from++;
        }
        if (from > 0) {
            System.arraycopy(days, from, days, 0, size - from);
            System.arraycopy(values, from, values, 0, size - from);
            size -= from;
        }
    }

    /** Adds every day of {@code o} to this. */
    public void addAll(DayCounts o) {
        for (int i = 0; i < o.size; i++) {
            add(o.days[i], o.values[i]);
        }
    }

    public DayCounts copy() {
        DayCounts c = new DayCounts();
        c.days = Arrays.copyOf(days, size);
        c.values = Arrays.copyOf(values, size);
        c.size = size;
        return c;
    }

    /** How many days have a figure. */
    public int size() {
        return size;
    }

    /** The {@code i}-th day, in ascending order. */
    public long day(int i) {
        return days[i];
    }

    /** The {@code i}-th day's figure. */
    public long value(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DayCounts d
                && Arrays.equals(days, 0, size, d.days, 0, d.size)
                && Arrays.equals(values, 0, size, d.values, 0, d.size);
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + Long.hashCode(days[i]);
            h = 31 * h + Long.hashCode(values[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            b.append(i > 0 ? ", " : "").append(days[i]).append('=').append(values[i]);
        }
        return b.append('}').toString();
    }
}
