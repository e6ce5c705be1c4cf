package dev.segment.common.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and indexes of PostgreSQL tables that are empty when a bulk insert starts, dropped in the
 * inserting transaction and built again after the insert, in the same transaction.
 *
 * <p>Why: the first publication into a store enters every customer, a million rows each into {@code
 * segment_changes}, {@code customers} and {@code segment_history}, whose five indexes PostgreSQL
 * would otherwise update row by row (16 s of the first publication at 1M customers; one sorted
 * build per index after the insert takes about half). The drop holds an exclusive lock on the
 * tables until the commit, so readers wait instead of seeing them empty; a table that already has
 * rows is left alone, so a nightly publication never locks readers out. A rollback brings the keys
 * and indexes back with the rows.
 */
final class DeferredIndexes {
    private final Connection connection;
    private final List<String> rebuild = new ArrayList<>();

    private DeferredIndexes(Connection connection) {
        this.connection = connection;
    }

    /**
     * Drops the keys and indexes of those of {@code tables} that are empty (PostgreSQL only; on any
     * other store nothing happens) and remembers how to build them again.
     */
    static DeferredIndexes dropIfEmpty(Connection c, List<String> tables) throws SQLException {
        DeferredIndexes out = new DeferredIndexes(c);
        if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return out;
        }
        for (String table : tables) {
            if (!isEmpty(c, table)) {
                continue;
            }
            List<String> drops = new ArrayList<>();
            // constraints first (their indexes go with them), then the plain indexes
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                                    + " WHERE conrelid = ?::regclass AND contype IN ('p', 'u')"
                                    + " ORDER BY conname")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add(
                                "ALTER TABLE "
                                        + table
                                        + " DROP CONSTRAINT "
                                        + quote(rs.getString(1)));
                        out.rebuild.add(
                                "ALTER TABLE "
                                        + table
                                        + " ADD CONSTRAINT "
                                        + quote(rs.getString(1))
                                        + " "
                                        + rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                                    + " JOIN pg_class i ON i.oid = x.indexrelid"
                                    + " WHERE x.indrelid = ?::regclass AND NOT EXISTS"
                                    + " (SELECT 1 FROM pg_constraint k WHERE k.conindid ="
                                    + " x.indexrelid) ORDER BY i.relname")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add("DROP INDEX " + quote(rs.getString(1)));
                        out.rebuild.add(rs.getString(2));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String sql : drops) {
                    SegmentLedger.update(s, sql);
                }
            }
        }
        return out;
    }

    /** Builds the dropped keys and indexes again (before the commit). */
    void rebuild() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : rebuild) {
                SegmentLedger.update(s, sql);
            }
        }
        rebuild.clear();
    }

    private static boolean isEmpty(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
            rs.next();
            return !rs.getBoolean(1);
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
