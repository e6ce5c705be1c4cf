package dev.segment.common.io;

import dev.segment.common.model.Channel;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns text lines of one input file into {@link Transaction}s or {@link DeadLetter}s.
 *
 * <p>Create one per file with {@link #forFile}; feed it the file's lines in order with {@link
 * #accept}. The first line is the header (canonical format) or an optional header (cdnow: skipped
 * when its date field is not numeric). Blank lines are skipped and not counted. A missing or empty
 * order id means one order per row: the order id becomes {@code <file name>#<line>}. Not
 * thread-safe.
 */
public final class TransactionCsvParser {

    /** Receives what a line turned into. */
    public interface Output {
        void accepted(Transaction t);

        void rejected(DeadLetter d);
    }

    private final CsvLayout layout;
    private final String path;
    private final String fileName;
    private final TimestampParser timestamps;
    private final String[] fields = new String[64];
    // offsets of unquoted, trimmed canonical fields in the current line (-1: use fields[i])
    private final int[] fStart = new int[65];
    private final int[] fEnd = new int[65];
    private CharSequence current;
    // set by splitDelimited: a quoted field left open, or text after a closing quote
    private String quoteProblem;
    private String quoteField;

    // canonical column positions, -1 when absent
    private int customer = -1;
    private int order = -1;
    private int timestamp = -1;
    private int amount = -1;
    private int quantity = -1;
    private int currency = -1;
    private int channel = -1;
    private int product = -1;
    private int category = -1;
    private int consent = -1;
    private int columnCount;
    private boolean headerSeen;
    private boolean firstLineIsHeader;

    private long rowsRead;

    private TransactionCsvParser(CsvLayout layout, String path) {
        this.layout = layout;
        this.path = path;
        int slash = path.lastIndexOf('/');
        this.fileName = slash >= 0 ? path.substring(slash + 1) : path;
        this.timestamps =
                new TimestampParser(
                        layout.format() == CsvLayout.Format.CDNOW && layout.dateFormat() == null
                                ? "yyyyMMdd"
                                : layout.dateFormat(),
                        layout.zone());
        if (layout.format() == CsvLayout.Format.CDNOW) {
            customer = 0;
            timestamp = 1;
            quantity = 2;
            amount = 3;
            columnCount = 4;
        }
    }

    /** A parser for the lines of one file. */
    public static TransactionCsvParser forFile(CsvLayout layout, String path) {
        return new TransactionCsvParser(layout, path);
    }

    /** Data rows seen so far (not counting the header and blank lines). */
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * Learns the file's header from its first line when this parser reads a later part of the file
     * (the line itself belongs to another reader and is not parsed as data here).
     */
    public void acceptHeaderContext(String firstLine) {
        if (headerSeen) {
            return;
        }
        headerSeen = true;
        String line =
                !firstLine.isEmpty() && firstLine.charAt(0) == '\uFEFF'
                        ? firstLine.substring(1)
                        : firstLine;
        if (layout.format() == CsvLayout.Format.CANONICAL) {
            readHeader(line);
            firstLineIsHeader = true;
        } else {
            firstLineIsHeader = isCdnowHeader(line);
        }
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException when the header lacks a required column: a configuration
     *     error, not a bad row, so the run stops with a message naming the file and the column
     */
    public void accept(long lineNumber, String line, Output out) {
        accept(lineNumber, line, null, out);
    }

    /**
     * Parses one record whose bytes were not valid in the input encoding when {@code encodingError}
     * is not null: such a record is a dead letter with that reason (never a value read from
     * replacement characters).
     */
    public void accept(long lineNumber, String line, String encodingError, Output out) {
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        if (line.isBlank()) {
            return;
        }
        if (lineNumber == 1 && headerSeen) {
            // this parser learnt line 1 as header context from a later split of the file
            if (firstLineIsHeader) {
                return;
            }
        } else if (!headerSeen) {
            headerSeen = true;
            if (layout.format() == CsvLayout.Format.CANONICAL) {
                readHeader(line);
                return;
            }
            if (isCdnowHeader(line)) {
                return; // CDNOW header line: "customer_id date number_of_cds dollar_value"
            }
        }
        rowsRead++;
        if (encodingError != null) {
            out.rejected(reject(lineNumber, null, encodingError, line));
            return;
        }
        int n =
                layout.format() == CsvLayout.Format.CDNOW
                        ? splitWhitespace(line)
                        : splitDelimited(line, layout.delimiter());
        if (quoteProblem != null) {
            out.rejected(reject(lineNumber, quoteField, quoteProblem, line));
            return;
        }
        if (n != columnCount) {
            out.rejected(
                    reject(
                            lineNumber,
                            null,
                            "expected " + columnCount + " fields but found " + n,
                            line));
            return;
        }
        String customerId = trimmed(field(customer));
        if (customerId.isEmpty()) {
            out.rejected(reject(lineNumber, "customer_id", "customer_id is empty", line));
            return;
        }
        if (layout.format() == CsvLayout.Format.CDNOW) {
            customerId = stripLeadingZeros(customerId);
        }
        int tsState =
                fStart[timestamp] >= 0
                        ? timestamps.parseRange(line, fStart[timestamp], fEnd[timestamp])
                        : TimestampParser.UNHANDLED;
        String ts = tsState == TimestampParser.OK ? null : trimmed(field(timestamp));
        if (tsState == TimestampParser.INVALID
                || (tsState == TimestampParser.UNHANDLED && !timestamps.parse(ts))) {
            out.rejected(
                    reject(
                            lineNumber,
                            "timestamp",
                            "timestamp '"
                                    + ts
                                    + "' is not a valid "
                                    + (layout.format() == CsvLayout.Format.CDNOW
                                                    || layout.dateFormat() != null
                                            ? "date of pattern "
                                                    + (layout.dateFormat() == null
                                                            ? "yyyyMMdd"
                                                            : layout.dateFormat())
                                            : "ISO-8601 date or date-time"),
                            line));
            return;
        }
        double value =
                fStart[amount] >= 0 ? decimal(line, fStart[amount], fEnd[amount]) : Double.NaN;
        String amountText = null;
        try {
            if (Double.isNaN(value)) {
                amountText = trimmed(field(amount));
                value = Double.parseDouble(amountText);
            }
        } catch (NumberFormatException e) {
            out.rejected(
                    reject(
                            lineNumber,
                            "amount",
                            "amount '" + amountText + "' is not a number",
                            line));
            return;
        }
        if (!Double.isFinite(value)) {
            out.rejected(
                    reject(
                            lineNumber,
                            "amount",
                            "amount '" + amountText + "' is not finite",
                            line));
            return;
        }
        if (Math.abs(value) > Transaction.MAX_ABS_AMOUNT) {
            out.rejected(
                    reject(
                            lineNumber,
                            "amount",
                            "amount '"
                                    + trimmed(field(amount))
                                    + "' is outside the supported range of ±1,000,000,000",
                            line));
            return;
        }
        int qty = 1;
        if (quantity >= 0) {
            String q = trimmed(field(quantity));
            if (!q.isEmpty()) {
                try {
                    qty = Integer.parseInt(q);
                } catch (NumberFormatException e) {
                    out.rejected(
                            reject(
                                    lineNumber,
                                    "quantity",
                                    "quantity '" + q + "' is not an integer",
                                    line));
                    return;
                }
            }
        }
        Channel ch = Channel.UNKNOWN;
        if (channel >= 0) {
            try {
                ch = Channel.parse(field(channel));
            } catch (IllegalArgumentException e) {
                out.rejected(reject(lineNumber, "channel", e.getMessage(), line));
                return;
            }
        }
        Boolean stated = null;
        if (consent >= 0) {
            try {
                stated = Transaction.parseConsent(field(consent));
            } catch (IllegalArgumentException e) {
                out.rejected(reject(lineNumber, "consent", e.getMessage(), line));
                return;
            }
        }
        String orderId = order >= 0 ? trimmed(field(order)) : "";
        boolean orderGiven = !orderId.isEmpty();
        if (!orderGiven) {
            orderId = fileName + "#" + lineNumber;
        }
        boolean cancellation = cancellation(orderId, 0, orderId.length());
        if (cancellation || value < 0) {
            if (layout.returns() == ReturnsPolicy.EXCLUDE) {
                out.rejected(reject(lineNumber, "amount", ReturnsPolicy.EXCLUDED_REASON, line));
                return;
            }
            if (cancellation && value > 0) {
                value = -value;
            }
        }
        Transaction t = new Transaction();
        t.customerId = customerId;
        t.orderId = orderId;
        t.timestampMillis = timestamps.millis;
        t.purchaseDay = timestamps.day;
        t.amount = value;
        t.quantity = qty;
        t.currency = currency >= 0 ? emptyToNull(field(currency)) : null;
        t.channel = ch;
        t.productId = product >= 0 ? emptyToNull(field(product)) : null;
        t.category = category >= 0 ? emptyToNull(field(category)) : null;
        t.consent = stated;
        t.orderGiven = orderGiven;
        t.sourcePath = path;
        t.sourceLine = lineNumber;
        t.sourceText = line;
        out.accepted(t);
    }

    /**
     * Reads a plain data row of a canonical file into {@code row} without creating objects, and
     * counts it; returns false, having counted nothing, for anything else: the header, a blank
     * line, quoted fields, a wrong field count, a value shape the general path reads by other means
     * (another timestamp shape, an exponent, a signed quantity, spaces in a channel), a missing
     * order id and every row the general path would reject. The caller then gives the record to
     * {@link #accept} as text, which decides and explains it: this path never rejects anything, so
     * every dead letter and every accepted value is the general path's.
     */
    public boolean acceptPlain(long lineNumber, AsciiChars line, PlainRow row) {
        if (layout.format() != CsvLayout.Format.CANONICAL || !headerSeen || lineNumber == 1) {
            return false;
        }
        int n = splitDelimited(line, layout.delimiter());
        if (quoteProblem != null || n != columnCount) {
            return false;
        }
        // a quoted field (fStart -1) takes the general path, which unescapes it
        if (fStart[customer] < 0 || fStart[customer] == fEnd[customer]) {
            return false;
        }
        if (fStart[timestamp] < 0
                || timestamps.parseRange(line, fStart[timestamp], fEnd[timestamp])
                        != TimestampParser.OK) {
            return false;
        }
        if (fStart[amount] < 0) {
            return false;
        }
        double value = decimal(line, fStart[amount], fEnd[amount]);
        if (Double.isNaN(value) || Math.abs(value) > Transaction.MAX_ABS_AMOUNT) {
            return false;
        }
        int qty = 1;
        if (quantity >= 0) {
            qty = plainInt(line, quantity);
            if (qty < 0) {
                return false;
            }
        }
        Channel ch = Channel.UNKNOWN;
        if (channel >= 0) {
            ch = plainChannel(line);
            if (ch == null) {
                return false;
            }
        }
        Boolean stated = null;
        if (consent >= 0) {
            if (fStart[consent] < 0) {
                return false;
            }
            if (fStart[consent] < fEnd[consent]) {
                stated = plainConsent(line);
                if (stated == null) {
                    return false;
                }
            }
        }
        if (order < 0 || fStart[order] < 0 || fStart[order] == fEnd[order]) {
            return false; // the general path names the synthetic order after file and line
        }
        int o = fStart[order];
        boolean cancellation = cancellation(line, o, fEnd[order]);
        if (cancellation || value < 0) {
            if (layout.returns() == ReturnsPolicy.EXCLUDE) {
                return false;
            }
            if (cancellation && value > 0) {
                value = -value;
            }
        }
        if (!plainRange(currency) || !plainRange(product) || !plainRange(category)) {
            return false;
        }
        rowsRead++;
        row.line = line;
        row.path = path;
        row.lineNumber = lineNumber;
        row.customerFrom = fStart[customer];
        row.customerTo = fEnd[customer];
        row.orderFrom = o;
        row.orderTo = fEnd[order];
        row.millis = timestamps.millis;
        row.day = timestamps.day;
        row.amount = value;
        row.quantity = qty;
        row.channel = ch;
        row.consent = stated;
        row.currencyFrom = rangeStart(currency);
        row.currencyTo = currency >= 0 ? fEnd[currency] : 0;
        row.productFrom = rangeStart(product);
        row.productTo = product >= 0 ? fEnd[product] : 0;
        row.categoryFrom = rangeStart(category);
        row.categoryTo = category >= 0 ? fEnd[category] : 0;
        return true;
    }

    // an optional text column read in place: absent, or unquoted
    private boolean plainRange(int column) {
        return column < 0 || fStart[column] >= 0;
    }

    // start of an optional column's trimmed text, -1 when absent or empty (null)
    private int rangeStart(int column) {
        return column < 0 || fStart[column] == fEnd[column] ? -1 : fStart[column];
    }

    // an unsigned quantity of at most 9 digits, 1 when empty; -1: leave it to the general path
    private int plainInt(CharSequence line, int column) {
        int a = fStart[column];
        int b = fEnd[column];
        if (a < 0 || b - a > 9) {
            return -1;
        }
        if (a == b) {
            return 1;
        }
        int v = 0;
        for (int i = a; i < b; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // the last channel and consent texts read, with their values: a column holds few distinct
    // values, so they are read once, not once per row
    // an order id like C123: a cancelled order, whose amount counts negative
    private static boolean cancellation(CharSequence orderId, int from, int to) {
        return to - from > 1
                && (orderId.charAt(from) == 'C' || orderId.charAt(from) == 'c')
                && Character.isDigit(orderId.charAt(from + 1));
    }

    /**
     * The last text of a column read in place and its value: a column holds few distinct values, so
     * each is parsed once, not once per row.
     */
    private static final class LastValue<T> {
        private final java.util.function.Function<String, T> parse;
        private String text;
        private T value;

        LastValue(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        /** The value of {@code line[a, b)}; null when the parser refuses it. */
        T of(CharSequence line, int a, int b) {
            if (!same(line, a, b, text)) {
                String t = line.subSequence(a, b).toString();
                try {
                    value = parse.apply(t);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                text = t;
            }
            return value;
        }
    }

    private final LastValue<Channel> lastChannel = new LastValue<>(Channel::parse);
    private final LastValue<Boolean> lastConsent = new LastValue<>(Transaction::parseConsent);

    // null: leave it to the general path
    private Channel plainChannel(CharSequence line) {
        int a = fStart[channel];
        int b = fEnd[channel];
        if (a < 0) {
            return null;
        }
        return a == b ? Channel.UNKNOWN : lastChannel.of(line, a, b);
    }

    // null: leave it to the general path (the caller has checked the field is not empty)
    private Boolean plainConsent(CharSequence line) {
        return lastConsent.of(line, fStart[consent], fEnd[consent]);
    }

    private static boolean same(CharSequence line, int a, int b, String text) {
        if (text == null || text.length() != b - a) {
            return false;
        }
        for (int i = a; i < b; i++) {
            if (line.charAt(i) != text.charAt(i - a)) {
                return false;
            }
        }
        return true;
    }

    private void readHeader(String line) {
        int n = splitDelimited(line, layout.delimiter());
        Map<String, Integer> byName = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = trimmed(field(i));
            byName.put(name.toLowerCase(Locale.ROOT), i);
            names.add(name);
        }
        columnCount = n;
        headerNames = names.toArray(new String[0]);
        customer = required(byName, "customer_id", names);
        timestamp = required(byName, "timestamp", names);
        amount = required(byName, "amount", names);
        order = optional(byName, "order_id");
        quantity = optional(byName, "quantity");
        currency = optional(byName, "currency");
        channel = optional(byName, "channel");
        product = optional(byName, "product_id");
        category = optional(byName, "category");
        consent = optional(byName, "consent");
    }

    private int required(Map<String, Integer> byName, String field, List<String> names) {
        int i = optional(byName, field);
        if (i < 0) {
            String header = layout.headerFor(field);
            throw new IllegalArgumentException(
                    path
                            + ": header has no column '"
                            + header
                            + "' for "
                            + field
                            + " (header: "
                            + String.join(",", names)
                            + "); map it with --columns "
                            + field
                            + "=<header name>, or use --format cdnow");
        }
        return i;
    }

    private int optional(Map<String, Integer> byName, String field) {
        Integer i = byName.get(layout.headerFor(field).toLowerCase(Locale.ROOT));
        return i == null ? -1 : i;
    }

    private DeadLetter reject(long lineNumber, String field, String reason, String line) {
        return new DeadLetter(path, lineNumber, field, reason, line);
    }

    /**
     * Splits a delimited line with RFC 4180 quotes; returns the field count. Unquoted fields are
     * kept as trimmed offsets into the line (no substring until a field is asked for); quoted ones
     * are unescaped into {@link #fields}.
     */
    private int splitDelimited(CharSequence line, char delimiter) {
        current = line;
        quoteProblem = null;
        quoteField = null;
        int n = 0;
        int len = line.length();
        int i = 0;
        while (true) {
            if (n == fields.length) {
                return n + 1; // too many fields; the caller reports the count mismatch
            }
            if (i < len && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int open = i;
                boolean closed = false;
                i++;
                while (i < len) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < len && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        sb.append(c);
                        i++;
                    }
                }
                if (!closed && quoteProblem == null) {
                    quoteProblem =
                            "unterminated quoted field (the quote at character "
                                    + (open + 1)
                                    + " is never closed)";
                    quoteField = headerName(n);
                }
                // text between the closing quote and the delimiter is not RFC 4180: reject
                int after = i;
                while (i < len && line.charAt(i) != delimiter) {
                    i++;
                }
                if (i > after
                        && quoteProblem == null
                        && !line.subSequence(after, i).toString().isBlank()) {
                    quoteProblem =
                            "text after the closing quote of a quoted field at character "
                                    + (open + 1);
                    quoteField = headerName(n);
                }
                fields[n] = sb.toString();
                fStart[n++] = -1;
            } else {
                int end = i;
                while (end < len && line.charAt(end) != delimiter) {
                    end++;
                }
                int a = i;
                int b = end;
                while (a < b && line.charAt(a) <= ' ') {
                    a++;
                }
                while (b > a && line.charAt(b - 1) <= ' ') {
                    b--;
                }
                fStart[n] = a;
                fEnd[n++] = b;
                i = end;
            }
            if (i >= len) {
                return n;
            }
            i++; // past the delimiter
        }
    }

    private String[] headerNames;

    private String headerName(int i) {
        return headerNames != null && i < headerNames.length ? headerNames[i] : null;
    }

    /** Field {@code i} of the current line as a string. */
    private String field(int i) {
        return fStart[i] >= 0 ? current.subSequence(fStart[i], fEnd[i]).toString() : fields[i];
    }

    /**
     * A plain decimal ({@code -12.34}, at most 15 digits) from {@code line[from, to)}, exactly as
     * Double.parseDouble would give it (an exact mantissa divided by an exact power of ten is
     * correctly rounded); NaN for anything else, which then takes the general path.
     */
    private static double decimal(CharSequence line, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && (line.charAt(i) == '-' || line.charAt(i) == '+')) {
            neg = line.charAt(i) == '-';
            i++;
        }
        if (i >= to) {
            return Double.NaN;
        }
        long mantissa = 0;
        int digits = 0;
        int frac = -1;
        for (; i < to; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (frac >= 0) {
                    frac++;
                }
            } else if (c == '.' && frac < 0) {
                frac = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double v = frac > 0 ? mantissa / POW10[frac] : mantissa;
        return neg ? -v : v;
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16
    };

    /** Splits on runs of whitespace (CDNOW), ignoring leading/trailing blanks and CR. */
    private int splitWhitespace(String line) {
        int n = 0;
        int len = line.length();
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (n == fields.length) {
                return n + 1;
            }
            fStart[n] = -1;
            fields[n++] = line.substring(start, i);
        }
        return n;
    }

    private boolean isCdnowHeader(String line) {
        int n = splitWhitespace(line);
        return n >= 2 && !startsWithDigit(fields[1]);
    }

    private static boolean startsWithDigit(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0));
    }

    private static String trimmed(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) <= ' ') {
            a++;
        }
        while (b > a && s.charAt(b - 1) <= ' ') {
            b--;
        }
        return a == 0 && b == s.length() ? s : s.substring(a, b);
    }

    private static String emptyToNull(String s) {
        String t = trimmed(s);
        return t.isEmpty() ? null : t;
    }

    private static String stripLeadingZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return i == 0 ? s : s.substring(i);
    }
}
