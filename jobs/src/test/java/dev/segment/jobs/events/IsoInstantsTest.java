package dev.segment.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct reading of timestamps accepts and gives exactly what OffsetDateTime.parse does. */
class IsoInstantsTest {

    @Test
    void agreesWithOffsetDateTimeOnWellFormedAndBrokenTimestamps() {
        Random r = new Random(11);
        int fastHits = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = candidate(r);
            Long expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            Long actual;
            try {
                actual = IsoInstants.epochMillis(text);
            } catch (DateTimeParseException e) {
                actual = null;
            }
            assertEquals(expected, actual, text);
            if (IsoInstants.fast(text) != Long.MIN_VALUE) {
                fastHits++;
            }
        }
        // most candidates are well formed: the direct path must be the one taken for them
        assertNotEquals(0, fastHits);
        assertEquals(
                1714810530123L, IsoInstants.fast("2024-05-04T08:15:30.123456Z"), "fraction cut");
        assertEquals(1714810530000L, IsoInstants.fast("2024-05-04T10:15:30+02:00"));
    }

    /** A timestamp in the common shape, often with one character or field broken. */
    private static String candidate(Random r) {
        String date =
                String.format(
                        "%04d-%02d-%02dT%02d:%02d:%02d",
                        r.nextInt(3) == 0 ? r.nextInt(10_000) : 1990 + r.nextInt(120),
                        r.nextInt(14),
                        r.nextInt(33),
                        r.nextInt(26),
                        r.nextInt(61),
                        r.nextInt(62));
        StringBuilder s = new StringBuilder(date);
        int fraction = r.nextInt(12) - 1;
        if (fraction >= 0) {
            s.append('.');
            for (int i = 0; i < fraction; i++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
        }
        switch (r.nextInt(6)) {
            case 0 -> s.append('Z');
            case 1 -> s.append('z');
            case 2 -> s.append(String.format("%+03d:%02d", r.nextInt(41) - 20, r.nextInt(62)));
            case 3 ->
                    s.append(
                            String.format(
                                    "%+03d:%02d:%02d",
                                    r.nextInt(37) - 18, r.nextInt(60), r.nextInt(60)));
            case 4 -> s.append(String.format("%+03d%02d", r.nextInt(37) - 18, r.nextInt(60)));
            default -> s.append(r.nextBoolean() ? "+00:00" : "");
        }
        if (r.nextInt(8) == 0) {
            int at = r.nextInt(s.length());
            s.setCharAt(at, "0123456789-:.TZ+ x".charAt(r.nextInt(18)));
        }
        return s.toString();
    }
}
