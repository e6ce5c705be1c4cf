package dev.segment.common.io;

import dev.segment.common.model.Channel;
import dev.segment.common.model.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes transactions to a Parquet file in the canonical schema ({@code avro/transaction.avsc})
 * through parquet-avro, without Hadoop's file system (parquet's {@link LocalOutputFile}).
 */
public final class TransactionParquetWriter implements RecordFileWriter<Transaction> {

    private final ParquetWriter<GenericRecord> writer;
    private final GenericData.Record record = new GenericData.Record(TransactionSchema.SCHEMA);

    public TransactionParquetWriter(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.writer =
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                        .withSchema(TransactionSchema.SCHEMA)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build();
    }

    @Override
    public void write(Transaction t) throws IOException {
        record.put("customer_id", t.customerId);
        record.put("order_id", t.orderId);
        record.put("timestamp", t.timestampMillis);
        record.put("amount", t.amount);
        record.put("quantity", t.quantity);
        record.put("currency", t.currency);
        record.put(
                "channel",
                t.channel == null || t.channel == Channel.UNKNOWN
                        ? null
                        : t.channel.name().toLowerCase(java.util.Locale.ROOT));
        record.put("product_id", t.productId);
        record.put("category", t.category);
        record.put("consent", t.consent);
        writer.write(record);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
