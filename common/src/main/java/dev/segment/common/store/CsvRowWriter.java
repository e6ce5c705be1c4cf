package dev.segment.common.store;

import java.time.LocalDate;

/**
 * Writes a row's values as one line of PostgreSQL's COPY CSV format: NULL is an empty unquoted
 * field, text is always quoted (so an empty string stays an empty string), numbers as Java prints
 * them (doubles round-trip exactly), money rounded half-up to cents as the JDBC path does.
 */
final class CsvRowWriter implements RowBinding.RowWriter {
    private final StringBuilder out;
    private boolean first = true;

    CsvRowWriter(StringBuilder out) {
        this.out = out;
    }

    /** Ends the line; the writer can then start the next row. */
    void endRow() {
        out.append('\n');
        first = true;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    @Override
    public void string(String v) {
        separate();
        if (v == null) {
            return;
        }
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    @Override
    public void integer(Integer v) {
        separate();
        if (v != null) {
            out.append(v.intValue());
        }
    }

    @Override
    public void money(Double v) {
        separate();
        if (v != null) {
            out.append(JdbcSinks.cents(v).toPlainString());
        }
    }

    @Override
    public void day(Integer epochDay) {
        separate();
        if (epochDay != null) {
            out.append(LocalDate.ofEpochDay(epochDay));
        }
    }

    @Override
    public void instant(Long epochMillis) {
        separate();
        if (epochMillis != null) {
            // ISO local date-time in UTC: the store's TIMESTAMP columns hold UTC
            out.append(
                    java.time.LocalDateTime.ofInstant(
                            java.time.Instant.ofEpochMilli(epochMillis), java.time.ZoneOffset.UTC));
        }
    }

    @Override
    public void real(Double v) {
        separate();
        if (v != null) {
            double d = v;
            if (Double.isNaN(d)) {
                out.append("NaN");
            } else if (Double.isInfinite(d)) {
                out.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                out.append(d);
            }
        }
    }
}
