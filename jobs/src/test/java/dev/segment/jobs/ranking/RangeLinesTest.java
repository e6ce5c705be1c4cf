package dev.segment.jobs.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** A row's range is the number of range starts at or below its id; its line is the formatter's. */
class RangeLinesTest {

    private static RangeLines<String> lines() {
        return new RangeLines<>("f", id -> id, id -> id + ",x");
    }

    @Test
    void rangesCountTheStartsAtOrBelowTheId() {
        RangeLines<String> f = lines();
        f.cutAt(new String[] {"c", "m"});
        assertEquals(Tuple3.of(0, "a", "a,x"), f.line("a"));
        assertEquals(0, f.line("bz").f0);
        assertEquals(1, f.line("c").f0); // a start opens its own range
        assertEquals(1, f.line("lz").f0);
        assertEquals(2, f.line("m").f0);
        assertEquals(2, f.line("zz").f0);
    }

    @Test
    void oneRangeWithoutStarts() {
        RangeLines<String> f = lines();
        f.cutAt(new String[0]);
        assertEquals(0, f.line("anything").f0);
    }

    @Test
    void aRowBeforeTheCutsFailsLoudlyAlsoAfterShipping() throws Exception {
        RangeLines<String> shipped = InstantiationUtil.clone(lines());
        assertThrows(IllegalStateException.class, () -> shipped.line("a"));
        assertEquals("lines: f", shipped.tag().getId());
    }
}
