package dev.segment.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that reads transactions. */
public final class InputOptions {

    @Option(
            names = "--transactions",
            required = true,
            paramLabel = "PATH",
            description =
                    "Transactions: a file or a directory of *.csv / *.txt / *.tsv (plain or"
                            + " .gz) and *.parquet files; files of a directory that are not read"
                            + " are listed.")
    Path transactions;

    @Option(
            names = "--format",
            defaultValue = "canonical",
            paramLabel = "FORMAT",
            description =
                    "CSV layout: canonical (header customer_id,order_id,timestamp,amount[,quantity,"
                            + "currency,channel,product_id,category]; ISO-8601 dates) or cdnow "
                            + "(customer_id date number_of_cds dollar_value, whitespace, YYYYMMDD). "
                            + "Parquet files always use the canonical schema. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--columns",
            paramLabel = "MAP",
            description =
                    "Map other header names onto canonical fields, e.g. "
                            + "customer_id=CustomerID,timestamp=InvoiceDate,order_id=InvoiceNo.")
    String columns;

    @Option(
            names = "--date-format",
            paramLabel = "PATTERN",
            description =
                    "java.time pattern for the timestamp column (e.g. yyyyMMdd or "
                            + "'dd/MM/yyyy HH:mm'); default: ISO-8601 dates or date-times.")
    String dateFormat;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            paramLabel = "CHAR",
            description = "Field delimiter of canonical CSV. Default: '${DEFAULT-VALUE}'.")
    String delimiter;

    @Option(
            names = "--encoding",
            defaultValue = "UTF-8",
            paramLabel = "CHARSET",
            description =
                    "Character encoding of CSV input (UTF-8, ISO-8859-1, windows-1252, ...); a row"
                            + " with bytes invalid in it goes to the dead letters. Default:"
                            + " ${DEFAULT-VALUE}.")
    String encoding;

    @Option(
            names = "--zone",
            defaultValue = "UTC",
            paramLabel = "ZONE",
            description =
                    "Business time zone: local date-times are read in it and purchase days "
                            + "are counted in it. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(
            names = "--returns",
            defaultValue = "net",
            paramLabel = "POLICY",
            description =
                    "Returns and cancellations (negative amounts, 'C' invoices): net (keep as "
                            + "negative lines, monetary is net of returns) or exclude (send them "
                            + "to the dead letters). Default: ${DEFAULT-VALUE}.")
    String returns;

    @Option(
            names = "--duplicates",
            defaultValue = "keep",
            paramLabel = "keep|drop",
            description =
                    "Rows identical to an earlier row of the same customer (every field equal):"
                            + " keep them (so the numbers equal other RFM tools') or drop them to"
                            + " the dead letters. Counted either way. Default: ${DEFAULT-VALUE}.")
    String duplicates;

    @Option(
            names = "--dead-letters",
            paramLabel = "FILE",
            description =
                    "Where rejected rows go (CSV: source,position,field,reason,original). "
                            + "Default: dead-letters.csv next to the output.")
    Path deadLetters;

    @Option(
            names = "--max-rejected-share",
            defaultValue = "0.01",
            paramLabel = "SHARE",
            description =
                    "Fail the run (exit code 3) when rejected rows exceed this share of rows "
                            + "read. Default: ${DEFAULT-VALUE} (1%%).")
    double maxRejectedShare;

    /** Checks a share option ({@code --max-rejected-share} and the like) before a job starts. */
    static void requireShare(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    option + " must be between 0 and 1 but was " + value);
        }
    }
}
