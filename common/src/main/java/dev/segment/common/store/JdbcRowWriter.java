package dev.segment.common.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes a row's values as the parameters of a prepared statement, from parameter 1 on. */
final class JdbcRowWriter implements RowBinding.RowWriter {
    private final PreparedStatement ps;
    private int i = 1;

    JdbcRowWriter(PreparedStatement ps) {
        this.ps = ps;
    }

    @Override
    public void string(String v) throws SQLException {
        JdbcSinks.setString(ps, i++, v);
    }

    @Override
    public void integer(Integer v) throws SQLException {
        JdbcSinks.setInt(ps, i++, v);
    }

    @Override
    public void money(Double v) throws SQLException {
        JdbcSinks.setMoney(ps, i++, v);
    }

    @Override
    public void day(Integer epochDay) throws SQLException {
        JdbcSinks.setDay(ps, i++, epochDay);
    }

    @Override
    public void instant(Long epochMillis) throws SQLException {
        if (epochMillis == null) {
            ps.setNull(i++, java.sql.Types.TIMESTAMP);
        } else {
            ps.setTimestamp(i++, new java.sql.Timestamp(epochMillis));
        }
    }

    @Override
    public void real(Double v) throws SQLException {
        JdbcSinks.setDouble(ps, i++, v);
    }
}
