package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomerRows} must give every customer the partial that adding its rows one by one to a
 * {@link PartialBuilder} gives: the same ids, rows, orders, days, amounts, fingerprints and latest
 * consent, whatever the number of customers (the table grows many times here) or their ids.
 */
class CustomerRowsTest {

    @Test
    void partialsEqualOneBuilderPerCustomer() {
        Random random = new Random(11);
        CustomerRows rows = new CustomerRows();
        Map<String, PartialBuilder> expected = new LinkedHashMap<>();
        String[] odd = {"Zoë", "客户", "", " ", "C1 ", "c1"};
        for (int i = 0; i < 300_000; i++) {
            int n = random.nextInt(60_000);
            String id = n < odd.length ? odd[n] : "C" + n;
            long order = random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(1000);
            int day = 19_000 + random.nextInt(400);
            long units = random.nextInt(2_000_000) - 100_000;
            long print = random.nextInt(20) == 0 ? 42 : random.nextLong();
            Boolean consent =
                    random.nextInt(50) == 0 ? Boolean.valueOf(random.nextBoolean()) : null;
            long at = random.nextInt(3) * 1000L;

            int c = rows.customer(id);
            rows.add(c, order, day, units, print);
            rows.stated(c, consent, at);
            PartialBuilder b = expected.computeIfAbsent(id, PartialBuilder::new);
            b.add(order, day, units, print);
            b.stated(consent, at);
        }
        assertEquals(300_000, rows.rows());
        assertEquals(expected.size(), rows.customers());
        Map<String, String> want = new TreeMap<>();
        expected.forEach((id, b) -> want.put(id, describe(b.build())));
        Map<String, String> got = new TreeMap<>();
        rows.emit(p -> got.put(p.customerId, describe(p)));
        assertEquals(want.size(), got.size(), "customers");
        assertEquals(want, got);
    }

    @Test
    void noRowsNoPartials() {
        CustomerRows rows = new CustomerRows();
        rows.emit(
                p -> {
                    throw new AssertionError("no customer expected: " + p.customerId);
                });
    }

    private static String describe(CustomerPartial p) {
        return p.customerId
                + " rows="
                + p.rows
                + " units="
                + p.units
                + " orders="
                + Arrays.toString(p.orders)
                + " days="
                + Arrays.toString(p.days)
                + " dayUnits="
                + Arrays.toString(p.dayUnits)
                + " prints="
                + Arrays.toString(p.prints)
                + " consent="
                + p.consent
                + "@"
                + p.consentAt;
    }
}
