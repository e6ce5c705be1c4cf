package dev.segment.common.store;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one read-only SQL statement against the store and prints the result as an aligned text
 * table, CSV or JSON.
 *
 * <p>Two guards keep the store intact: {@link ReadOnlyStatement} refuses anything but one reading
 * statement before the database sees it, and the statement runs on a read-only session in a
 * read-only transaction that is always rolled back (PostgreSQL: {@code
 * default_transaction_read_only} and {@code BEGIN READ ONLY}; the embedded DuckDB file is opened
 * read-only).
 */
public final class SqlConsole {
    private SqlConsole() {}

    /** Maximum rows printed as a table; the count line still says how many there were. */
    public static final int MAX_ROWS = 1000;

    /** Output formats of {@code bin/segment sql}. */
    public enum Format {
        TABLE,
        CSV,
        JSON;

        public static Format parse(String raw) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(raw)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(
                    "--format must be table, csv or json but was '" + raw + "'");
        }
    }

    /** Executes {@code sql} as a table (the default format). */
    public static void query(StoreConfig config, String sql, PrintStream out) {
        query(config, sql, Format.TABLE, out);
    }

    /**
     * Executes {@code sql}, which must be one read-only statement, and prints its rows.
     *
     * @throws ReadOnlyStatement.Refused when the text is not one reading statement or the store
     *     refuses it as a write
     * @throws Store.StoreException with the database's message when the statement fails
     */
    public static void query(StoreConfig config, String sql, Format format, PrintStream out) {
        String statement = ReadOnlyStatement.check(sql);
        try (Connection c = Store.connectReadOnly(config)) {
            if (config.kind() == StoreConfig.Kind.POSTGRES) {
                try (Statement set = c.createStatement()) {
                    // server-side: every transaction of this session is read-only
                    set.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
            }
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                if (st.execute(statement)) {
                    try (ResultSet rs = st.getResultSet()) {
                        switch (format) {
                            case CSV -> printCsv(rs, out);
                            case JSON -> printJson(rs, out);
                            default -> print(rs, out);
                        }
                    }
                } else {
                    out.println("(" + st.getUpdateCount() + " rows affected)");
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            if ("25006".equals(e.getSQLState())
                    || String.valueOf(e.getMessage()).contains("read-only mode")) {
                throw new ReadOnlyStatement.Refused(
                        "sql only reads; the store refused a write: " + e.getMessage());
            }
            throw new Store.StoreException(
                    "SQL failed on " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** RFC 4180 CSV with a header line; every row (no limit), nulls as empty fields. */
    public static void printCsv(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                line.append(',');
            }
            line.append(csv(md.getColumnLabel(i)));
        }
        out.println(line);
        while (rs.next()) {
            line.setLength(0);
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    line.append(',');
                }
                String v = text(rs.getObject(i));
                line.append(v == null ? "" : csv(v));
            }
            out.println(line);
        }
    }

    /** A JSON array of one object per row (numbers as numbers, nulls as null); every row. */
    public static void printJson(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode rows = json.createArrayNode();
        while (rs.next()) {
            com.fasterxml.jackson.databind.node.ObjectNode row = rows.addObject();
            for (int i = 1; i <= n; i++) {
                Object v = rs.getObject(i);
                String name = md.getColumnLabel(i);
                if (v == null) {
                    row.putNull(name);
                } else if (v instanceof BigDecimal d) {
                    row.put(name, d);
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                    row.put(name, ((Number) v).longValue());
                } else if (v instanceof Double || v instanceof Float) {
                    row.put(name, ((Number) v).doubleValue());
                } else if (v instanceof Boolean b) {
                    row.put(name, b);
                } else {
                    row.put(name, text(v));
                }
            }
        }
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString();
    }

    private static String csv(String v) {
        if (v.indexOf(',') < 0
                && v.indexOf('"') < 0
                && v.indexOf('\n') < 0
                && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** Prints a result set as a table (also used for summaries). */
    public static void print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> header = new ArrayList<>();
        boolean[] numeric = new boolean[n];
        for (int i = 1; i <= n; i++) {
            header.add(md.getColumnLabel(i));
            numeric[i - 1] = isNumeric(md.getColumnType(i));
        }
        List<List<String>> rows = new ArrayList<>();
        long count = 0;
        while (rs.next()) {
            count++;
            if (rows.size() < MAX_ROWS) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(
                            v == null
                                    ? ""
                                    : v instanceof BigDecimal
                                            ? ((BigDecimal) v).toPlainString()
                                            : v.toString());
                }
                rows.add(row);
            }
        }
        TextTable.print(header, rows, numeric, out);
        out.println(
                "("
                        + count
                        + (count == 1 ? " row" : " rows")
                        + (count > rows.size() ? ", first " + rows.size() + " shown" : "")
                        + ")");
    }

    private static boolean isNumeric(int type) {
        switch (type) {
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.SMALLINT:
            case Types.TINYINT:
            case Types.DECIMAL:
            case Types.NUMERIC:
            case Types.DOUBLE:
            case Types.FLOAT:
            case Types.REAL:
                return true;
            default:
                return false;
        }
    }
}
