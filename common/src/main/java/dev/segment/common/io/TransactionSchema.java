package dev.segment.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The Avro schema of transactions on disk ({@code avro/transaction.avsc}). */
public final class TransactionSchema {
    private TransactionSchema() {}

    public static final Schema SCHEMA = load();

    private static Schema load() {
        try (InputStream in =
                TransactionSchema.class.getResourceAsStream("/avro/transaction.avsc")) {
            if (in == null) {
                throw new IllegalStateException(
                        "avro/transaction.avsc missing from the class path");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
