package dev.segment.jobs.rfm;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What an RFM run computes. Immutable; {@link #validate()} names the offending option.
 *
 * @param definition which definition
 * @param asOf the as-of (analysis / observation end) date: purchases after it are ignored, those on
 *     it count; null means the date of the last transaction
 * @param period lifetimes' bucketing: {@code D} (days) or {@code W} (Monday-Sunday weeks)
 * @param unit lifetimes' unit of recency and T: {@code days} or {@code weeks} (days / 7, only with
 *     period D; lifetimes' freq_multiplier)
 * @param calibrationEnd lifetimes: end of the calibration period (inclusive), or null
 * @param segments the rules that name segments from scores (classic and rfm-package)
 */
public record RfmConfig(
        RfmDefinition definition,
        LocalDate asOf,
        String period,
        String unit,
        LocalDate calibrationEnd,
        SegmentTable segments)
        implements Serializable {

    /** A configuration with the built-in segment rules. */
    public RfmConfig(
            RfmDefinition definition,
            LocalDate asOf,
            String period,
            String unit,
            LocalDate calibrationEnd) {
        this(definition, asOf, period, unit, calibrationEnd, SegmentTable.DEFAULT);
    }

    /** This configuration with other segment rules. */
    public RfmConfig withSegments(SegmentTable rules) {
        return new RfmConfig(definition, asOf, period, unit, calibrationEnd, rules);
    }

    public static RfmConfig classic(LocalDate asOf) {
        return new RfmConfig(RfmDefinition.CLASSIC, asOf, "D", "days", null);
    }

    public RfmConfig validate() {
        if (definition == null) {
            throw new IllegalArgumentException("--definition is required");
        }
        if (!"D".equals(period) && !"W".equals(period)) {
            throw new IllegalArgumentException("--period must be D or W but was '" + period + "'");
        }
        if (!"days".equals(unit) && !"weeks".equals(unit)) {
            throw new IllegalArgumentException(
                    "--unit must be days or weeks but was '" + unit + "'");
        }
        if ("weeks".equals(unit) && "W".equals(period)) {
            throw new IllegalArgumentException(
                    "--unit weeks divides day counts by 7 and needs --period D (with --period W the"
                            + " values are already in weeks)");
        }
        if (calibrationEnd != null) {
            if (definition != RfmDefinition.LIFETIMES) {
                throw new IllegalArgumentException(
                        "--calibration-end applies to --definition lifetimes only");
            }
            if (asOf != null && !calibrationEnd.isBefore(asOf)) {
                throw new IllegalArgumentException(
                        "--calibration-end " + calibrationEnd + " must be before --as-of " + asOf);
            }
        }
        if (segments == null) {
            throw new IllegalArgumentException("segment rules are required");
        }
        if (definition == RfmDefinition.LIFETIMES && segments != SegmentTable.DEFAULT) {
            throw new IllegalArgumentException(
                    "--segments applies to --definition classic and rfm-package (lifetimes has no"
                            + " scores)");
        }
        if (definition != RfmDefinition.LIFETIMES
                && (!"D".equals(period) || !"days".equals(unit))) {
            throw new IllegalArgumentException(
                    "--period and --unit apply to --definition lifetimes only");
        }
        return this;
    }

    /** Epoch day of the as-of date, or Integer.MAX_VALUE when it defaults to the last purchase. */
    int asOfDayOrMax() {
        return asOf == null ? Integer.MAX_VALUE : (int) asOf.toEpochDay();
    }
}
