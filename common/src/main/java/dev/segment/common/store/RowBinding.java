package dev.segment.common.store;

import java.io.Serializable;
import java.sql.SQLException;

/**
 * The column values of one row of a store table, in column order, written to a {@link RowWriter}:
 * the one definition both bulk paths use (CSV for PostgreSQL COPY and for the DuckDB spool), so
 * they store the same values.
 */
@FunctionalInterface
public interface RowBinding<T> extends Serializable {
    void bind(T row, RowWriter out) throws SQLException;

    /** Receives the values of a row, column after column. */
    interface RowWriter {
        void string(String v) throws SQLException;

        void integer(Integer v) throws SQLException;

        /** A money column: rounded half-up to cents. */
        void money(Double v) throws SQLException;

        /** A DATE column from an epoch day. */
        void day(Integer epochDay) throws SQLException;

        void real(Double v) throws SQLException;

        /** A TIMESTAMP column (UTC) from epoch milliseconds. */
        void instant(Long epochMillis) throws SQLException;
    }
}
