package dev.segment.common.io;

import dev.segment.common.model.Channel;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.annotation.Nullable;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.formats.parquet.avro.AvroParquetReaders;

/**
 * Reads Parquet files of the canonical schema ({@code avro/transaction.avsc}) through parquet-avro
 * and converts each record to a {@link Transaction}, or to a {@link DeadLetter} naming the file,
 * the record's 1-based index and the field when it cannot be used.
 */
public final class ParquetTransactionFormat implements BulkFormat<ParsedRow, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    private final StreamFormatAdapter<GenericRecord> delegate;
    private final String zone;
    private final ReturnsPolicy returns;

    public ParquetTransactionFormat(String zone, ReturnsPolicy returns) {
        this.delegate =
                new StreamFormatAdapter<>(
                        AvroParquetReaders.forGenericRecord(TransactionSchema.SCHEMA));
        this.zone = zone;
        this.returns = returns;
    }

    @Override
    public Reader<ParsedRow> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new Converting(
                delegate.createReader(config, split),
                split,
                zone,
                returns,
                timestampDivisor(split.path()));
    }

    @Override
    public Reader<ParsedRow> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new Converting(
                delegate.restoreReader(config, split),
                split,
                zone,
                returns,
                timestampDivisor(split.path()));
    }

    /**
     * What the file's timestamp column counts, as a divisor to milliseconds: 1 for
     * TIMESTAMP(MILLIS) (our writer) or a plain INT64, 1,000 for TIMESTAMP(MICROS) (DuckDB, Spark,
     * pandas/pyarrow), 1,000,000 for NANOS. The requested Avro schema says milliseconds, and
     * parquet-avro hands over the stored number unchanged, so without this a microsecond file would
     * be read as dates some 50,000 years ahead.
     *
     * @throws IllegalArgumentException naming the file for INT96 timestamps, which it cannot read
     */
    static long timestampDivisor(org.apache.flink.core.fs.Path path) throws IOException {
        return footerSchema(path, true);
    }

    /**
     * Checks before a job starts that the file has the required columns (customer_id, timestamp,
     * amount) and a timestamp encoding we can read.
     *
     * @throws IllegalArgumentException naming the file and the missing column
     */
    public static void checkColumns(java.nio.file.Path file) throws IOException {
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(file.toUri());
        footerSchema(p, false);
    }

    private static long footerSchema(org.apache.flink.core.fs.Path path, boolean lenient)
            throws IOException {
        java.net.URI uri = path.toUri();
        org.apache.parquet.io.InputFile in =
                uri.getScheme() == null || "file".equals(uri.getScheme())
                        ? new org.apache.parquet.io.LocalInputFile(
                                java.nio.file.Paths.get(uri.getPath()))
                        : org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(uri),
                                new org.apache.hadoop.conf.Configuration());
        try (org.apache.parquet.hadoop.ParquetFileReader reader =
                org.apache.parquet.hadoop.ParquetFileReader.open(in)) {
            org.apache.parquet.schema.MessageType schema =
                    reader.getFooter().getFileMetaData().getSchema();
            if (!lenient) {
                for (String required : java.util.List.of("customer_id", "timestamp", "amount")) {
                    if (!schema.containsField(required)) {
                        throw new IllegalArgumentException(
                                path
                                        + ": Parquet file has no column '"
                                        + required
                                        + "' (columns: "
                                        + schema.getFields().stream()
                                                .map(org.apache.parquet.schema.Type::getName)
                                                .toList()
                                        + "); Parquet input uses the canonical column names");
                    }
                }
            }
            if (!schema.containsField("timestamp") || !schema.getType("timestamp").isPrimitive()) {
                return 1; // the records say what is wrong, row by row
            }
            org.apache.parquet.schema.PrimitiveType t =
                    schema.getType("timestamp").asPrimitiveType();
            if (t.getPrimitiveTypeName()
                    == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96) {
                throw new IllegalArgumentException(
                        path
                                + ": column timestamp is INT96 (a legacy Impala/Spark encoding);"
                                + " write it as TIMESTAMP(MILLIS) or TIMESTAMP(MICROS)");
            }
            if (t.getLogicalTypeAnnotation()
                    instanceof
                    org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                            ts) {
                return switch (ts.getUnit()) {
                    case MILLIS -> 1L;
                    case MICROS -> 1_000L;
                    case NANOS -> 1_000_000L;
                };
            }
            return 1;
        }
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ParsedRow> getProducedType() {
        return TypeInformation.of(ParsedRow.class);
    }

    private static final class Converting implements BulkFormat.Reader<ParsedRow> {
        private final BulkFormat.Reader<GenericRecord> inner;
        private final String path;
        private final ZoneId zoneId;
        private final boolean utc;
        private final ReturnsPolicy returns;
        private final long timestampDivisor;
        private long index;

        Converting(
                BulkFormat.Reader<GenericRecord> inner,
                FileSourceSplit split,
                String zone,
                ReturnsPolicy returns,
                long timestampDivisor) {
            this.inner = inner;
            this.timestampDivisor = timestampDivisor;
            this.path = split.path().toString();
            this.zoneId = ZoneId.of(zone);
            this.utc = zoneId.normalized().equals(ZoneOffset.UTC);
            this.returns = returns;
        }

        @Nullable
        @Override
        public RecordIterator<ParsedRow> readBatch() throws IOException {
            RecordIterator<GenericRecord> batch = inner.readBatch();
            if (batch == null) {
                return null;
            }
            return new RecordIterator<>() {
                @Nullable
                @Override
                public RecordAndPosition<ParsedRow> next() {
                    RecordAndPosition<GenericRecord> r = batch.next();
                    if (r == null) {
                        return null;
                    }
                    index++;
                    return new RecordAndPosition<>(
                            convert(r.getRecord()), r.getOffset(), r.getRecordSkipCount());
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        private ParsedRow convert(GenericRecord g) {
            String customer = str(field(g, "customer_id"));
            if (customer == null || customer.isBlank()) {
                return reject("customer_id", "customer_id is empty", g);
            }
            Object ts = field(g, "timestamp");
            long millis;
            if (ts instanceof Long) {
                millis = Math.floorDiv((Long) ts, timestampDivisor);
            } else if (ts instanceof Instant) {
                millis = ((Instant) ts).toEpochMilli();
            } else {
                return reject("timestamp", "timestamp is missing", g);
            }
            Object amountValue = field(g, "amount");
            if (!(amountValue instanceof Number)
                    || !Double.isFinite(((Number) amountValue).doubleValue())) {
                return reject("amount", "amount '" + amountValue + "' is not a finite number", g);
            }
            double amount = ((Number) amountValue).doubleValue();
            if (Math.abs(amount) > Transaction.MAX_ABS_AMOUNT) {
                return reject(
                        "amount",
                        "amount '"
                                + amountValue
                                + "' is outside the supported range of ±1,000,000,000",
                        g);
            }
            String order = str(field(g, "order_id"));
            boolean orderGiven = order != null && !order.isEmpty();
            if (!orderGiven) {
                int slash = path.lastIndexOf('/');
                order = path.substring(slash + 1) + "#" + index;
            }
            boolean cancellation =
                    order.length() > 1
                            && (order.charAt(0) == 'C' || order.charAt(0) == 'c')
                            && Character.isDigit(order.charAt(1));
            if (cancellation || amount < 0) {
                if (returns == ReturnsPolicy.EXCLUDE) {
                    return reject("amount", ReturnsPolicy.EXCLUDED_REASON, g);
                }
                if (cancellation && amount > 0) {
                    amount = -amount;
                }
            }
            Channel channel;
            try {
                channel = Channel.parse(str(field(g, "channel")));
            } catch (IllegalArgumentException e) {
                return reject("channel", e.getMessage(), g);
            }
            Object stated = field(g, "consent");
            Boolean consent;
            try {
                consent = stated instanceof Boolean b ? b : Transaction.parseConsent(str(stated));
            } catch (IllegalArgumentException e) {
                return reject("consent", e.getMessage(), g);
            }
            Object q = field(g, "quantity");
            Transaction t = new Transaction();
            t.customerId = customer;
            t.orderId = order;
            t.timestampMillis = millis;
            t.purchaseDay = day(millis);
            t.amount = amount;
            t.quantity = q instanceof Number ? ((Number) q).intValue() : 1;
            t.currency = str(field(g, "currency"));
            t.channel = channel;
            t.productId = str(field(g, "product_id"));
            t.category = str(field(g, "category"));
            t.consent = consent;
            t.orderGiven = orderGiven;
            t.sourcePath = path;
            t.sourceLine = index;
            return ParsedRow.of(t);
        }

        private int day(long millis) {
            if (utc) {
                return (int) Math.floorDiv(millis, 86_400_000L);
            }
            int offset =
                    zoneId.getRules().getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds();
            return (int) Math.floorDiv(millis + offset * 1000L, 86_400_000L);
        }

        private ParsedRow reject(String field, String reason, GenericRecord g) {
            return ParsedRow.of(new DeadLetter(path, index, field, reason, g.toString()));
        }

        /** A field of the record, or null when the file does not have that column. */
        private static Object field(GenericRecord g, String name) {
            return g.getSchema().getField(name) == null ? null : g.get(name);
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
