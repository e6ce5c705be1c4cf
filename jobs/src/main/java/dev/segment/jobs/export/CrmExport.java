package dev.segment.jobs.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.segment.common.io.CsvLines;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The nightly CRM export of one date: the segments customers are in at the end of that date (UTC),
 * read from {@code segment_history}, and what changed since the previous export's date.
 *
 * <ul>
 *   <li>{@code segments-D.csv|parquet}: one row per customer with consent.
 *   <li>{@code changes-D.csv|parquet}: entered / exited / moved since the latest earlier export.
 *   <li>{@code manifest-D.json}: row counts, sha256 per file, the runs covered, schema version.
 *       Written last: a CRM that sees the manifest sees complete files.
 * </ul>
 *
 * <p>The same date exported again gives byte-identical files while the store's history up to that
 * date and the customers' consent are unchanged: nothing in them depends on when the export ran.
 * Customers who withdrew consent (and erased ones, who have no rows left) are in no file. With
 * {@code explicitConsent} only customers who granted consent are exported; otherwise customers
 * whose consent is unknown are exported too (batch segments of their own purchases).
 */
public final class CrmExport {
    private CrmExport() {}

    /** Version of the files' columns; a CRM checks it before loading. */
    public static final int SCHEMA_VERSION = 1;

    /** File format of the snapshot and the changes. */
    public enum Format {
        CSV,
        PARQUET
    }

    /** What one export wrote. */
    public record Result(
            LocalDate date,
            Instant snapshotAt,
            LocalDate previousDate,
            Path snapshot,
            long snapshotRows,
            Path changes,
            long changeRows,
            Map<String, Long> changesByKind,
            Path manifest,
            List<String> runs,
            boolean repeated) {}

    static final List<String> SNAPSHOT_COLUMNS =
            List.of(
                    "customer_id",
                    "persona",
                    "cluster_id",
                    "rfm_segment",
                    "lifecycle_stage",
                    "customer_profile",
                    "valid_from");

    static final List<String> CHANGE_COLUMNS =
            List.of(
                    "customer_id",
                    "change",
                    "persona",
                    "cluster_id",
                    "rfm_segment",
                    "lifecycle_stage",
                    "customer_profile",
                    "valid_from",
                    "previous_persona",
                    "previous_cluster_id",
                    "previous_rfm_segment",
                    "previous_lifecycle_stage",
                    "previous_customer_profile");

    private static final List<String> TRACKED =
            List.of("persona", "cluster_id", "rfm_segment", "lifecycle_stage", "customer_profile");

