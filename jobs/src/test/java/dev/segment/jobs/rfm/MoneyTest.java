package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.segment.common.model.Transaction;
import org.junit.jupiter.api.Test;

class MoneyTest {

    private static final long MAX_ROW = CustomerPartial.units(Transaction.MAX_ABS_AMOUNT);

    @Test
    void sumsAreExactAndStopInsteadOfWrappingAround() {
        assertEquals(3, Money.add(1, 2));
        assertEquals(-3, Money.add(-1, -2));
        long total = 0;
        int rows = 0;
        ArithmeticException e =
                assertThrows(
                        ArithmeticException.class,
                        () -> {
                            long t = 0;
                            while (true) {
                                t = Money.add(t, MAX_ROW);
                            }
                        });
        assertEquals(true, e.getMessage().contains("supported range"), e.getMessage());
        // the limit is far away: 900,000 rows at the largest allowed amount still add up exactly
        for (rows = 0; rows < 900_000; rows++) {
            total = Money.add(total, MAX_ROW);
        }
        assertEquals(900_000L * MAX_ROW, total);
    }

    @Test
    void customerSumsMergeWithoutOverflow() {
        PartialBuilder b = new PartialBuilder("C1");
        b.add(1, 10, Long.MAX_VALUE - 5);
        assertThrows(ArithmeticException.class, () -> b.add(2, 11, 10));
    }
}
