package dev.segment.common.io;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses purchase timestamps into an instant and a business day.
 *
 * <p>Without a pattern it accepts ISO-8601 dates ({@code 2024-01-05}), local date-times ({@code
 * 2024-01-05T10:06:04} or with a space; read in the business zone) and date-times with an offset or
 * {@code Z}. The common shapes are parsed by hand, because java.time parsing per row dominates a
 * 10-million-row read; everything else falls back to java.time. Not thread-safe (holds the last
 * result); one instance per parsing task.
 */
final class TimestampParser {
    private static final long DAY_MS = 86_400_000L;

    private final ZoneId zone;
    private final boolean utc;
    private final DateTimeFormatter pattern;
    private final boolean compactDate;

    /** Result of the last successful {@link #parse}. */
    long millis;

    int day;

    TimestampParser(String pattern, String zone) {
        this.zone = ZoneId.of(zone);
        this.utc = this.zone.normalized().equals(ZoneOffset.UTC);
        this.compactDate = "yyyyMMdd".equals(pattern);
        this.pattern =
                pattern == null || compactDate
                        ? null
                        : DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    /** {@link #parseRange}: parsed. */
    static final int OK = 1;

    /** {@link #parseRange}: not a valid timestamp. */
    static final int INVALID = 0;

    /** {@link #parseRange}: a shape the range parser does not handle; call {@link #parse}. */
    static final int UNHANDLED = -1;

    /**
     * Parses the common shapes ({@code yyyy-MM-dd}, {@code yyyy-MM-ddTHH:mm:ssZ}, {@code yyyyMMdd})
     * straight from {@code line[from, to)} without creating a substring.
     */
    int parseRange(CharSequence line, int from, int to) {
        int n = to - from;
        try {
            if (compactDate) {
                return n == 8
                                && isDigits(line, from, to)
                                && date(
                                        num(line, from, from + 4),
                                        num(line, from + 4, from + 6),
                                        num(line, from + 6, to))
                        ? OK
                        : INVALID;
            }
            if (pattern != null || (n != 10 && n != 20)) {
                return UNHANDLED;
            }
            if (line.charAt(from + 4) != '-'
                    || line.charAt(from + 7) != '-'
                    || !isDigits(line, from, from + 4)
                    || !isDigits(line, from + 5, from + 7)
                    || !isDigits(line, from + 8, from + 10)) {
                return UNHANDLED;
            }
            int y = num(line, from, from + 4);
            int m = num(line, from + 5, from + 7);
            int d = num(line, from + 8, from + 10);
            if (n == 10) {
                return date(y, m, d) ? OK : INVALID;
            }
            if (line.charAt(from + 10) != 'T'
                    || line.charAt(from + 13) != ':'
                    || line.charAt(from + 16) != ':'
                    || line.charAt(from + 19) != 'Z'
                    || !isDigits(line, from + 11, from + 13)
                    || !isDigits(line, from + 14, from + 16)
                    || !isDigits(line, from + 17, from + 19)) {
                return UNHANDLED;
            }
            int hh = num(line, from + 11, from + 13);
            int mm = num(line, from + 14, from + 16);
            int ss = num(line, from + 17, from + 19);
            if (hh > 23 || mm > 59 || ss > 59) {
                return INVALID;
            }
            instant(epochDay(y, m, d) * DAY_MS + (hh * 3600L + mm * 60L + ss) * 1000L);
            return OK;
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    // the last date read and its epoch day: rows of one day come together in most files, and
    // java.time's calendar arithmetic was a tenth of the parsing time
    private int lastDate = -1;
    private long lastEpochDay;

    private long epochDay(int y, int m, int d) {
        int key = (y * 16 + m) * 32 + d;
        if (key != lastDate) {
            lastEpochDay = LocalDate.of(y, m, d).toEpochDay();
            lastDate = key;
        }
        return lastEpochDay;
    }

    /** Parses {@code s}; returns false when it is not a timestamp of the expected shape. */
    boolean parse(String s) {
        try {
            if (compactDate) {
                return s.length() == 8
                        && isDigits(s, 0, 8)
                        && date(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8));
            }
            if (pattern != null) {
                return parseWithPattern(s);
            }
            int n = s.length();
            if (n == 10 && isIsoDate(s)) {
                return date(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10));
            }
            if (n >= 19
                    && isIsoDate(s)
                    && (s.charAt(10) == 'T' || s.charAt(10) == ' ')
                    && s.charAt(13) == ':'
                    && s.charAt(16) == ':'
                    && isDigits(s, 11, 13)
                    && isDigits(s, 14, 16)
                    && isDigits(s, 17, 19)) {
                if (n == 19) {
                    return local(
                            LocalDateTime.of(
                                    num(s, 0, 4),
                                    num(s, 5, 7),
                                    num(s, 8, 10),
                                    num(s, 11, 13),
                                    num(s, 14, 16),
                                    num(s, 17, 19)));
                }
                if (n == 20 && s.charAt(19) == 'Z') {
                    long epochDay =
                            LocalDate.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)).toEpochDay();
                    int hh = num(s, 11, 13);
                    int mm = num(s, 14, 16);
                    int ss = num(s, 17, 19);
                    if (hh > 23 || mm > 59 || ss > 59) {
                        return false;
                    }
                    instant(epochDay * DAY_MS + (hh * 3600L + mm * 60L + ss) * 1000L);
                    return true;
                }
            }
            return parseIsoFallback(s);
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    private boolean parseIsoFallback(String s) {
        String t =
                s.length() > 10 && s.charAt(10) == ' '
                        ? s.substring(0, 10) + 'T' + s.substring(11)
                        : s;
        try {
            instant(OffsetDateTime.parse(t).toInstant().toEpochMilli());
            return true;
        } catch (DateTimeException ignored) {
            // not an offset date-time; try the next shape
        }
        try {
            instant(ZonedDateTime.parse(t).toInstant().toEpochMilli());
            return true;
        } catch (DateTimeException ignored) {
            // not a zoned date-time
        }
        try {
            return local(LocalDateTime.parse(t));
        } catch (DateTimeException ignored) {
            // not a local date-time
        }
        try {
            instant(Instant.parse(t).toEpochMilli());
            return true;
        } catch (DateTimeException ignored) {
            return false;
        }
    }

    private boolean parseWithPattern(String s) {
        TemporalAccessor t =
                pattern.parseBest(
                        s,
                        ZonedDateTime::from,
                        OffsetDateTime::from,
                        LocalDateTime::from,
                        LocalDate::from);
        if (t instanceof ZonedDateTime) {
            instant(((ZonedDateTime) t).toInstant().toEpochMilli());
        } else if (t instanceof OffsetDateTime) {
            instant(((OffsetDateTime) t).toInstant().toEpochMilli());
        } else if (t instanceof LocalDateTime) {
            return local((LocalDateTime) t);
        } else {
            LocalDate d = (LocalDate) t;
            return date(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        }
        return true;
    }

    private boolean date(int y, int m, int d) {
        LocalDate date = LocalDate.of(y, m, d);
        day = (int) date.toEpochDay();
        millis = utc ? day * DAY_MS : date.atStartOfDay(zone).toInstant().toEpochMilli();
        return true;
    }

    private boolean local(LocalDateTime t) {
        if (utc) {
            instant(t.toEpochSecond(ZoneOffset.UTC) * 1000L + t.getNano() / 1_000_000);
        } else {
            instant(t.atZone(zone).toInstant().toEpochMilli());
        }
        return true;
    }

    private void instant(long ms) {
        millis = ms;
        if (utc) {
            day = (int) Math.floorDiv(ms, DAY_MS);
        } else {
            int offsetSeconds =
                    zone.getRules().getOffset(Instant.ofEpochMilli(ms)).getTotalSeconds();
            day = (int) Math.floorDiv(ms + offsetSeconds * 1000L, DAY_MS);
        }
    }

    private static boolean isIsoDate(String s) {
        return s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && isDigits(s, 0, 4)
                && isDigits(s, 5, 7)
                && isDigits(s, 8, 10);
    }

    private static boolean isDigits(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
