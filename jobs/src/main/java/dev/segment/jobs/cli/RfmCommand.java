package dev.segment.jobs.cli;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.ReturnsPolicy;
import dev.segment.common.io.TransactionFiles;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmDefinition;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code segment rfm}: RFM features, scores and segments per customer. */
@Command(
        name = "rfm",
        mixinStandardHelpOptions = true,
        header =
                "RFM features, scores and segments per customer (classic, lifetimes, rfm-package).",
        description =
                "Compute RFM per customer with one of three definitions and write it to "
                        + "a file (CSV, or Parquet when --out ends in .parquet) and to the "
                        + "segment store. Transactions dated after --as-of are ignored; those on "
                        + "it count.")
final class RfmCommand implements Callable<Integer> {

    @Mixin InputOptions input;

    @Option(
            names = "--as-of",
            paramLabel = "DATE",
            description = "As-of (analysis) date, yyyy-MM-dd. Default: the last transaction date.")
    String asOf;

    @Option(
            names = "--definition",
            defaultValue = "classic",
            paramLabel = "DEF",
            description = "classic | lifetimes | rfm-package. Default: ${DEFAULT-VALUE}.")
    String definition;

    @Option(
            names = "--period",
            defaultValue = "D",
            paramLabel = "D|W",
            description =
                    "lifetimes: period of purchases (D days, W Monday-Sunday weeks). Default: ${DEFAULT-VALUE}.")
    String period;

    @Option(
            names = "--unit",
            defaultValue = "days",
            paramLabel = "UNIT",
            description =
                    "lifetimes: unit of recency and T, days or weeks (days/7). Default: ${DEFAULT-VALUE}.")
    String unit;

    @Option(
            names = "--calibration-end",
            paramLabel = "DATE",
            description = "lifetimes: end of the calibration period (holdout after it).")
    String calibrationEnd;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Output file (.csv or .parquet).")
    Path out;

    @Mixin SegmentRulesOptions segments;

    @Mixin StoreOptions store;

    @Mixin ExecutionOptions execution;

    @Override
    public Integer call() throws Exception {
        Console console = new Console(System.out);
        RfmConfig config =
                new RfmConfig(
                                RfmDefinition.parse(definition),
                                date("--as-of", asOf),
                                period,
                                unit,
                                date("--calibration-end", calibrationEnd),
                                segments.table())
                        .validate();
        CsvLayout layout = layout(input);
        TransactionFiles files = TransactionFiles.of(input.transactions, layout).checkHeaders();
        OutputPaths.file("--out", out);
        Path dead =
                input.deadLetters != null
                        ? input.deadLetters
                        : out.toAbsolutePath().resolveSibling("dead-letters.csv");
        OutputPaths.file(input.deadLetters != null ? "--dead-letters" : "--out", dead);
        RfmRun.Result r =
                new RfmRun(console)
                        .execute(
                                new RfmRun.Request(
                                        files,
                                        layout,
                                        config,
                                        out,
                                        dead,
                                        input.maxRejectedShare,
                                        store.noStore ? null : store.resolve(),
                                        store.runId,
                                        execution.parallelismOrDefault(),
                                        RfmRun.params(
                                                "definition",
                                                config.definition().label(),
                                                "as_of",
                                                asOf,
                                                "period",
                                                period,
                                                "unit",
                                                unit,
                                                "calibration_end",
                                                calibrationEnd,
                                                "format",
                                                input.format,
                                                "columns",
                                                input.columns,
                                                "zone",
                                                input.zone,
                                                "returns",
                                                input.returns,
                                                "duplicates",
                                                input.duplicates,
                                                "segments",
                                                config.segments().source(),
                                                "out",
                                                out)));
        return r.gatePassed() ? ExitCodes.OK : ExitCodes.DATA_QUALITY;
    }

    static LocalDate date(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " '" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    static CsvLayout layout(InputOptions input) {
        InputOptions.requireShare("--max-rejected-share", input.maxRejectedShare);
        if (input.delimiter.length() != 1 && !"\\t".equals(input.delimiter)) {
            throw new IllegalArgumentException(
                    "--delimiter must be one character but was '" + input.delimiter + "'");
        }
        char delim = "\\t".equals(input.delimiter) ? '\t' : input.delimiter.charAt(0);
        CsvLayout.Format format = CsvLayout.Format.parse(input.format);
        CsvLayout base =
                format == CsvLayout.Format.CDNOW
                        ? CsvLayout.cdnow()
                        : CsvLayout.canonical().withDelimiter(delim);
        return base.withColumns(input.columns)
                .withDateFormat(input.dateFormat)
                .withZone(input.zone)
                .withReturns(ReturnsPolicy.parse(input.returns))
                .withEncoding(input.encoding)
                .withDuplicates(dev.segment.common.io.DuplicatePolicy.parse(input.duplicates))
                .validate();
    }
}
