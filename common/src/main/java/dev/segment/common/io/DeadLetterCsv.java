package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import java.nio.file.Path;

/**
 * The dead-letter file: {@code source,position,field,reason,original}, one rejected row per line.
 */
public final class DeadLetterCsv {
    private DeadLetterCsv() {}

    public static final String HEADER = "source,position,field,reason,original";

    public static String format(DeadLetter d) {
        return CsvLines.quote(d.source)
                + ','
                + d.position
                + ','
                + CsvLines.quote(d.field)
                + ','
                + CsvLines.quote(d.reason)
                + ','
                + CsvLines.quote(d.original);
    }

    /** A single-file sink writing dead letters to {@code file}. */
    public static SingleFileSink<DeadLetter> sink(Path file) {
        return new SingleFileSink<>(file, CsvLines.factory(HEADER, DeadLetterCsv::format));
    }
}
