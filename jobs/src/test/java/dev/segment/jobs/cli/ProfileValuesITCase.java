package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.io.CsvLines;
import dev.segment.jobs.profiles.LiveProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's live profile from eight hand-written clicks in three sessions, every figure worked
 * out by hand from the README's definitions (not from our code): windows end at the day of the last
 * event, shares are of sessions, ties and preferences as documented, interest scores halve every 7
 * days.
 */
class ProfileValuesITCase {

    private static String click(
            String id, String ts, String type, String device, String category, String extra) {
        return "{\"event_id\":\""
                + id
                + "\",\"ts\":\""
                + ts
                + "\",\"event_type\":\""
                + type
                + "\",\"visitor_id\":\"V1\",\"customer_id\":\"C1\",\"device\":\""
                + device
                + "\""
                + (category == null ? "" : ",\"category\":\"" + category + "\"")
                + extra
                + ",\"consent\":true}";
    }

    @Test
    void aCustomersProfileHasTheFiguresWorkedOutByHand(@TempDir Path dir) throws Exception {
        Path clicks = dir.resolve("clicks.jsonl");
        Files.write(
                clicks,
                List.of(
                        // session 1, 2024-01-15 morning, desktop: a cart left behind
                        click("e1", "2024-01-15T09:00:00Z", "page_view", "desktop", null, ""),
                        click("e2", "2024-01-15T09:01:00Z", "product_view", "desktop", "shoes", ""),
                        click("e3", "2024-01-15T09:02:00Z", "add_to_cart", "desktop", "shoes", ""),
                        // session 2, 2024-02-20 evening, mobile: a purchase
                        click("e4", "2024-02-20T19:00:00Z", "product_view", "mobile", "bags", ""),
                        click("e5", "2024-02-20T19:01:00Z", "add_to_cart", "mobile", "bags", ""),
                        click(
                                "e6",
                                "2024-02-20T19:02:00Z",
                                "purchase",
                                "mobile",
                                "bags",
                                ",\"order_id\":\"O1\",\"amount\":50.0"),
                        // session 3, 2024-03-01 evening, mobile: asking for help
                        click("e7", "2024-03-01T20:00:00Z", "page_view", "mobile", null, ""),
                        click("e8", "2024-03-01T20:01:00Z", "support_view", "mobile", null, "")));
        CliRun.ok(
                "sessions", "--clicks", clicks.toString(), "--out", dir.resolve("out").toString());
        List<String> lines = Files.readAllLines(dir.resolve("out/profiles.csv"));
        assertEquals(LiveProfile.HEADER, lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        List<String> names = CsvLines.split(lines.get(0));
        List<String> values = CsvLines.split(lines.get(1));
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), values.get(i));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("profile_id", "C1");
        expected.put("visitors", "1");
        expected.put("visitor_type", "returning"); // more than one session
        expected.put("sessions", "3");
        // 7 days to 2024-03-01: 02-24..03-01 holds session 3 only; 30 days: 01-31..03-01
        expected.put("sessions_7d", "1");
        expected.put("sessions_30d", "2");
        expected.put("events", "8");
        expected.put("events_7d", "2");
        expected.put("events_30d", "5");
        expected.put("cart_abandonment", "0.5"); // 2 sessions with a cart add, 1 without purchase
        expected.put("conversion", "0.3333"); // 1 of 3 sessions bought
        expected.put("preferred_device", "mobile"); // 2 of 3 sessions
        expected.put("preferred_daypart", "evening"); // 19:00 and 20:00 UTC
        expected.put("last_intent", "support");
        // as of 2024-03-01 20:01, halved every 7 days: bags 1 + 3 + 5 about 10 days 1 hour
        // earlier = 3.3298; shoes 1 + 3 about 46 days 11 hours earlier = 0.0402
        expected.put("interests", "bags:3.33|shoes:0.04");
        expected.put("purchases", "1");
        expected.put("revenue", "50.00");
        expected.put("support_share", "0.125"); // 1 of 8 events
        // live RFM without a batch baseline: as of the last event's day, 2024-02-20 is 10 days
        // before 2024-03-01
        expected.put("rfm_as_of", "2024-03-01");
        expected.put("recency_days", "10");
        expected.put("frequency", "1");
        expected.put("monetary", "50.00");
        expected.put("first_purchase", "2024-02-20");
        expected.put("last_purchase", "2024-02-20");
        Map<String, String> actual = new LinkedHashMap<>();
        expected.keySet().forEach(k -> actual.put(k, row.get(k)));
        assertEquals(expected, actual, lines.get(1));
    }
}
