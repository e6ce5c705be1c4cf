package dev.segment.jobs.rfm;

import dev.segment.common.io.CsvLines;
import dev.segment.common.model.CustomerRfm;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The RFM output columns of each definition, as CSV. */
public final class CustomerRfmCsv {
    private CustomerRfmCsv() {}

    /** Column names of {@code definition} (with the holdout columns when {@code holdout}). */
    public static List<String> columns(RfmDefinition definition, boolean holdout) {
        switch (definition) {
            case CLASSIC:
                return List.of(
                        "customer_id",
                        "recency_days",
                        "frequency",
                        "monetary",
                        "avg_order_value",
                        "tenure_days",
                        "first_purchase",
                        "last_purchase",
                        "r_score",
                        "f_score",
                        "m_score",
                        "rfm_score",
                        "rfm_segment");
            case LIFETIMES:
                List<String> cols =
                        new ArrayList<>(
                                List.of(
                                        "customer_id",
                                        "frequency",
                                        "recency",
                                        "T",
                                        "monetary_value"));
                if (holdout) {
                    cols.addAll(
                            List.of(
                                    "frequency_holdout",
                                    "monetary_value_holdout",
                                    "duration_holdout"));
                }
                return cols;
            case RFM_PACKAGE:
                return List.of(
                        "customer_id",
                        "recency_days",
                        "transaction_count",
                        "amount",
                        "recency_score",
                        "frequency_score",
                        "monetary_score",
                        "rfm_score",
                        "rfm_segment");
            default:
                throw new IllegalStateException(definition.toString());
        }
    }

    public static String header(RfmDefinition definition, boolean holdout) {
        return String.join(",", columns(definition, holdout));
    }

    /** Values of one row in {@link #columns} order (money with 2 decimals, dates ISO). */
    public static List<String> values(CustomerRfm r, RfmDefinition definition, boolean holdout) {
        List<String> v = new ArrayList<>();
        v.add(r.customerId);
        switch (definition) {
            case CLASSIC:
                v.add(str(r.recencyDays));
                v.add(str(r.frequency));
                v.add(money(r.monetary));
                v.add(money(r.avgOrderValue));
                v.add(str(r.tenureDays));
                v.add(date(r.firstPurchaseDay));
                v.add(date(r.lastPurchaseDay));
                v.add(str(r.recencyScore));
                v.add(str(r.frequencyScore));
                v.add(str(r.monetaryScore));
                v.add(str(r.rfmScore));
                v.add(r.rfmSegment);
                break;
            case LIFETIMES:
                v.add(num(r.ltFrequency));
                v.add(num(r.ltRecency));
                v.add(num(r.ltT));
                v.add(num(r.ltMonetaryValue));
                if (holdout) {
                    v.add(num(r.ltFrequencyHoldout));
                    v.add(num(r.ltMonetaryValueHoldout));
                    v.add(num(r.ltDurationHoldout));
                }
                break;
            case RFM_PACKAGE:
                v.add(str(r.recencyDays));
                v.add(str(r.frequency));
                v.add(money(r.monetary));
                v.add(str(r.recencyScore));
                v.add(str(r.frequencyScore));
                v.add(str(r.monetaryScore));
                v.add(str(r.rfmScore));
                v.add(r.rfmSegment);
                break;
            default:
                throw new IllegalStateException(definition.toString());
        }
        return v;
    }

    /** A CSV line formatter for the file sinks. */
    public static CsvLines.Formatter<CustomerRfm> formatter(
            RfmDefinition definition, boolean holdout) {
        if (definition == RfmDefinition.CLASSIC) {
            return CustomerRfmCsv::classicLine;
        }
        return r -> {
            StringBuilder sb = new StringBuilder();
            for (String s : values(r, definition, holdout)) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(CsvLines.quote(s));
            }
            return sb.toString();
        };
    }

    /** The classic row without intermediate lists (the hot path of a million-customer output). */
    static String classicLine(CustomerRfm r) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(CsvLines.quote(r.customerId))
                .append(',')
                .append(str(r.recencyDays))
                .append(',')
                .append(str(r.frequency))
                .append(',')
                .append(money(r.monetary))
                .append(',')
                .append(money(r.avgOrderValue))
                .append(',')
                .append(str(r.tenureDays))
                .append(',')
                .append(date(r.firstPurchaseDay))
                .append(',')
                .append(date(r.lastPurchaseDay))
                .append(',')
                .append(str(r.recencyScore))
                .append(',')
                .append(str(r.frequencyScore))
                .append(',')
                .append(str(r.monetaryScore))
                .append(',')
                .append(str(r.rfmScore))
                .append(',')
                .append(CsvLines.quote(r.rfmSegment));
        return sb.toString();
    }

    static String str(Integer v) {
        return v == null ? "" : v.toString();
    }

    static String money(Double v) {
        if (v == null) {
            return "";
        }
        // values are already rounded to cents: format the cents exactly without BigDecimal
        long cents = Math.round(v * 100);
        if (Math.abs(cents) >= 1_000_000_000_000L || Math.abs(v * 100 - cents) > 1e-6) {
            return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        long abs = Math.abs(cents);
        long frac = abs % 100;
        return (cents < 0 ? "-" : "") + (abs / 100) + (frac < 10 ? ".0" : ".") + frac;
    }

    static String num(Double v) {
        return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, String> DATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    static String date(Integer epochDay) {
        if (epochDay == null) {
            return "";
        }
        // purchase days repeat a lot (a few thousand distinct days for millions of customers)
        return DATES.computeIfAbsent(epochDay, d -> LocalDate.ofEpochDay(d).toString());
    }
}
