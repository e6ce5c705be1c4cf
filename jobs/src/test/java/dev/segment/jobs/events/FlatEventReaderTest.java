package dev.segment.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcut reader against Jackson's path: whatever it accepts must come out exactly as Jackson
 * reads it (the event field by field, or the same rejection), and it must take the common shape.
 */
class FlatEventReaderTest {

    private final EventParser parser = new EventParser(EventFormat.CANONICAL);
    private final FlatEventReader flat = new FlatEventReader();

    private static final String GENERATED =
            "{\"event_id\":\"E2\",\"visitor_id\":\"V0000001\",\"customer_id\":\"C0000001\","
                    + "\"ts\":\"2023-01-01T00:09:29Z\",\"session_id\":\"S1\","
                    + "\"event_type\":\"purchase\",\"page\":\"/electronics\",\"product_id\":null,"
                    + "\"category\":\"electronics\",\"price\":19.99,\"amount\":39.98,"
                    + "\"order_id\":\"O7\",\"device\":\"mobile\",\"referrer\":\"ads\","
                    + "\"country\":\"DE\",\"consent\":false}";

    @Test
    void theGeneratorsShapeIsReadByTheShortcutAsJacksonReadsIt() {
        byte[] bytes = GENERATED.getBytes(StandardCharsets.UTF_8);
        EventParser.Result fast = flat.read(bytes);
        assertNotNull(fast, "the common shape must not fall back");
        assertSame(parser.jackson(bytes), fast, GENERATED);
        assertEquals(39.98, fast.event().amount);
        assertEquals("O7", fast.event().orderId);
        assertNull(fast.event().productId);
    }

