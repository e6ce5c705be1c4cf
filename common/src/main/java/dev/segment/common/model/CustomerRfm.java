package dev.segment.common.model;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * RFM result for one customer under one definition ({@code classic}, {@code lifetimes} or {@code
 * rfm-package}). One wide record serves all three so the store has one table; fields that a
 * definition does not produce stay null. Days are epoch days; money is in the input currency.
 */
@TypeInfo(CustomerRfmSerializer.Factory.class)
public class CustomerRfm implements Serializable {
    private static final long serialVersionUID = 1L;

    public String customerId;

    /** {@code classic}, {@code lifetimes} or {@code rfm-package}. */
    public String definition;

    // ---- classic and rfm-package ----
    /** As-of date minus the calendar day of the last purchase. */
    public Integer recencyDays;

    /** classic: distinct orders; rfm-package: number of transaction rows. */
    public Integer frequency;

    /** Sum of amounts. */
    public Double monetary;

    public Double avgOrderValue;
    public Integer tenureDays;
    public Integer firstPurchaseDay;
    public Integer lastPurchaseDay;

    /** The distinct purchase day before the last one (null with one purchase day); lifecycle. */
    public Integer previousPurchaseDay;

    /** The as-of day the row was computed for (epoch day). */
    public Integer asOfDay;

    public Integer recencyScore;
    public Integer frequencyScore;
    public Integer monetaryScore;

    /** 100 R + 10 F + M. */
    public Integer rfmScore;

    public String rfmSegment;

    // ---- lifetimes (summary_data_from_transaction_data / calibration_and_holdout_data) ----
    /** Repeat periods (distinct periods - 1), in the calibration window when one is set. */
    public Double ltFrequency;

    /** Last minus first period, in --unit. */
    public Double ltRecency;

    /** Observation (or calibration) end minus first period, in --unit. */
    public Double ltT;

    /** Mean value of repeat periods (0 when ltFrequency is 0). */
    public Double ltMonetaryValue;

    /** Holdout: repeat periods after calibration end (null without a calibration split). */
    public Double ltFrequencyHoldout;

    /** Holdout: mean value of holdout periods (0 when none). */
    public Double ltMonetaryValueHoldout;

    /** Holdout: observation end minus calibration end, in --unit. */
    public Double ltDurationHoldout;

    // ---- consent stated in the customer's rows (a consent column of the input) ----
    /** {@code granted} or {@code withdrawn} by the newest statement; null when none. */
    public String consent;

    /** When the newest statement was made (the row's instant, epoch milliseconds UTC). */
    public Long consentChangedAt;

    /** Whether the customer's own rows withdraw consent to the use of their data. */
    public boolean withdrawn() {
        return "withdrawn".equals(consent);
    }

    public CustomerRfm() {}
}
