package dev.segment.jobs.runtime;

import java.util.Locale;

/** Formats elapsed times for humans. */
public final class Durations {
    private Durations() {}

    /** {@code 0.42 s}, {@code 12.3 s}, {@code 2 min 05 s}. */
    public static String format(long nanos) {
        double s = nanos / 1e9;
        if (s < 10) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
}
