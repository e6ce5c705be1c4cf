package dev.segment.jobs.rfm;

import dev.segment.common.io.SingleFileSink;
import java.nio.file.Path;
import java.util.Locale;

/** The RFM output file of a definition: Parquet when the name ends in .parquet, else CSV. */
public final class RfmFileSink {
    private RfmFileSink() {}

    /**
     * Adds the file to the job: a CSV sorted by customer id, written in parallel, or a Parquet file
     * (written by one task: its row groups are not joined from parts).
     */
    public static RfmJob attach(RfmJob job, Path file, RfmDefinition definition, boolean holdout) {
        if (parquet(file)) {
            return job.withSingleWriterSink(
                    new SingleFileSink<>(file, CustomerRfmParquet.factory(definition, holdout)));
        }
        return job.withSortedCsv(
                file,
                CustomerRfmCsv.header(definition, holdout),
                CustomerRfmCsv.formatter(definition, holdout));
    }

    private static boolean parquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }
}
