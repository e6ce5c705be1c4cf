package dev.segment.common.store;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Builds idempotent upsert sinks: {@code INSERT ... ON CONFLICT ... DO UPDATE}, the same statement
 * on PostgreSQL and on the embedded DuckDB store.
 */
public final class JdbcSinks {
    private JdbcSinks() {}

    /**
     * An at-least-once JDBC v2 sink whose statement is an upsert, so retries and re-runs are
     * harmless.
     */
    public static <T> JdbcSink<T> upsert(
            StoreConfig config,
            String table,
            List<String> columns,
            List<String> key,
            JdbcStatementBuilder<T> binder) {
        config.validate();
        boolean duck = config.kind() == StoreConfig.Kind.DUCKDB;
        return JdbcSink.<T>builder()
                .withQueryStatement(upsertSql(table, columns, key), binder)
                .withExecutionOptions(
                        JdbcExecutionOptions.builder()
                                .withBatchSize(config.batchSize())
                                .withBatchIntervalMs(config.batchIntervalMs())
                                .withMaxRetries(config.maxRetries())
                                .build())
                .buildAtLeastOnce(
                        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                .withUrl(config.url())
                                .withDriverName(config.kind().driver())
                                // DuckDB refuses a connection whose properties differ from
                                // the open ones': it gets none, as in Store.connect
                                .withUsername(duck ? null : config.user())
                                .withPassword(duck ? null : config.password())
                                .build());
    }

    /** The upsert statement (both stores take it). */
    public static String upsertSql(String table, List<String> columns, List<String> key) {
        String cols = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String updates =
                columns.stream()
                        .filter(c -> !key.contains(c))
                        .map(c -> c + " = EXCLUDED." + c)
                        .collect(Collectors.joining(", "));
        return "INSERT INTO "
                + table
                + " ("
                + cols
                + ") VALUES ("
                + marks
                + ") ON CONFLICT ("
                + String.join(", ", key)
                + ") DO UPDATE SET "
                + updates;
    }

    /** Binds a nullable integer column. */
    public static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    /** Binds a nullable text column. */
    public static void setString(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /** Binds epoch milliseconds to a TIMESTAMP WITH TIME ZONE column, in UTC. */
    public static void setInstant(PreparedStatement ps, int i, long epochMillis)
            throws SQLException {
        ps.setObject(i, Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    /** Binds a nullable floating-point column. */
    public static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    /** Binds a nullable money column, rounded half-up to cents. */
    public static void setMoney(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NUMERIC);
        } else {
            ps.setBigDecimal(i, cents(v));
        }
    }

    /** A money value as the store keeps it: rounded half-up to cents. */
    static BigDecimal cents(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    /** Binds a nullable epoch day to a DATE column. */
    public static void setDay(PreparedStatement ps, int i, Integer epochDay) throws SQLException {
        if (epochDay == null) {
            ps.setNull(i, Types.DATE);
        } else {
            ps.setDate(i, Date.valueOf(LocalDate.ofEpochDay(epochDay)));
        }
    }
}
