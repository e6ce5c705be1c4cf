package dev.segment.common.io;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How transaction CSV files are laid out. Immutable; {@link #validate()} names the offending
 * option.
 *
 * <ul>
 *   <li>{@code canonical} (default): header line with {@code customer_id, order_id, timestamp,
 *       amount} and optionally {@code quantity, currency, channel, product_id, category, consent},
 *       in any order; {@code columns} maps other header names onto these fields. {@code consent}
 *       states the customer's consent to the use of their data as of the row's timestamp.
 *   <li>{@code cdnow}: CDNOW_master.txt, {@code customer_id date number_of_cds dollar_value}
 *       separated by runs of whitespace, dates {@code yyyyMMdd}, optional header line.
 * </ul>
 */
public final class CsvLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Canonical field names. */
    public static final List<String> FIELDS =
            List.of(
                    "customer_id",
                    "order_id",
                    "timestamp",
                    "amount",
                    "quantity",
                    "currency",
                    "channel",
                    "product_id",
                    "category",
                    "consent");

    /** The CSV dialects we read. */
    public enum Format {
        CANONICAL,
        CDNOW;

        public static Format parse(String raw) {
            try {
                return valueOf(raw.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "--format must be canonical or cdnow but was '" + raw + "'");
            }
        }
    }

    private final Format format;
    private final Map<String, String> columns;
    private final String dateFormat;
    private final char delimiter;
    private final String zone;
    private final ReturnsPolicy returns;
    private final String encoding;
    private DuplicatePolicy duplicates = DuplicatePolicy.KEEP;

    private CsvLayout(
            Format format,
            Map<String, String> columns,
            String dateFormat,
            char delimiter,
            String zone,
            ReturnsPolicy returns,
            String encoding) {
        this.format = format;
        this.encoding = encoding;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.dateFormat = dateFormat;
        this.delimiter = delimiter;
        this.zone = zone;
        this.returns = returns;
    }

    /** Canonical header CSV, ISO-8601 timestamps, UTC, returns netted. */
    public static CsvLayout canonical() {
        return new CsvLayout(
                Format.CANONICAL, Map.of(), null, ',', "UTC", ReturnsPolicy.NET, "UTF-8");
    }

    /** CDNOW_master.txt layout. */
    public static CsvLayout cdnow() {
        return new CsvLayout(Format.CDNOW, Map.of(), null, ' ', "UTC", ReturnsPolicy.NET, "UTF-8");
    }

    /**
     * Maps header names onto canonical fields from {@code customer_id=ColA,timestamp=ColB}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public CsvLayout withColumns(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String entry : spec.split(",")) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException(
                            "--columns entry '" + entry + "' must look like field=HeaderName");
                }
                String field = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!FIELDS.contains(field)) {
                    throw new IllegalArgumentException(
                            "--columns: unknown field '" + field + "' (fields: " + FIELDS + ")");
                }
                map.put(field, entry.substring(eq + 1).trim());
            }
        }
        return carry(new CsvLayout(format, map, dateFormat, delimiter, zone, returns, encoding));
    }

    public CsvLayout withDateFormat(String pattern) {
        return carry(new CsvLayout(format, columns, pattern, delimiter, zone, returns, encoding));
    }

    public CsvLayout withDelimiter(char d) {
        return carry(new CsvLayout(format, columns, dateFormat, d, zone, returns, encoding));
    }

    public CsvLayout withZone(String z) {
        return carry(new CsvLayout(format, columns, dateFormat, delimiter, z, returns, encoding));
    }

    public CsvLayout withReturns(ReturnsPolicy r) {
        return carry(new CsvLayout(format, columns, dateFormat, delimiter, zone, r, encoding));
    }

    /**
     * Input character encoding (default UTF-8). Only encodings in which the quote, delimiter and
     * line break are the single ASCII bytes are accepted (UTF-8, ISO-8859-*, windows-125x, ...), as
     * records are split on those bytes before decoding.
     */
    public CsvLayout withEncoding(String e) {
        return carry(new CsvLayout(format, columns, dateFormat, delimiter, zone, returns, e));
    }

    private CsvLayout carry(CsvLayout c) {
        c.duplicates = duplicates;
        return c;
    }

    /** What to do with identical records (default keep; either way they are counted). */
    public CsvLayout withDuplicates(DuplicatePolicy d) {
        CsvLayout c =
                new CsvLayout(format, columns, dateFormat, delimiter, zone, returns, encoding);
        c.duplicates = d;
        return c;
    }

    public DuplicatePolicy duplicates() {
        return duplicates;
    }

    /** Checks every option and throws an IllegalArgumentException naming the bad one. */
    public CsvLayout validate() {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone '" + zone + "' is not a time zone id");
        }
        if (dateFormat != null) {
            try {
                DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--date-format '"
                                + dateFormat
                                + "' is not a valid pattern: "
                                + e.getMessage());
            }
        }
        charset();
        if (format == Format.CANONICAL && (delimiter == '"' || delimiter == '\n')) {
            throw new IllegalArgumentException("--delimiter cannot be a quote or a line break");
        }
        return this;
    }

    /**
     * The input charset.
     *
     * @throws IllegalArgumentException naming {@code --encoding} when it is unknown or not
     *     ASCII-compatible
     */
    public java.nio.charset.Charset charset() {
        java.nio.charset.Charset cs;
        try {
            cs = java.nio.charset.Charset.forName(encoding);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--encoding '" + encoding + "' is not a known character encoding");
        }
        String probe = "\",;\t\n\r 09azAZ";
        if (!java.util.Arrays.equals(
                probe.getBytes(cs), probe.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException(
                    "--encoding "
                            + encoding
                            + " is not supported: only ASCII-compatible encodings (UTF-8,"
                            + " ISO-8859-1, windows-1252, ...) can be read");
        }
        return cs;
    }

    public String encoding() {
        return encoding;
    }

    public Format format() {
        return format;
    }

    public Map<String, String> columns() {
        return columns;
    }

    public String dateFormat() {
        return dateFormat;
    }

    public char delimiter() {
        return delimiter;
    }

    public String zone() {
        return zone;
    }

    public ReturnsPolicy returns() {
        return returns;
    }

    /** Header name expected for a canonical field. */
    public String headerFor(String field) {
        return columns.getOrDefault(field, field);
    }
}
