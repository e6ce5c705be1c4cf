package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written shapes give java.time's instant and business day for a run of timestamps in
 * which dates repeat and change (as rows of a file do), in UTC and in a zone with daylight saving.
 */
class TimestampParserTest {

    @Test
    void rangeShapesEqualJavaTime() {
        for (String zone : new String[] {"UTC", "Europe/Berlin"}) {
            TimestampParser parser = new TimestampParser(null, zone);
            Random random = new Random(zone.hashCode());
            long second = Instant.parse("2023-01-01T00:00:00Z").getEpochSecond();
            for (int i = 0; i < 5_000; i++) {
                // mostly within the same day as the row before, sometimes days or years away
                second +=
                        random.nextInt(10) == 0
                                ? random.nextInt(400 * 86_400) - 200 * 86_400
                                : random.nextInt(3_000);
                Instant instant = Instant.ofEpochSecond(second);
                String text = instant.toString();
                assertEquals(TimestampParser.OK, parser.parseRange(text, 0, text.length()), text);
                assertEquals(instant.toEpochMilli(), parser.millis, text);
                assertEquals(
                        instant.atZone(ZoneId.of(zone)).toLocalDate().toEpochDay(),
                        parser.day,
                        text + " in " + zone);

                String date = text.substring(0, 10);
                assertEquals(TimestampParser.OK, parser.parseRange(date, 0, 10), date);
                assertEquals(LocalDate.parse(date).toEpochDay(), parser.day, date);
            }
        }
    }
}
