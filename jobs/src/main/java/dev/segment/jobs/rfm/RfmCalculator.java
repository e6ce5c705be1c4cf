package dev.segment.jobs.rfm;

import dev.segment.common.model.CustomerRfm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the RFM table of all customers from their aggregated purchases. Pure Java: the Flink job
 * runs it in one task because scores need the whole distribution.
 *
 * <p><b>classic</b>: {@code recency_days} = as-of minus the last purchase day; {@code frequency} =
 * distinct orders; {@code monetary} = sum; {@code avg_order_value} = monetary / frequency; {@code
 * tenure_days} = as-of minus the first purchase day. Scores are SQL {@code NTILE(5)} over
 * (recency_days DESC, customer_id), (frequency, customer_id) and (monetary, customer_id), so 5 is
 * the most recent / frequent / valuable fifth and ties are broken by customer id (string order).
 *
 * <p><b>lifetimes</b>: {@code summary_data_from_transaction_data}: purchases are bucketed in
 * periods (days, or Monday-Sunday weeks), same-period values summed; frequency = periods - 1;
 * recency = last - first period; T = observation end - first period; monetary_value = mean of the
 * repeat periods (0 without repeats); recency and T divided by the unit (1 or 7) and rounded
 * half-up to 2 decimals. With a calibration end: calibration columns as above up to and including
 * that day (T measured to it), holdout frequency = periods with purchases after it, holdout
 * monetary = their mean value, duration = observation end - calibration end; customers whose first
 * purchase is after the calibration end are left out.
 *
 * <p><b>rfm-package</b>: R {@code rfm::rfm_table_order}: amount = sum, transaction_count = rows,
 * recency_days = as-of minus the last purchase day, scores by {@link RPackageBins}.
 *
 * <p>Purchases after the as-of date must have been removed before aggregation.
 */
public final class RfmCalculator {

    private final RfmConfig config;

    public RfmCalculator(RfmConfig config) {
        this.config = config.validate();
    }

    /** The as-of day used for {@code customers}: the configured one or the last purchase day. */
    public int asOfDay(List<CustomerPartial> customers) {
        if (config.asOf() != null) {
            return (int) config.asOf().toEpochDay();
        }
        int max = Integer.MIN_VALUE;
        for (CustomerPartial c : customers) {
            max = Math.max(max, c.lastDay());
        }
        return max;
    }

    public List<CustomerRfm> compute(List<CustomerPartial> customers) {
        if (customers.isEmpty()) {
            return List.of();
        }
        switch (config.definition()) {
            case CLASSIC:
                return classic(customers);
            case LIFETIMES:
                return lifetimes(customers);
            case RFM_PACKAGE:
                return rfmPackage(customers);
            default:
                throw new IllegalStateException(config.definition().toString());
        }
    }

