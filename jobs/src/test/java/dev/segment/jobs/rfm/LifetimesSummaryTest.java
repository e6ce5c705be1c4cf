package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.common.model.CustomerRfm;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * lifetimes' summary_data_from_transaction_data and calibration_and_holdout_data. Every expected
 * value is transcribed from data/lifetimes_tests/EXPECTED.md (lifetimes tests/test_utils.py @
 * 4f2833f and pymc-marketing tests/clv/test_utils.py @ 01913ec), case letters as there.
 */
class LifetimesSummaryTest {

    private static final LocalDate END = LocalDate.of(2015, 2, 7);

    /** Cases B/C fixture: ids, dates and values as in EXPECTED.md. */
    private static Partials fixtureBC() {
        return new Partials()
                .add("1", "2015-01-01", 1)
                .add("1", "2015-02-06", 2)
                .add("2", "2015-01-01", 2)
                .add("3", "2015-01-01", 3)
                .add("3", "2015-01-02", 1)
                .add("3", "2015-01-05", 5)
                .add("4", "2015-01-16", 6)
                .add("4", "2015-02-02", 3)
                .add("4", "2015-02-05", 3)
                .add("5", "2015-01-16", 3)
                .add("5", "2015-01-17", 1)
                .add("5", "2015-01-18", 8)
                .add("6", "2015-02-02", 5);
    }

    private static Map<String, CustomerRfm> run(
            Partials p, String period, String unit, LocalDate asOf, LocalDate calibrationEnd) {
        RfmConfig config =
                new RfmConfig(RfmDefinition.LIFETIMES, asOf, period, unit, calibrationEnd);
        return new RfmCalculator(config)
                .compute(p.build()).stream()
                        .collect(Collectors.toMap(r -> r.customerId, Function.identity()));
    }

    private static void assertRow(
            Map<String, CustomerRfm> rows, String id, double f, double r, double t) {
        CustomerRfm row = rows.get(id);
        assertEquals(f, row.ltFrequency, "frequency of " + id);
        assertEquals(r, row.ltRecency, "recency of " + id);
        assertEquals(t, row.ltT, "T of " + id);
    }

    @Test
    void caseA_dailyPeriods() {
        Partials p =
                new Partials()
                        .add("1", "2015-02-01", 1)
                        .add("1", "2015-02-06", 1)
                        .add("2", "2015-01-01", 1)
                        .add("3", "2015-01-01", 1)
                        .add("3", "2015-01-02", 1)
                        .add("3", "2015-01-05", 1);
        Map<String, CustomerRfm> rows = run(p, "D", "days", END, null);
        assertRow(rows, "1", 1, 5, 6);
        assertRow(rows, "2", 0, 0, 37);
        assertRow(rows, "3", 2, 4, 37);
    }

    @Test
    void caseB_weeklyPeriodsAreMondayToSunday() {
        Map<String, CustomerRfm> rows = run(fixtureBC(), "W", "days", END, null);
        assertRow(rows, "1", 1, 5, 5);
        assertRow(rows, "2", 0, 0, 5);
        assertRow(rows, "3", 1, 1, 5);
        assertRow(rows, "4", 1, 3, 3);
        assertRow(rows, "5", 0, 0, 3);
        assertRow(rows, "6", 0, 0, 0);
    }

    @Test
    void caseC_monetaryValueIsTheMeanOfRepeatPeriods() {
        Map<String, CustomerRfm> rows = run(fixtureBC(), "D", "days", END, null);
        double[][] expected = {
            {1, 36, 37, 2},
            {0, 0, 37, 0},
            {2, 4, 37, 3},
            {2, 20, 22, 3},
            {2, 2, 22, 4.5},
            {0, 0, 5, 0}
        };
        for (int i = 0; i < expected.length; i++) {
            String id = String.valueOf(i + 1);
            assertRow(rows, id, expected[i][0], expected[i][1], expected[i][2]);
            assertEquals(expected[i][3], rows.get(id).ltMonetaryValue, "monetary_value of " + id);
        }
    }

