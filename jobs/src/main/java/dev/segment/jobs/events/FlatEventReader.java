package dev.segment.jobs.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common shape of a canonical event straight from its UTF-8 bytes: one flat JSON object
 * whose names and string values are ASCII without control characters or escapes, whose numbers are
 * plain decimals of at most 15 digits without an exponent, and whose other values are true, false
 * or null, each in a field that takes it. For anything else it answers null and {@link EventParser}
 * reads the record with Jackson; so what is accepted, the event, and the reason for a rejection are
 * Jackson's whatever the record holds. Not thread-safe; one per parser.
 *
 * <p>One difference stays: Jackson refuses a record whose field names, with those of the records
 * before it, overflow its shared table of names by hash collisions (a crafted attack on a seeded
 * hash, and an answer that depends on earlier records); this reader never builds that table.
 *
 * <p>Why: Jackson's streaming parser made several objects per record and decoded every string to
 * chars that the String then narrowed back to bytes; that was about a tenth of the stream job's CPU
 * and of its allocation.
 */
final class FlatEventReader {

    // field numbers, in the order of NAMES
    private static final int VISITOR_ID = 0;
    private static final int EVENT_TYPE = 1;
    private static final int TS = 2;
    private static final int CONSENT = 3;
    private static final int PRICE = 4;
    private static final int AMOUNT = 5;
    private static final int EVENT_ID = 6;
    private static final int CUSTOMER_ID = 7;
    private static final int SESSION_ID = 8;
    private static final int PAGE = 9;
    private static final int PRODUCT_ID = 10;
    private static final int CATEGORY = 11;
    private static final int ORDER_ID = 12;
    private static final int DEVICE = 13;
    private static final int REFERRER = 14;
    private static final int COUNTRY = 15;
    private static final int UNKNOWN = -1;

    private static final byte[][] NAMES = {
        ascii("visitor_id"),
        ascii("event_type"),
        ascii("ts"),
        ascii("consent"),
        ascii("price"),
        ascii("amount"),
        ascii("event_id"),
        ascii("customer_id"),
        ascii("session_id"),
        ascii("page"),
        ascii("product_id"),
        ascii("category"),
        ascii("order_id"),
        ascii("device"),
        ascii("referrer"),
        ascii("country"),
    };

    /**
     * Longer records go to Jackson, whose read limits (a name of 50,000 characters, a string of
     * 20M) this reader does not repeat; an event is a few hundred bytes.
     */
    static final int MAX_BYTES = 16 * 1024;

    /** Powers of ten a double holds exactly (up to 10^22; 15 digits need no more). */
    private static final double[] POW10 = new double[16];

    static {
        double p = 1;
        for (int k = 0; k < POW10.length; k++) {
            POW10[k] = p;
            p *= 10;
        }
    }

    // the kinds of value
    private static final int STRING = 0;
    private static final int NUMBER = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int NULL = 4;

    private byte[] b;
    private int pos;

    // the value just read: its kind, and for a string its bounds, for a number its value
    private int kind;
    private int start;
    private int end;
    private double number;