    /** The end of a date, UTC: the latest instant its snapshot can be taken at. */
    public static Instant snapshotAt(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Exports {@code date} into {@code out} and records it in {@code exports}. */
    public static Result export(
            StoreConfig config,
            LocalDate date,
            Path out,
            Format format,
            boolean explicitConsent,
            String schemaVersion)
            throws IOException {
        Files.createDirectories(out);
        String ext = format == Format.CSV ? ".csv" : ".parquet";
        Path snapshot = out.resolve("segments-" + date + ext);
        Path changes = out.resolve("changes-" + date + ext);
        Path manifest = out.resolve("manifest-" + date + ".json");
        String consent = explicitConsent ? "= 'granted'" : "<> 'withdrawn'";
        try (Connection c = Store.connect(config)) {
            // one snapshot of the store for both files; PostgreSQL streams with a fetch size
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (config.kind() == StoreConfig.Kind.POSTGRES) {
                c.setReadOnly(true); // DuckDB opens a file read-only or not, never a connection
            }
            Previous previous = previousExport(c, date);
            Instant recorded = recordedSnapshot(c, date);
            Instant at = recorded != null ? recorded : freshSnapshot(date);
            TreeSet<String> runs = new TreeSet<>();
            long snapshotRows;
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT h.customer_id, h.persona, h.cluster_id, h.rfm_segment,"
                                    + " h.lifecycle_stage, h.customer_profile, h.valid_from,"
                                    + " h.run_id FROM ("
                                    + periodsAt(consent)
                                    + ") h ORDER BY h.customer_id")) {
                ps.setFetchSize(10_000);
                bindPeriodsAt(ps, 1, at);
                try (ResultSet rs = ps.executeQuery()) {
                    snapshotRows =
                            write(
                                    snapshot,
                                    format,
                                    SNAPSHOT_COLUMNS,
                                    rs,
                                    row -> runs.add(row.getString(8)));
                }
            }
            long changeRows;
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (String kind : List.of("entered", "moved", "exited")) {
                byKind.put(kind, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement(changesSql(consent))) {
                ps.setFetchSize(10_000);
                // against what the previous export shipped: its snapshot instant
                Instant before = previous == null ? Instant.EPOCH : previous.snapshotAt();
                // the query's four period subqueries: now, before, before, now
                bindPeriodsAt(ps, 1, at);
                bindPeriodsAt(ps, 4, before);
                bindPeriodsAt(ps, 7, before);
                bindPeriodsAt(ps, 10, at);
                try (ResultSet rs = ps.executeQuery()) {
                    changeRows =
                            write(
                                    changes,
                                    format,
                                    CHANGE_COLUMNS,
                                    rs,
                                    row -> byKind.merge(row.getString(2), 1L, Long::sum));
                }
            }
            c.commit();
            writeManifest(
                    manifest,
                    date,
                    at,
                    previous == null ? null : previous.date(),
                    explicitConsent,
                    schemaVersion,
                    new ArrayList<>(runs),
                    List.of(snapshot, changes),
                    List.of(snapshotRows, changeRows));
            record(config, date, at, snapshotRows, changeRows, runs);
            return new Result(
                    date,
                    at,
                    previous == null ? null : previous.date(),
                    snapshot,
                    snapshotRows,
                    changes,
                    changeRows,
                    byKind,
                    manifest,
                    new ArrayList<>(runs),
                    recorded != null);
        } catch (SQLException e) {
            throw new Store.StoreException(
                    "cannot export segments of "
                            + date
                            + " from "
                            + config.describe()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    // the periods open at an instant (three parameters: the instant) of customers the consent
    // policy lets through both as the store knew it then and now (a withdrawal since keeps the
    // customer out of a file exported again)
    private static String periodsAt(String consent) {
        return "SELECT h.* FROM segment_history h JOIN customers c ON c.customer_id = h.customer_id"
                + " WHERE h.valid_from <= ? AND (h.valid_to IS NULL OR h.valid_to > ?)"
                + " AND c.consent "
                + consent
                + " AND COALESCE((SELECT x.status FROM consent x WHERE x.customer_id ="
                + " h.customer_id AND x.recorded_at <= ? ORDER BY x.changed_at DESC, x.status DESC"
                + " LIMIT 1), 'unknown') "
                + consent;
    }

    private static void bindPeriodsAt(PreparedStatement ps, int first, Instant at)
            throws SQLException {
        for (int i = 0; i < 3; i++) {
            ps.setTimestamp(first + i, Timestamp.from(at));
        }
    }

    private static String changesSql(String consent) {
        String same =
                String.join(
                        " AND ",
                        TRACKED.stream()
                                .map(col -> "o." + col + " IS NOT DISTINCT FROM n." + col)
                                .toList());
        String now =
                "n.persona, n.cluster_id, n.rfm_segment, n.lifecycle_stage,"
                        + " n.customer_profile, n.valid_from";
        String old =
                "o.persona, o.cluster_id, o.rfm_segment, o.lifecycle_stage,"
                        + " o.customer_profile";
        return "SELECT n.customer_id, CASE WHEN o.customer_id IS NULL THEN 'entered' ELSE 'moved'"
                + " END AS change, "
                + now
                + ", "
                + old
                + " FROM ("
                + periodsAt(consent)
                + ") n LEFT JOIN ("
                + periodsAt(consent)
                + ") o ON o.customer_id = n.customer_id WHERE o.customer_id IS NULL OR NOT ("
                + same
                + ") UNION ALL SELECT o.customer_id, 'exited', NULL, NULL, NULL, NULL, NULL, NULL, "
                + old
                + " FROM ("
                + periodsAt(consent)
                + ") o WHERE NOT EXISTS (SELECT 1 FROM ("
                + periodsAt(consent)
                + ") n WHERE n.customer_id = o.customer_id) ORDER BY 1";
    }

    /** The latest export of an earlier date: its date and the instant its snapshot was taken. */
    record Previous(LocalDate date, Instant snapshotAt) {}

    private static Previous previousExport(Connection c, LocalDate date) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT export_date, snapshot_at FROM exports WHERE export_date < ?"
                                + " ORDER BY export_date DESC LIMIT 1")) {
            ps.setObject(1, date);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Previous(rs.getDate(1).toLocalDate(), rs.getTimestamp(2).toInstant())
                        : null;
            }
        }
    }

    /**
     * The instant the date's snapshot was taken at when the date was first exported (so exporting
     * it again gives the same files), or null.
     */
    private static Instant recordedSnapshot(Connection c, LocalDate date) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT snapshot_at FROM exports WHERE export_date = ?")) {
            ps.setObject(1, date);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /**
     * The instant a first export of the date takes its snapshot at: the end of the date, or now if
     * the date is not over yet (a nightly export of today: later runs of today go into the next
     * date's changes, never lost between two files).
     */
    private static Instant freshSnapshot(LocalDate date) {
        Instant end = snapshotAt(date);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return now.isBefore(end) ? now : end;
    }

    private static void record(
            StoreConfig config,
            LocalDate date,
            Instant at,
            long snapshotRows,
            long changeRows,
            TreeSet<String> runs)
            throws SQLException {
        try (Connection c = Store.connect(config)) {
            c.setAutoCommit(false);
            try (PreparedStatement del =
                    c.prepareStatement("DELETE FROM exports WHERE export_date = ?")) {
                del.setObject(1, date);
                del.executeUpdate();
            }
            try (PreparedStatement ins =
                    c.prepareStatement(
                            "INSERT INTO exports (export_date, snapshot_at, exported_at,"
                                    + " snapshot_rows, delta_rows, runs) VALUES (?, ?, ?, ?, ?, ?)")) {
                ins.setObject(1, date);
                ins.setTimestamp(2, Timestamp.from(at));
                ins.setTimestamp(3, Timestamp.from(Instant.now()));
                ins.setLong(4, snapshotRows);
                ins.setLong(5, changeRows);
                ins.setString(6, new ObjectMapper().writeValueAsString(runs));
                ins.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            c.commit();
        }
    }

    /** Called with each row written (the result set positioned on it). */
    @FunctionalInterface
    interface RowListener {
        void accept(ResultSet row) throws SQLException;
    }

    // writes the result set's first columns.size() columns to a temporary file, then moves it in
    private static long write(
            Path file, Format format, List<String> columns, ResultSet rs, RowListener listener)
            throws IOException, SQLException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long rows = 0;
        if (format == Format.CSV) {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(String.join(",", columns));
                w.write('\n');
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        if (i > 0) {
                            w.write(',');
                        }
                        w.write(CsvLines.quote(text(rs, i + 1, columns.get(i))));
                    }
                    w.write('\n');
                    listener.accept(rs);
                    rows++;
                }
            }
        } else {
            Schema schema = schema(columns);
            Files.deleteIfExists(tmp);
            try (ParquetWriter<GenericRecord> w =
                    AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(tmp))
                            .withSchema(schema)
                            .withCompressionCodec(CompressionCodecName.SNAPPY)
                            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                            .build()) {
                GenericData.Record record = new GenericData.Record(schema);
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        String col = columns.get(i);
                        Object v;
                        if (col.endsWith("cluster_id")) {
                            int n = rs.getInt(i + 1);
                            v = rs.wasNull() ? null : n;
                        } else if (col.equals("valid_from")) {
                            Timestamp t = rs.getTimestamp(i + 1);
                            v =
                                    t == null
                                            ? null
                                            : java.time.temporal.ChronoUnit.MICROS.between(
                                                    Instant.EPOCH, t.toInstant());
                        } else {
                            v = rs.getString(i + 1);
                        }
                        record.put(col, v);
                    }
                    w.write(record);
                    listener.accept(rs);
                    rows++;
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return rows;
    }

    private static String text(ResultSet rs, int index, String column) throws SQLException {
        if (column.equals("valid_from")) {
            Timestamp t = rs.getTimestamp(index);
            return t == null ? null : t.toInstant().toString();
        }
        return rs.getString(index);
    }

    private static Schema schema(List<String> columns) {
        SchemaBuilder.FieldAssembler<Schema> f =
                SchemaBuilder.record(
                                columns.size() == SNAPSHOT_COLUMNS.size()
                                        ? "segment_snapshot"
                                        : "segment_change")
                        .namespace("dev.segment.export")
                        .fields();
        Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        for (String col : columns) {
            if (col.endsWith("cluster_id")) {
                f = f.optionalInt(col);
            } else if (col.equals("valid_from")) {
                f =
                        f.name(col)
                                .type(Schema.createUnion(Schema.create(Schema.Type.NULL), micros))
                                .withDefault(null);
            } else if (col.equals("customer_id") || col.equals("change")) {
                f = f.requiredString(col);
            } else {
                f = f.optionalString(col);
            }
        }
        return f.endRecord();
    }

    private static void writeManifest(
            Path manifest,
            LocalDate date,
            Instant at,
            LocalDate previous,
            boolean explicitConsent,
            String schemaVersion,
            List<String> runs,
            List<Path> files,
            List<Long> rows)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("export_schema_version", SCHEMA_VERSION);
        m.put("store_schema_version", schemaVersion);
        m.put("export_date", date.toString());
        m.put("snapshot_at", at.toString());
        m.put("previous_export_date", previous == null ? null : previous.toString());
        m.put(
                "consent",
                explicitConsent
                        ? "customers who granted consent"
                        : "customers who have not withdrawn consent");
        m.put("runs", runs);
        List<Map<String, Object>> fileList = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", files.get(i).getFileName().toString());
            f.put("rows", rows.get(i));
            f.put("bytes", Files.size(files.get(i)));
            f.put("sha256", sha256(files.get(i)));
            f.put("columns", i == 0 ? SNAPSHOT_COLUMNS : CHANGE_COLUMNS);
            fileList.add(f);
        }
        m.put("files", fileList);
        Path tmp = manifest.resolveSibling(manifest.getFileName() + ".tmp");
        Files.writeString(
                tmp,
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m)
                        + "\n",
                StandardCharsets.UTF_8);
        Files.move(
                tmp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(Path file) throws IOException {
        return dev.segment.common.io.Sha256.hex(file);
    }
}