    private List<CustomerRfm> classic(List<CustomerPartial> customers) {
        int asOf = asOfDay(customers);
        int n = customers.size();
        int[] idRank = idRanks(customers);
        long[] recency = new long[n];
        long[] frequency = new long[n];
        long[] monetary = new long[n];
        for (int i = 0; i < n; i++) {
            CustomerPartial c = customers.get(i);
            recency[i] = asOf - c.lastDay();
            frequency[i] = c.distinctOrders();
            monetary[i] = c.units;
        }
        // NTILE over (recency_days DESC, id): negate recency so that ascending order is DESC
        long[] negRecency = new long[n];
        for (int i = 0; i < n; i++) {
            negRecency[i] = -recency[i];
        }
        int[] r = ntile5(negRecency, idRank);
        int[] f = ntile5(frequency, idRank);
        int[] m = ntile5(monetary, idRank);
        List<CustomerRfm> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(classicRow(customers.get(i), asOf, r[i], f[i], m[i]));
        }
        return out;
    }

    /** A classic row from the customer's aggregate and its three scores. */
    CustomerRfm classicRow(CustomerPartial c, int asOf, int r, int f, int m) {
        CustomerRfm row = new CustomerRfm();
        row.customerId = c.customerId;
        row.definition = RfmDefinition.CLASSIC.label();
        row.recencyDays = asOf - c.lastDay();
        row.frequency = c.distinctOrders();
        row.monetary = Money.round2(c.units);
        row.avgOrderValue = Money.mean2(c.units, c.distinctOrders());
        row.tenureDays = asOf - c.firstDay();
        row.firstPurchaseDay = c.firstDay();
        row.lastPurchaseDay = c.lastDay();
        row.previousPurchaseDay = c.days.length > 1 ? c.days[c.days.length - 2] : null;
        return scored(row, c, asOf, r, f, m);
    }

    private List<CustomerRfm> rfmPackage(List<CustomerPartial> customers) {
        int asOf = asOfDay(customers);
        int n = customers.size();
        double[] recency = new double[n];
        double[] count = new double[n];
        double[] amount = new double[n];
        for (int i = 0; i < n; i++) {
            CustomerPartial c = customers.get(i);
            recency[i] = asOf - c.lastDay();
            count[i] = c.rows;
            amount[i] = (double) c.units / CustomerPartial.UNITS;
        }
        RPackageBins rBins = RPackageBins.fit(recency, 5);
        RPackageBins fBins = RPackageBins.fit(count, 5);
        RPackageBins mBins = RPackageBins.fit(amount, 5);
        List<CustomerRfm> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rfmPackageRow(customers.get(i), asOf, rBins, fBins, mBins));
        }
        return out;
    }

    /** An rfm-package row from the customer's aggregate and the population's bins. */
    CustomerRfm rfmPackageRow(
            CustomerPartial c,
            int asOf,
            RPackageBins rBins,
            RPackageBins fBins,
            RPackageBins mBins) {
        int r = rBins.reverseScore(asOf - c.lastDay());
        int f = fBins.score(c.rows);
        int m = mBins.score((double) c.units / CustomerPartial.UNITS);
        CustomerRfm row = new CustomerRfm();
        row.customerId = c.customerId;
        row.definition = RfmDefinition.RFM_PACKAGE.label();
        row.recencyDays = asOf - c.lastDay();
        row.frequency = (int) c.rows;
        row.monetary = Money.round2(c.units);
        row.firstPurchaseDay = c.firstDay();
        row.lastPurchaseDay = c.lastDay();
        return scored(row, c, asOf, r, f, m);
    }

    /** Sets the row's scores, RFM score and segment, as-of day and the customer's consent. */
    private CustomerRfm scored(CustomerRfm row, CustomerPartial c, int asOf, int r, int f, int m) {
        row.recencyScore = r;
        row.frequencyScore = f;
        row.monetaryScore = m;
        row.rfmScore = 100 * r + 10 * f + m;
        row.rfmSegment = config.segments().segment(r, f, m);
        row.asOfDay = asOf;
        stated(row, c);
        return row;
    }

    /** Carries the customer's newest consent statement onto the row. */
    private static void stated(CustomerRfm row, CustomerPartial c) {
        if (c.consent != CustomerPartial.CONSENT_NOT_STATED) {
            row.consent = c.consent == CustomerPartial.CONSENT_GRANTED ? "granted" : "withdrawn";
            row.consentChangedAt = c.consentAt;
        }
    }

    private List<CustomerRfm> lifetimes(List<CustomerPartial> customers) {
        int asOf = asOfDay(customers);
        List<CustomerRfm> out = new ArrayList<>(customers.size());
        for (CustomerPartial c : customers) {
            CustomerRfm row = lifetimesRow(c, asOf);
            if (row != null) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * A lifetimes row of the customer, or null when lifetimes leaves the customer out (first
     * purchase after the calibration end).
     */
    CustomerRfm lifetimesRow(CustomerPartial c, int asOf) {
        boolean weeks = "W".equals(config.period());
        int divisor = "weeks".equals(config.unit()) ? 7 : 1;
        Integer calEnd =
                config.calibrationEnd() == null ? null : (int) config.calibrationEnd().toEpochDay();
        long endPeriod = period(asOf, weeks);
        int cut = calEnd == null ? asOf : calEnd;
        if (c.firstDay() > cut) {
            return null; // first purchase after the calibration end: lifetimes leaves it out
        }
        // periods and their values, split at the calibration end
        long[] calPeriods = new long[c.days.length];
        long[] calValues = new long[c.days.length];
        int nCal = 0;
        long holdPeriods = 0;
        long holdUnits = 0;
        long lastHoldPeriod = Long.MIN_VALUE;
        for (int i = 0; i < c.days.length; i++) {
            int day = c.days[i];
            if (day > asOf) {
                continue;
            }
            long p = period(day, weeks);
            if (day <= cut) {
                if (nCal > 0 && calPeriods[nCal - 1] == p) {
                    calValues[nCal - 1] = Money.add(calValues[nCal - 1], c.dayUnits[i]);
                } else {
                    calPeriods[nCal] = p;
                    calValues[nCal++] = c.dayUnits[i];
                }
            } else {
                if (p != lastHoldPeriod) {
                    holdPeriods++;
                    lastHoldPeriod = p;
                }
                holdUnits = Money.add(holdUnits, c.dayUnits[i]);
            }
        }
        long first = calPeriods[0];
        long repeatUnits = 0;
        for (int i = 1; i < nCal; i++) {
            repeatUnits += calValues[i];
        }
        CustomerRfm row = new CustomerRfm();
        row.customerId = c.customerId;
        row.definition = RfmDefinition.LIFETIMES.label();
        row.ltFrequency = (double) (nCal - 1);
        row.ltRecency = Money.ratio2(calPeriods[nCal - 1] - first, divisor);
        row.ltT = Money.ratio2(period(cut, weeks) - first, divisor);
        row.ltMonetaryValue = Money.mean2(repeatUnits, nCal - 1);
        row.firstPurchaseDay = c.firstDay();
        row.lastPurchaseDay = c.lastDay();
        if (calEnd != null) {
            row.ltFrequencyHoldout = (double) holdPeriods;
            row.ltMonetaryValueHoldout = Money.mean2(holdUnits, holdPeriods);
            row.ltDurationHoldout = Money.ratio2(endPeriod - period(calEnd, weeks), divisor);
        }
        row.asOfDay = asOf;
        stated(row, c);
        return row;
    }

    /** Period index of an epoch day: the day itself, or its Monday-Sunday week (pandas W-SUN). */
    static long period(int day, boolean weeks) {
        // epoch day 0 (1970-01-01) is a Thursday; day -3 is the Monday starting week 0
        return weeks ? Math.floorDiv(day + 3, 7) : day;
    }

    /** Rank of each customer id in string order (ids are unique after aggregation). */
    private static int[] idRanks(List<CustomerPartial> customers) {
        int n = customers.size();
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = customers.get(i - 1).customerId.compareTo(customers.get(i).customerId) < 0;
        }
        if (sorted) {
            // the Flink job hands over customers sorted by id: the rank is the position
            int[] rank = new int[n];
            for (int i = 0; i < n; i++) {
                rank[i] = i;
            }
            return rank;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.parallelSort(
                idx, (a, b) -> customers.get(a).customerId.compareTo(customers.get(b).customerId));
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[idx[i]] = i;
        }
        return rank;
    }

    /** NTILE(5) over (value, idRank) ascending; returns the bucket of each row. */
    static int[] ntile5(long[] value, int[] idRank) {
        int n = value.length;
        // dense rank of the values, so that (valueRank, idRank) packs into one long
        long[] distinct = value.clone();
        Arrays.parallelSort(distinct);
        int d = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[d++] = distinct[i];
            }
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long valueRank = Arrays.binarySearch(distinct, 0, d, value[i]);
            keys[i] = (valueRank << 32) | idRank[i];
        }
        long[] sorted = keys.clone();
        Arrays.parallelSort(sorted);
        int[] rowOfIdRank = new int[n];
        for (int i = 0; i < n; i++) {
            rowOfIdRank[idRank[i]] = i;
        }
        int[] bucket = new int[n];
        for (int rank = 0; rank < n; rank++) {
            int row = rowOfIdRank[(int) (sorted[rank] & 0xffffffffL)];
            bucket[row] = Ntile.bucket(rank, n, 5);
        }
        return bucket;
    }
}