    /**
     * The event in {@code bytes} checked as {@link EventParser} checks it, or null when the record
     * is not in the common shape (including every record that is not JSON).
     */
    EventParser.Result read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return null;
        }
        b = bytes;
        pos = 0;
        try {
            return object();
        } finally {
            b = null;
        }
    }

    private EventParser.Result object() {
        if (!skipWhitespace() || b[pos] != '{') {
            return null;
        }
        pos++;
        Event e = new Event();
        String type = null;
        String ts = null;
        if (!skipWhitespace()) {
            return null;
        }
        if (b[pos] == '}') {
            pos++;
        } else {
            while (true) {
                if (b[pos] != '"' || !string()) {
                    return null;
                }
                int field = field(start, end);
                if (!skipWhitespace() || b[pos] != ':') {
                    return null;
                }
                pos++;
                if (!skipWhitespace() || !value() || !fits(field)) {
                    return null;
                }
                switch (field) {
                    case VISITOR_ID -> e.visitorId = text();
                    case EVENT_TYPE -> type = text();
                    case TS -> ts = text();
                    case CONSENT ->
                            e.consent =
                                    kind == TRUE
                                            ? Boolean.TRUE
                                            : kind == FALSE ? Boolean.FALSE : null;
                    case PRICE -> e.price = kind == NUMBER ? Double.valueOf(number) : null;
                    case AMOUNT -> e.amount = kind == NUMBER ? Double.valueOf(number) : null;
                    case EVENT_ID -> e.eventId = text();
                    case CUSTOMER_ID -> e.customerId = EventParser.blankToNull(text());
                    case SESSION_ID -> e.sessionId = text();
                    case PAGE -> e.page = text();
                    case PRODUCT_ID -> e.productId = text();
                    case CATEGORY -> e.category = text();
                    case ORDER_ID -> e.orderId = text();
                    case DEVICE -> e.device = text();
                    case REFERRER -> e.referrer = text();
                    case COUNTRY -> e.country = text();
                    default -> {} // unknown fields are ignored
                }
                if (!skipWhitespace()) {
                    return null;
                }
                if (b[pos] == ',') {
                    pos++;
                    if (!skipWhitespace()) {
                        return null;
                    }
                } else if (b[pos] == '}') {
                    pos++;
                    break;
                } else {
                    return null;
                }
            }
        }
        // Jackson reads the first value only; trailing text is left to it to judge
        if (skipWhitespace()) {
            return null;
        }
        return EventParser.checked(e, type, ts, null, null, null);
    }

    /**
     * Whether the value just read is one the field takes without a rejection or a conversion
     * (Jackson's path writes numbers and booleans in a text field as text, and says why a wrong
     * consent, price or amount is wrong).
     */
    private boolean fits(int field) {
        return switch (field) {
            case UNKNOWN -> true;
            case CONSENT -> kind == TRUE || kind == FALSE || kind == NULL;
            case PRICE, AMOUNT -> kind == NUMBER || kind == NULL;
            default -> kind == STRING || kind == NULL;
        };
    }

    private String text() {
        return kind == STRING
                ? new String(b, start, end - start, StandardCharsets.ISO_8859_1)
                : null;
    }

    /** The field number of the name between {@code from} and {@code to}, or {@link #UNKNOWN}. */
    private int field(int from, int to) {
        int len = to - from;
        for (int f = 0; f < NAMES.length; f++) {
            byte[] name = NAMES[f];
            if (name.length == len && Arrays.equals(b, from, to, name, 0, len)) {
                return f;
            }
        }
        return UNKNOWN;
    }

    /** Moves past whitespace; false at the end of the bytes. */
    private boolean skipWhitespace() {
        while (pos < b.length) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return true;
            }
            pos++;
        }
        return false;
    }

    /**
     * A string at {@code pos} (its quote) of ASCII without control characters (DEL, which JSON
     * allows, is taken) or escapes: bounds into {@link #start} and {@link #end}. False for anything
     * else (escapes, control or non-ASCII bytes, no closing quote).
     */
    private boolean string() {
        int i = pos + 1;
        int from = i;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                start = from;
                end = i;
                pos = i + 1;
                kind = STRING;
                return true;
            }
            if (c < 0x20 || c == '\\') { // a negative byte is not ASCII
                return false;
            }
            i++;
        }
        return false;
    }

    private boolean value() {
        byte c = b[pos];
        if (c == '"') {
            return string();
        }
        if (c == 'n') {
            kind = NULL;
            return literal("null");
        }
        if (c == 't') {
            kind = TRUE;
            return literal("true");
        }
        if (c == 'f') {
            kind = FALSE;
            return literal("false");
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        return false; // objects, arrays and everything that is not JSON
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > b.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[pos + k] != word.charAt(k)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /**
     * A JSON number without an exponent and with at most 15 digits, as the exact quotient of its
     * digits and a power of ten: both are exact doubles, so the division rounds once, to the double
     * nearest the decimal, as {@link Double#parseDouble} does.
     */
    private boolean number() {
        int i = pos;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        if (i >= b.length || !isDigit(b[i])) {
            return false;
        }
        if (b[i] == '0') {
            i++;
            count++;
            if (i < b.length && isDigit(b[i])) {
                return false; // a leading zero is not JSON
            }
        } else {
            while (i < b.length && isDigit(b[i])) {
                digits = digits * 10 + (b[i++] - '0');
                count++;
            }
        }
        int fraction = 0;
        if (i < b.length && b[i] == '.') {
            i++;
            if (i >= b.length || !isDigit(b[i])) {
                return false;
            }
            while (i < b.length && isDigit(b[i])) {
                digits = digits * 10 + (b[i++] - '0');
                count++;
                fraction++;
            }
        }
        if (count > 15 || (i < b.length && (b[i] == 'e' || b[i] == 'E'))) {
            return false;
        }
        if (negative && digits == 0) {
            return false; // Jackson reads "-0" as 0 and "-0.0" as -0.0: left to it
        }
        double v = digits / POW10[fraction];
        number = negative ? -v : v;
        kind = NUMBER;
        pos = i;
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
