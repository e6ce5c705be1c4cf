package dev.segment.jobs.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A session does not depend on the order its events arrive in, nor on how session windows are
 * merged: in streaming, events arrive out of order within the watermark bound (BATCH mode sorts
 * them by time, so only this test can see an order dependence).
 */
class SessionAccumulatorTest {

    private static Event e(long ts, EventType type, String customer, String device, Double amount) {
        Event e = new Event();
        e.ts = ts;
        e.type = type;
        e.visitorId = "V";
        e.customerId = customer;
        e.device = device;
        e.referrer = ts == 100 ? "https://www.google.com/" : "https://t.co/x";
        e.amount = amount;
        return e;
    }

    private static List<Event> events() {
        List<Event> l = new ArrayList<>();
        l.add(e(100, EventType.PAGE_VIEW, null, "tablet", null));
        l.add(e(200, EventType.LOGIN, "C7", "desktop", null));
        l.add(e(300, EventType.PURCHASE, "C8", "mobile", 10.10));
        l.add(e(300, EventType.PURCHASE, "C7", "mobile", 0.20));
        l.add(e(250, EventType.SEARCH, "C9", null, null));
        return l;
    }

    @Test
    void anyArrivalOrderAndAnyMergeGiveTheSameSession() {
        Sessionizer.Config config = Sessionizer.Config.defaults();
        SessionAccumulator inOrder = new SessionAccumulator();
        events().forEach(inOrder::add);
        String expected = Sessionizer.describe("V", inOrder, config).toCsv();
        // the latest event names the customer (a tie at 300 ms: the larger id), the earliest the
        // device and referrer; revenue is exact
        assertEquals(
                "V,C8,1970-01-01T00:00:00.100Z,1970-01-01T00:00:00.300Z,5,1,0,1,0,0,0,2,0,10.30,"
                        + "purchase,tablet,night,false,search,",
                expected);
        Random random = new Random(1);
        for (int round = 0; round < 50; round++) {
            List<Event> shuffled = new ArrayList<>(events());
            Collections.shuffle(shuffled, random);
            int cut = random.nextInt(shuffled.size() + 1);
            SessionAccumulator left = new SessionAccumulator();
            SessionAccumulator right = new SessionAccumulator();
            shuffled.subList(0, cut).forEach(left::add);
            shuffled.subList(cut, shuffled.size()).forEach(right::add);
            SessionAccumulator merged =
                    random.nextBoolean() ? left.merge(right) : right.merge(left);
            assertEquals(
                    expected, Sessionizer.describe("V", merged, config).toCsv(), "round " + round);
        }
    }
}
