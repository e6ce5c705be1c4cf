package dev.segment.common.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Looks for a value in every text column of every table of a store (after an erasure). */
public final class StoreScan {
    private StoreScan() {}

    /**
     * Every table's every text column searched for {@code needle} (closes {@code connection}):
     * "table.column" hits.
     */
    public static List<String> whereFound(Connection connection, String needle) throws Exception {
        return whereFound(connection, needle, false);
    }

    /**
     * Like {@link #whereFound(Connection, String)}; {@code exact}: the whole value equals {@code
     * needle} (for ids that are substrings of others, such as numbers).
     */
    public static List<String> whereFound(Connection connection, String needle, boolean exact)
            throws Exception {
        List<String> hits = new ArrayList<>();
        try (Connection c = connection) {
            List<String[]> columns = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT c.table_name, c.column_name FROM"
                                            + " information_schema.columns c JOIN"
                                            + " information_schema.tables t ON t.table_name ="
                                            + " c.table_name AND t.table_schema = c.table_schema"
                                            + " WHERE c.table_schema = current_schema() AND"
                                            + " t.table_type = 'BASE TABLE' AND"
                                            + " UPPER(c.data_type) LIKE '%CHAR%'")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertTrue(columns.size() > 40, "text columns found: " + columns.size());
            for (String[] col : columns) {
                try (java.sql.PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT COUNT(*) FROM "
                                        + col[0]
                                        + " WHERE "
                                        + col[1]
                                        + (exact ? " = ?" : " LIKE ?"))) {
                    ps.setString(1, exact ? needle : "%" + needle + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            hits.add(col[0].toLowerCase() + "." + col[1].toLowerCase());
                        }
                    }
                }
            }
        }
        return hits;
    }
}
