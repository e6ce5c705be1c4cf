package dev.segment.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@link SyntheticDataGenerator} writes. Immutable; {@link #validate()} names the bad option.
 *
 * @param customers number of customers (>= 1)
 * @param days length of the observation window in days (>= 120, so the lapsed group can lapse)
 * @param seed random seed; the same seed gives byte-identical files
 * @param start first day of the window
 * @param out output directory
 * @param clicks whether to write clicks.jsonl
 * @param parquet whether to write transactions.parquet
 * @param returns whether to add ~1% return lines (negative amounts)
 */
public record GeneratorConfig(
        long customers,
        int days,
        long seed,
        LocalDate start,
        Path out,
        boolean clicks,
        boolean parquet,
        boolean returns) {

    public GeneratorConfig validate() {
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be >= 1 but was " + customers);
        }
        if (customers > 100_000_000L) {
            throw new IllegalArgumentException(
                    "--customers must be <= 100,000,000 but was " + customers);
        }
        if (days < 120) {
            throw new IllegalArgumentException(
                    "--days must be >= 120 (lapsed customers need time to lapse) but was " + days);
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        return this;
    }

    /** Last day of the window (inclusive); purchases never fall after it. */
    public LocalDate end() {
        return start.plusDays(days - 1);
    }
}
