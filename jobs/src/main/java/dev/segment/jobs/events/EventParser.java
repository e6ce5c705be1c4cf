package dev.segment.jobs.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
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
    private final JsonFactory json = new JsonFactory();
    private final FlatEventReader flat = new FlatEventReader();

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

    /** The event in a record's bytes (UTF-8), read without making a String of the record. */
    public Result parse(byte[] utf8) {
        if (format == EventFormat.REES46) {
            return rees46(new String(utf8, StandardCharsets.UTF_8));
        }
        Result common = flat.read(utf8);
        return common != null ? common : jackson(utf8);
    }

    /** A canonical record read by Jackson whatever its shape (the reference for the shortcut). */
    Result jackson(byte[] utf8) {
        try {
            return canonical(json.createParser(utf8));
        } catch (IOException e) {
            return Result.bad(null, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    private Result canonical(String text) {
        try {
            return canonical(json.createParser(text));
        } catch (IOException e) {
            return Result.bad(null, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * One pass over the object's tokens, no tree: fields are taken as they come (a repeated field's
     * last value wins), nested values of unknown fields are skipped, and the checks run once the
     * object is complete, so text that is not JSON is reported as such whatever it holds.
     */
    private Result canonical(JsonParser p) throws IOException {
        try (p) {
            JsonToken first;
            try {
                first = p.nextToken();
            } catch (JsonProcessingException e) {
                return Result.bad(null, "not JSON: " + firstLine(e.getOriginalMessage()));
            }
            if (first != JsonToken.START_OBJECT) {
                if (first != null && first.isStructStart()) {
                    p.skipChildren();
                }
                return Result.bad(null, "not a JSON object");
            }
            Event e = new Event();
            String type = null;
            String ts = null;
            String consentBad = null;
            String priceBad = null;
            String amountBad = null;
            try {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "visitor_id" -> e.visitorId = text(p, t);
                        case "event_type" -> type = text(p, t);
                        case "ts" -> ts = text(p, t);
                        case "consent" -> {
                            e.consent =
                                    t == JsonToken.VALUE_TRUE
                                            ? Boolean.TRUE
                                            : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                            consentBad =
                                    e.consent != null || t == JsonToken.VALUE_NULL
                                            ? null
                                            : shown(p, t);
                        }
                        case "price" -> {
                            e.price = number(p, t);
                            priceBad =
                                    e.price != null || t == JsonToken.VALUE_NULL
                                            ? null
                                            : shown(p, t);
                        }
                        case "amount" -> {
                            e.amount = number(p, t);
                            amountBad =
                                    e.amount != null || t == JsonToken.VALUE_NULL
                                            ? null
                                            : shown(p, t);
                        }
                        case "event_id" -> e.eventId = text(p, t);
                        case "customer_id" -> e.customerId = blankToNull(text(p, t));
                        case "session_id" -> e.sessionId = text(p, t);
                        case "page" -> e.page = text(p, t);
                        case "product_id" -> e.productId = text(p, t);
                        case "category" -> e.category = text(p, t);
                        case "order_id" -> e.orderId = text(p, t);
                        case "device" -> e.device = text(p, t);
                        case "referrer" -> e.referrer = text(p, t);
                        case "country" -> e.country = text(p, t);
                        default -> p.skipChildren(); // unknown fields are ignored
                    }
                }
            } catch (JsonProcessingException ex) {
                return Result.bad(null, "not JSON: " + firstLine(ex.getOriginalMessage()));
            }
            return checked(e, type, ts, consentBad, priceBad, amountBad);
        }
    }

    /**
     * The checks of a canonical event once its object is read: the fields as read, and the values
     * shown for a consent, price or amount of the wrong kind (null when right).
     */
    static Result checked(
            Event e, String type, String ts, String consentBad, String priceBad, String amountBad) {
        if (e.visitorId == null || e.visitorId.isBlank()) {
            return Result.bad("visitor_id", "visitor_id is missing");
        }
        e.type = EventType.of(type);
        if (e.type == null) {
            return Result.bad("event_type", "unknown event_type '" + type + "'");
        }
        if (ts == null) {
            return Result.bad("ts", "ts is missing");
        }
        try {
            e.ts = IsoInstants.epochMillis(ts);
        } catch (DateTimeParseException ex) {
            return Result.bad(
                    "ts", "ts '" + ts + "' is not an ISO-8601 date-time with an offset or Z");
        }
        if (e.ts < MIN_TS || e.ts >= MAX_TS) {
            return Result.bad("ts", "ts '" + ts + "' is outside the years 2000..2099");
        }
        if (consentBad != null) {
            return Result.bad("consent", "consent must be true or false but was " + consentBad);
        }
        if (priceBad != null) {
            return Result.bad("price", "price must be a number but was " + priceBad);
        }
        if (amountBad != null) {
            return Result.bad("amount", "amount must be a number but was " + amountBad);
        }
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

    /**
     * A field's value as text: a string as it is, a number or boolean as JSON writes it (a decimal
     * as Java prints the double, as a JSON tree would), null for null, empty for an object or
     * array.
     */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
            default -> {
                p.skipChildren();
                yield "";
            }
        };
    }

    /** A number field's value; null for null and for a value that is not a number. */
    private static Double number(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            return p.getDoubleValue();
        }
        return null;
    }

    /** A value that is not what its field takes, for the reason (objects and arrays by kind). */
    private static String shown(JsonParser p, JsonToken t) throws IOException {
        if (t.isStructStart()) {
            p.skipChildren();
            return t == JsonToken.START_OBJECT ? "an object" : "an array";
        }
        return t == JsonToken.VALUE_STRING ? '"' + p.getText() + '"' : p.getText();
    }

    static String blankToNull(String s) {
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