    @Test
    void whatTheShortcutCannotReadFallsBack() {
        String[] others = {
            "{\"visitor_id\":\"V\\u00e9\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\"}",
            "{\"visitor_id\":\"V\u00e9\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\"}",
            "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"x\":[1]}",
            "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"price\":1e3}",
            "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"price\":-0}",
            "{\"visitor_id\":7,\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\"}",
            "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\"consent\":\"no\"}",
            "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",}",
            "{\"visitor_id\":\"V\"} trailing",
            "[]",
            "",
        };
        for (String text : others) {
            assertNull(flat.read(text.getBytes(StandardCharsets.UTF_8)), text);
        }
        String longName =
                "{\"visitor_id\":\"V\",\"ts\":\"2024-05-04T10:15:30Z\",\"event_type\":\"search\",\""
                        + "x".repeat(FlatEventReader.MAX_BYTES)
                        + "\":1}";
        assertNull(flat.read(longName.getBytes(StandardCharsets.UTF_8)), "Jackson's limits");
    }

    @Test
    void randomRecordsAreReadAsJacksonReadsThem() {
        Random random = new Random(20261125);
        int fast = 0;
        int rejectedFast = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = record(random).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(8) == 0) {
                bytes = mutated(bytes, random);
            }
            EventParser.Result shortcut = flat.read(bytes);
            if (shortcut == null) {
                continue;
            }
            fast++;
            if (shortcut.event() == null) {
                rejectedFast++;
            }
            assertSame(parser.jackson(bytes), shortcut, new String(bytes, StandardCharsets.UTF_8));
        }
        // the test means something only if the shortcut took many records of both outcomes
        assertTrue(fast > 50_000, "records the shortcut read: " + fast);
        assertTrue(rejectedFast > 5_000, "records the shortcut rejected: " + rejectedFast);
    }

    private static void assertSame(EventParser.Result want, EventParser.Result got, String text) {
        assertEquals(want.reason(), got.reason(), text);
        assertEquals(want.field(), got.field(), text);
        assertEquals(want.event() == null, got.event() == null, text);
        if (want.event() != null) {
            assertEquals(fields(want.event()), fields(got.event()), text);
        }
    }

    /** Every field, doubles by their bits (so -0.0 and 0.0 differ). */
    private static List<Object> fields(Event e) {
        List<Object> f = new ArrayList<>();
        f.add(e.eventId);
        f.add(e.ts);
        f.add(e.type);
        f.add(e.visitorId);
        f.add(e.customerId);
        f.add(e.sessionId);
        f.add(e.page);
        f.add(e.productId);
        f.add(e.category);
        f.add(e.price == null ? null : Double.doubleToRawLongBits(e.price));
        f.add(e.orderId);
        f.add(e.amount == null ? null : Double.doubleToRawLongBits(e.amount));
        f.add(e.device);
        f.add(e.referrer);
        f.add(e.country);
        f.add(e.consent);
        return f;
    }

    private static final String[] NAMES = {
        "visitor_id",
        "event_type",
        "ts",
        "consent",
        "price",
        "amount",
        "event_id",
        "customer_id",
        "session_id",
        "page",
        "product_id",
        "category",
        "order_id",
        "device",
        "referrer",
        "country",
        "extra",
        "visitor_idx",
        "Ts",
        ""
    };

    private static final String[] TYPES = {
        "page_view", "purchase", "consent", "login", "search", "bogus", "", "PURCHASE"
    };

    private static final String[] TIMES = {
        "2024-05-04T10:15:30Z",
        "2024-05-04T10:15:30.123+02:00",
        "2024-05-04T10:15:30.5-03:30",
        "2024-02-30T10:15:30Z",
        "1999-12-31T23:59:59Z",
        "2024-05-04 10:15:30Z",
        "2024-05-04T10:15:30",
        "not a time",
    };

    /** An object of random fields, values of every kind, in any order, some repeated. */
    private static String record(Random r) {
        StringBuilder s = new StringBuilder();
        s.append(space(r)).append('{');
        int fields = r.nextInt(12);
        boolean core = r.nextInt(4) != 0;
        List<String> names = new ArrayList<>();
        if (core) {
            names.add("visitor_id");
            names.add("event_type");
            names.add("ts");
        }
        for (int k = 0; k < fields; k++) {
            names.add(NAMES[r.nextInt(NAMES.length)]);
        }
        java.util.Collections.shuffle(names, r);
        for (int k = 0; k < names.size(); k++) {
            if (k > 0) {
                s.append(space(r)).append(',');
            }
            String name = names.get(k);
            s.append(space(r)).append('"').append(name).append('"').append(space(r)).append(':');
            s.append(space(r)).append(value(name, r));
        }
        s.append(space(r)).append('}').append(space(r));
        return s.toString();
    }

    private static String value(String name, Random r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return anyValue(r);
        }
        return switch (name) {
            case "event_type" -> quoted(TYPES[r.nextInt(TYPES.length)]);
            case "ts" -> quoted(TIMES[r.nextInt(TIMES.length)]);
            case "consent" -> r.nextBoolean() ? "true" : r.nextBoolean() ? "false" : "null";
            case "price", "amount" -> number(r);
            default -> r.nextInt(10) == 0 ? "null" : quoted(text(r));
        };
    }

    private static String anyValue(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "false";
            case 3 -> number(r);
            case 4 -> "{\"a\":[1,\"}\"]}";
            case 5 -> "[]";
            case 6 -> quoted("with \\\"escape\\\"");
            case 7 -> quoted("caf\u00e9");
            default -> quoted(text(r));
        };
    }

    private static String number(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> "0";
            case 1 -> "-0";
            case 2 -> "-0.0";
            case 3 -> "01";
            case 4 -> "1e3";
            case 5 -> "1.";
            case 6 -> ".5";
            case 7 -> Long.toString(r.nextLong() % 10_000_000_000_000_000L);
            case 8 -> "-" + r.nextInt(100000) + "." + r.nextInt(1000);
            case 9 -> r.nextInt(1000) + "." + String.format("%02d", r.nextInt(100));
            case 10 -> "0.000" + (1 + r.nextInt(999_999_999));
            case 11 -> fifteenDigits(r);
            default -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(12)));
        };
    }

    /**
     * Fifteen significant digits with the point anywhere, some starting "0.": where a single
     * rounding and a double rounding part most often.
     */
    private static String fifteenDigits(Random r) {
        StringBuilder d = new StringBuilder();
        d.append(1 + r.nextInt(9));
        for (int k = 1; k < 15; k++) {
            d.append(r.nextInt(10));
        }
        int point = r.nextInt(16);
        String n =
                point == 0
                        ? "0." + d.substring(0, 14)
                        : point == 15
                                ? d.toString()
                                : d.substring(0, point) + "." + d.substring(point);
        return (r.nextBoolean() ? "-" : "") + n;
    }

    private static String text(Random r) {
        int n = r.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            s.append((char) (r.nextInt(10) == 0 ? ' ' + r.nextInt(96) : 'a' + r.nextInt(26)));
        }
        String t = s.toString();
        // keep a stray quote or backslash from the alphabet out of the unescaped text
        return t.replace("\\", "/").replace("\"", "'");
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    private static String space(Random r) {
        return switch (r.nextInt(16)) {
            case 0 -> " ";
            case 1 -> "\n\t";
            case 2 -> "\r\n ";
            default -> "";
        };
    }

    /** A byte changed, removed or cut off: text that is often not JSON any more. */
    private static byte[] mutated(byte[] b, Random r) {
        if (b.length == 0) {
            return b;
        }
        int at = r.nextInt(b.length);
        return switch (r.nextInt(3)) {
            case 0 -> {
                byte[] c = b.clone();
                String marks = "{}[]:,\"\\ -.0e9tnx\u0001";
                c[at] = (byte) marks.charAt(r.nextInt(marks.length()));
                yield c;
            }
            case 1 -> {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                yield c;
            }
            default -> java.util.Arrays.copyOf(b, at);
        };
    }
}
