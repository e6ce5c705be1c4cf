package dev.segment.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {

    private final EventParser canonical = new EventParser(EventFormat.CANONICAL);

    @Test
    void aCanonicalEventWithEveryFieldAndAnUnknownOne() {
        EventParser.Result r =
                canonical.parse(
                        "{\"event_id\":\"E1\",\"ts\":\"2024-05-04T10:15:30+02:00\","
                                + "\"event_type\":\"purchase\",\"visitor_id\":\"V1\","
                                + "\"customer_id\":\"C1\",\"session_id\":\"S1\",\"page\":\"/p\","
                                + "\"product_id\":\"P1\",\"category\":\"shoes\",\"price\":10.5,"
                                + "\"order_id\":\"O1\",\"amount\":21.0,\"device\":\"mobile\","
                                + "\"referrer\":\"google.com\",\"country\":\"DE\",\"consent\":true,"
                                + "\"extra\":{\"ignored\":1}}");
        Event e = r.event();
        assertEquals(Instant.parse("2024-05-04T08:15:30Z").toEpochMilli(), e.ts);
        assertEquals(EventType.PURCHASE, e.type);
        assertEquals("V1", e.visitorId);
        assertEquals("C1", e.customerId);
        assertEquals(21.0, e.revenue());
        assertEquals(Boolean.TRUE, e.consent);
        assertEquals("DE", e.country);
    }

    @Test
    void recordBytesReadLikeTheirText() {
        String[] texts = {
            "{\"ts\":\"2024-05-04T10:15:30.5-03:30\",\"event_type\":\"add_to_cart\","
                    + "\"visitor_id\":\"V\u00e9\",\"customer_id\":42,\"price\":1.50,"
                    + "\"tags\":[1,{\"a\":[2]}],\"visitor_id\":\"V2\",\"consent\":false}",
            "{\"ts\":\"2024-05-04 10:15:30Z\",\"event_type\":\"search\",\"visitor_id\":\"V\"}",
            "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"visitor_id\":\"V\","
                    + "\"consent\":\"yes\"}",
            "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"visitor_id\":\"V\","
        };
        for (String text : texts) {
            EventParser.Result fromText = canonical.parse(text);
            EventParser.Result fromBytes =
                    canonical.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(fromText.reason(), fromBytes.reason(), text);
            assertEquals(fromText.field(), fromBytes.field(), text);
            if (fromText.event() != null) {
                Event a = fromText.event();
                Event b = fromBytes.event();
                assertEquals(
                        a.ts + a.visitorId + a.customerId + a.price + a.consent + a.type,
                        b.ts + b.visitorId + b.customerId + b.price + b.consent + b.type);
            }
        }
        Event e =
                canonical.parse(texts[0].getBytes(java.nio.charset.StandardCharsets.UTF_8)).event();
        assertEquals("V2", e.visitorId, "a repeated field's last value wins");
        assertEquals("42", e.customerId, "a number where text is expected is its text");
        assertEquals(1.5, e.price);
        assertEquals(Instant.parse("2024-05-04T13:45:30.500Z").toEpochMilli(), e.ts);
        assertTrue(canonical.parse(texts[1]).reason().contains("not an ISO-8601"));
        assertEquals(
                "consent must be true or false but was \"yes\"",
                canonical.parse(texts[2]).reason());
        assertTrue(canonical.parse(texts[3]).reason().startsWith("not JSON"));
    }

    @Test
    void anonymousAndSilentAboutConsent() {
        Event e =
                canonical
                        .parse(
                                "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"page_view\","
                                        + "\"visitor_id\":\"V1\",\"customer_id\":null}")
                        .event();
        assertNull(e.customerId);
        assertNull(e.consent);
        assertEquals(0.0, e.revenue());
    }

    @Test
    void malformedEventsAreNamedWithTheirReason() {
        assertReason("{not json", null, "not JSON");
        assertReason("[1,2]", null, "not a JSON object");
        assertReason(
                "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"page_view\"}",
                "visitor_id",
                "visitor_id is missing");
        assertReason(
                "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"contact\",\"visitor_id\":\"V\"}",
                "event_type",
                "unknown event_type 'contact'");
        assertReason(
                "{\"ts\":\"2024-02-30T10:15:30Z\",\"event_type\":\"login\",\"visitor_id\":\"V\"}",
                "ts",
                "is not an ISO-8601 date-time");
        assertReason(
                "{\"ts\":\"2024-05-04 10:15:30\",\"event_type\":\"login\",\"visitor_id\":\"V\"}",
                "ts",
                "is not an ISO-8601 date-time");
        assertReason(
                "{\"ts\":\"1970-01-01T00:00:00Z\",\"event_type\":\"login\",\"visitor_id\":\"V\"}",
                "ts",
                "outside the years 2000..2099");
        assertReason(
                "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"consent\",\"visitor_id\":\"V\","
                        + "\"consent\":\"yes\"}",
                "consent",
                "consent must be true or false");
        assertReason(
                "{\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"purchase\",\"visitor_id\":\"V\","
                        + "\"amount\":\"12\"}",
                "amount",
                "amount must be a number");
    }

    @Test
    void rees46LinesBecomeCanonicalEvents() {
        EventParser rees = new EventParser(EventFormat.REES46);
        assertTrue(rees.isHeader("event_time,event_type,product_id,category_id,category_code"));
        Event e =
                rees.parse(
                                "2019-10-01 00:00:00 UTC,cart,3900821,2053013552326770905,"
                                        + "appliances.environment.water_heater,aqua,33.20,"
                                        + "554748717,9333dfbd-b87a-4708-9857-6336556b0fcc")
                        .event();
        assertEquals(Instant.parse("2019-10-01T00:00:00Z").toEpochMilli(), e.ts);
        assertEquals(EventType.ADD_TO_CART, e.type);
        assertEquals("554748717", e.visitorId);
        assertEquals("554748717", e.customerId);
        assertEquals("appliances.environment.water_heater", e.category);
        assertEquals(33.20, e.price);
        EventParser.Result bad = rees.parse("2019-10-01 00:00:00 UTC,wishlist,1,2,,b,1.0,7,s");
        assertEquals("unknown event_type 'wishlist'", bad.reason());
    }

    private void assertReason(String text, String field, String reasonPart) {
        EventParser.Result r = canonical.parse(text);
        assertNull(r.event(), text);
        assertEquals(field, r.field(), text);
        assertTrue(r.reason().contains(reasonPart), r.reason());
    }
}
