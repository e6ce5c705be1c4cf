package dev.segment.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Turns the text of one event (a JSON object, or a REES46 CSV line) into an {@link Event} or a
 * reason why it cannot be one. Not thread-safe; one per task.
 *
 * <p>Rejected: text that is not JSON (or not 9 CSV fields), a missing visitor_id, an unknown
 * event_type, a ts that is not an ISO-8601 instant with an offset or {@code Z}, a ts outside the
 * years 2000..2099 (impossible for a clickstream: a clock or unit error), a consent that is not
 * true/false, a price or amount that is not a number. Unknown extra fields are ignored.
 */
public final class EventParser {

    /** What one text turned into: {@link #event} or {@link #reason} (with the field). */
    public record Result(Event event, String field, String reason) {
        static Result ok(Event e) {
            return new Result(e, null, null);
        }

        static Result bad(String field, String reason) {
            return new Result(null, field, reason);
        }
    }

    static final long MIN_TS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final long MAX_TS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter REES46_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final EventFormat format;
    private final ObjectMapper json = new ObjectMapper();

    public EventParser(EventFormat format) {
        this.format = format;
    }

    /** True when {@code text} is the header line of the format (REES46's first line). */
    public boolean isHeader(String text) {
        return format == EventFormat.REES46 && text.startsWith("event_time,");
    }

    public Result parse(String text) {
        return format == EventFormat.REES46 ? rees46(text) : canonical(text);
    }

    private Result canonical(String text) {
        JsonNode n;
        try {
            n = json.readTree(text);
        } catch (Exception e) {
            return Result.bad(null, "not JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            return Result.bad(null, "not a JSON object");
        }
        Event e = new Event();
        e.visitorId = text(n, "visitor_id");
        if (e.visitorId == null || e.visitorId.isBlank()) {
            return Result.bad("visitor_id", "visitor_id is missing");
        }
        String type = text(n, "event_type");
        e.type = EventType.of(type);
        if (e.type == null) {
            return Result.bad("event_type", "unknown event_type '" + type + "'");
        }
        String ts = text(n, "ts");
        if (ts == null) {
            return Result.bad("ts", "ts is missing");
        }
        try {
            e.ts = OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        } catch (DateTimeParseException ex) {
            return Result.bad(
                    "ts", "ts '" + ts + "' is not an ISO-8601 date-time with an offset or Z");
        }
        if (e.ts < MIN_TS || e.ts >= MAX_TS) {
            return Result.bad("ts", "ts '" + ts + "' is outside the years 2000..2099");
        }
        JsonNode consent = n.get("consent");
        if (consent != null && !consent.isNull()) {
            if (!consent.isBoolean()) {
                return Result.bad("consent", "consent must be true or false but was " + consent);
            }
            e.consent = consent.booleanValue();
        }
        for (String f : new String[] {"price", "amount"}) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNull() && !v.isNumber()) {
                return Result.bad(f, f + " must be a number but was " + v);
            }
        }
        e.eventId = text(n, "event_id");
        e.customerId = blankToNull(text(n, "customer_id"));
        e.sessionId = text(n, "session_id");
        e.page = text(n, "page");
        e.productId = text(n, "product_id");
        e.category = text(n, "category");
        e.price = number(n, "price");
        e.orderId = text(n, "order_id");
        e.amount = number(n, "amount");
        e.device = text(n, "device");
        e.referrer = text(n, "referrer");
        e.country = text(n, "country");
        return Result.ok(e);
    }

    private Result rees46(String text) {
        List<String> f = dev.segment.common.io.CsvLines.split(text);
        if (f.size() != 9) {
            return Result.bad(null, "expected 9 fields but found " + f.size());
        }
        Event e = new Event();
        String time = f.get(0).trim();
        try {
            if (!time.endsWith(" UTC")) {
                throw new DateTimeParseException("no UTC suffix", time, 0);
            }
            e.ts =
                    LocalDateTime.parse(time.substring(0, time.length() - 4), REES46_TIME)
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
        } catch (DateTimeParseException ex) {
            return Result.bad(
                    "event_time", "event_time '" + time + "' is not 'yyyy-MM-dd HH:mm:ss UTC'");
        }
        if (e.ts < MIN_TS || e.ts >= MAX_TS) {
            return Result.bad("event_time", "event_time '" + time + "' is outside 2000..2099");
        }
        switch (f.get(1).trim()) {
            case "view" -> e.type = EventType.PRODUCT_VIEW;
            case "cart" -> e.type = EventType.ADD_TO_CART;
            case "remove_from_cart" -> e.type = EventType.REMOVE_FROM_CART;
            case "purchase" -> e.type = EventType.PURCHASE;
            default -> {
                return Result.bad("event_type", "unknown event_type '" + f.get(1) + "'");
            }
        }
        String user = f.get(7).trim();
        if (user.isEmpty()) {
            return Result.bad("user_id", "user_id is missing");
        }
        // REES46 user ids are account ids: the visitor is a known customer
        e.visitorId = user;
        e.customerId = user;
        e.sessionId = blankToNull(f.get(8).trim());
        e.productId = blankToNull(f.get(2).trim());
        String code = f.get(4).trim();
        e.category = code.isEmpty() ? blankToNull(f.get(3).trim()) : code;
        String price = f.get(6).trim();
        if (!price.isEmpty()) {
            try {
                e.price = Double.parseDouble(price);
            } catch (NumberFormatException ex) {
                return Result.bad("price", "price '" + price + "' is not a number");
            }
        }
        return Result.ok(e);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