    @Test
    void caseC_calibrationAndHoldoutDaily() {
        Map<String, CustomerRfm> rows =
                run(fixtureBC(), "D", "days", END, LocalDate.of(2015, 2, 1));
        assertEquals(5, rows.size(), "id 6 first bought after the calibration end");
        double[] cal = {0, 0, 3, 0, 4.5};
        double[] hold = {2, 0, 0, 3, 0};
        for (int i = 0; i < 5; i++) {
            String id = String.valueOf(i + 1);
            assertEquals(cal[i], rows.get(id).ltMonetaryValue, "monetary_value_cal of " + id);
            assertEquals(
                    hold[i],
                    rows.get(id).ltMonetaryValueHoldout,
                    "monetary_value_holdout of " + id);
        }
    }

    @Test
    void caseC_calibrationAndHoldoutWeekly() {
        Map<String, CustomerRfm> rows =
                run(fixtureBC(), "W", "days", END, LocalDate.of(2015, 2, 1));
        // (id, f_cal, r_cal, T_cal, f_hold, duration_hold)
        double[][] expected = {
            {0, 0, 4, 1, 1}, {0, 0, 4, 0, 1}, {1, 1, 4, 0, 1}, {0, 0, 2, 1, 1}, {0, 0, 2, 0, 1}
        };
        assertEquals(5, rows.size());
        for (int i = 0; i < expected.length; i++) {
            String id = String.valueOf(i + 1);
            assertRow(rows, id, expected[i][0], expected[i][1], expected[i][2]);
            assertEquals(
                    expected[i][3], rows.get(id).ltFrequencyHoldout, "frequency_holdout of " + id);
            assertEquals(
                    expected[i][4], rows.get(id).ltDurationHoldout, "duration_holdout of " + id);
        }
    }

    @Test
    void caseD_orderOfRowsDoesNotMatter() {
        Partials p =
                new Partials()
                        .add("2", "2014-05-21", 25)
                        .add("2", "2014-03-14", 10)
                        .add("2", "2014-04-09", 20);
        assertEquals(
                22.5,
                run(p, "D", "days", LocalDate.of(2014, 12, 31), null).get("2").ltMonetaryValue);
    }

    @Test
    void caseE_twoPurchasesOnOneDayWeeklyAreOnePeriod() {
        Partials p = new Partials().add("1", "2015-01-05", 1).add("1", "2015-01-05", 2);
        assertEquals(0.0, run(p, "W", "days", END, null).get("1").ltFrequency);
    }

    @Test
    void pymcMarketing_samePeriodValuesAreSummed() {
        // EXPECTED.md pymc-marketing fixture: B/C plus (4, 2015-02-05, 6) -> id 4 monetary 6
        Map<String, CustomerRfm> rows =
                run(fixtureBC().add("4", "2015-02-05", 6), "D", "days", END, null);
        assertEquals(6.0, rows.get("4").ltMonetaryValue);
        assertRow(rows, "4", 2, 20, 22);
    }

    @Test
    void weeksUnitDividesDayCountsBySevenRoundedHalfUp() {
        // 10 days = 1.428571.. weeks -> 1.43; 37 days = 5.285714.. -> 5.29
        Partials p = new Partials().add("1", "2015-01-01", 1).add("1", "2015-01-11", 1);
        CustomerRfm row = run(p, "D", "weeks", LocalDate.of(2015, 2, 7), null).get("1");
        assertEquals(1.43, row.ltRecency);
        assertEquals(5.29, row.ltT);
    }

    @Test
    void defaultObservationEndIsTheLastTransactionDate() {
        Map<String, CustomerRfm> rows = run(fixtureBC(), "D", "days", null, null);
        // last transaction overall is 2015-02-06, one day before END: T is one less than case C
        assertRow(rows, "1", 1, 36, 36);
        assertRow(rows, "6", 0, 0, 4);
        assertEquals(
                List.of("1", "2", "3", "4", "5", "6"), rows.keySet().stream().sorted().toList());
    }
}
