package dev.segment.jobs.rfm;

import dev.segment.common.io.RecordFileWriter;
import dev.segment.common.model.CustomerRfm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * RFM output as Parquet (parquet-avro): the same columns as the CSV of the definition, all optional
 * strings except the id, so a Parquet file and a CSV of one run hold the same text. Numbers keep
 * their exact decimal text (money as 2-decimal strings would lose typing, so money and scores are
 * written as doubles/ints where the value is numeric).
 */
public final class CustomerRfmParquet {
    private CustomerRfmParquet() {}

    static Schema schema(RfmDefinition definition, boolean holdout) {
        SchemaBuilder.FieldAssembler<Schema> f =
                SchemaBuilder.record("CustomerRfm").namespace("dev.segment.avro").fields();
        for (String col : CustomerRfmCsv.columns(definition, holdout)) {
            if (col.equals("customer_id")) {
                f = f.requiredString(col);
            } else if (col.equals("rfm_segment") || col.endsWith("_purchase")) {
                f = f.optionalString(col);
            } else {
                f = f.optionalDouble(col);
            }
        }
        return f.endRecord();
    }

    /** A writer factory for the single-file sink. */
    public static RecordFileWriter.Factory<CustomerRfm> factory(
            RfmDefinition definition, boolean holdout) {
        return file -> open(file, definition, holdout);
    }

    private static RecordFileWriter<CustomerRfm> open(
            Path file, RfmDefinition definition, boolean holdout) throws IOException {
        Schema schema = schema(definition, holdout);
        List<String> cols = CustomerRfmCsv.columns(definition, holdout);
        Files.deleteIfExists(file);
        ParquetWriter<GenericRecord> w =
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                        .withSchema(schema)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build();
        return new RecordFileWriter<>() {
            @Override
            public void write(CustomerRfm r) throws IOException {
                GenericData.Record rec = new GenericData.Record(schema);
                List<String> values = CustomerRfmCsv.values(r, definition, holdout);
                for (int i = 0; i < cols.size(); i++) {
                    String col = cols.get(i);
                    String v = values.get(i);
                    if (v == null || v.isEmpty()) {
                        rec.put(col, null);
                    } else if (col.equals("customer_id")
                            || col.equals("rfm_segment")
                            || col.endsWith("_purchase")) {
                        rec.put(col, v);
                    } else {
                        rec.put(col, Double.parseDouble(v));
                    }
                }
                w.write(rec);
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
