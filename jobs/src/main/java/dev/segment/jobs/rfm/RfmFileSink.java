package dev.segment.jobs.rfm;

import dev.segment.common.io.CsvLines;
import dev.segment.common.io.SingleFileSink;
import dev.segment.common.model.CustomerRfm;
import java.nio.file.Path;
import java.util.Locale;

/** The RFM output file of a definition: Parquet when the name ends in .parquet, else CSV. */
public final class RfmFileSink {
    private RfmFileSink() {}

    public static SingleFileSink<CustomerRfm> of(
            Path file, RfmDefinition definition, boolean holdout) {
        boolean parquet =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
        return new SingleFileSink<>(
                file,
                parquet
                        ? CustomerRfmParquet.factory(definition, holdout)
                        : CsvLines.factory(
                                CustomerRfmCsv.header(definition, holdout),
                                CustomerRfmCsv.formatter(definition, holdout)));
    }
}
