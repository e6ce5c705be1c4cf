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

/** Runs one SQL statement against the store and prints the result as an aligned text table. */
public final class SqlConsole {
    private SqlConsole() {}

    /** Maximum rows printed; the count line still says how many there were. */
    public static final int MAX_ROWS = 1000;

    /**
     * Executes {@code sql}; result sets are printed as a table with a {@code (N rows)} line,
     * updates as {@code (N rows affected)}.
     *
     * @throws Store.StoreException with the database's message when the statement fails
     */
    public static void query(StoreConfig config, String sql, PrintStream out) {
        try (Connection c = Store.connect(config);
                Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    print(rs, out);
                }
            } else {
                out.println("(" + st.getUpdateCount() + " rows affected)");
            }
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "SQL failed on " + config.describe() + ": " + e.getMessage(), e);
        }
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
