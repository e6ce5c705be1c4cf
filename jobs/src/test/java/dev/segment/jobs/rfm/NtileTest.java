package dev.segment.jobs.rfm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NtileTest {

    @Test
    void firstBucketsTakeTheRemainder() {
        // SQL NTILE(5) over 7 rows: bucket sizes 2,2,1,1,1 (PostgreSQL docs' definition)
        int[] buckets = new int[7];
        for (int i = 0; i < 7; i++) {
            buckets[i] = Ntile.bucket(i, 7, 5);
        }
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 4, 5}, buckets);
    }

    @Test
    void fewerRowsThanBuckets() {
        assertEquals(1, Ntile.bucket(0, 3, 5));
        assertEquals(3, Ntile.bucket(2, 3, 5));
    }

    @Test
    void ntile5BreaksTiesByCustomerIdRank() {
        long[] value = {10, 10, 10, 10, 10};
        int[] idRank = {4, 3, 2, 1, 0};
        assertArrayEquals(new int[] {5, 4, 3, 2, 1}, RfmCalculator.ntile5(value, idRank));
    }
}
