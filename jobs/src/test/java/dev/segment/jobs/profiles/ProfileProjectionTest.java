package dev.segment.jobs.profiles;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.testkit.FieldsEqual;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The golden records receive events and sessions cut down to what a profile summary reads ({@link
 * Event#forProfile}, {@link Session#forProfile}): a summary built from the cut-down forms equals
 * one built from the whole events and sessions, for every field a generator can fill.
 */
class ProfileProjectionTest {

    private static final ProfileRules RULES =
            new ProfileRules("Europe/Berlin", Duration.ofDays(7), true, Duration.ofDays(1), false);
    private static final long T = 1_700_000_000_000L;

    @Test
    void aSummaryOfTheCutDownFormsEqualsOneOfTheWholeOnes() {
        Random r = new Random(21);
        for (int round = 0; round < 500; round++) {
            ProfileAccumulator whole = new ProfileAccumulator();
            ProfileAccumulator cut = new ProfileAccumulator();
            for (int i = 0; i < 1 + r.nextInt(40); i++) {
                if (r.nextInt(5) == 0) {
                    Session s = session(r);
                    whole.addSession(s, RULES);
                    cut.addSession(s.forProfile(), RULES);
                } else {
                    Event e = event(r);
                    whole.addEvent(e, RULES);
                    cut.addEvent(e.forProfile(), RULES);
                }
            }
            FieldsEqual.assertFieldsEqual("round " + round, whole, cut);
        }
    }

    private static Event event(Random r) {
        Event e = new Event();
        e.eventId = "E" + r.nextInt(1000);
        e.ts = T + r.nextInt(50) * 86_400_000L + r.nextInt(86_400_000);
        e.type = EventType.values()[r.nextInt(EventType.values().length)];
        e.visitorId = "V" + r.nextInt(5);
        e.customerId = r.nextBoolean() ? null : "C" + r.nextInt(5);
        e.sessionId = "S" + r.nextInt(9);
        e.page = "/p" + r.nextInt(9);
        e.productId = "P" + r.nextInt(9);
        e.category = r.nextInt(4) == 0 ? null : "cat" + r.nextInt(6);
        // purchases with an amount, with a price only, and with both
        e.price = r.nextBoolean() ? null : 1.0 + r.nextInt(500) / 4.0;
        e.amount = r.nextBoolean() ? null : 2.0 + r.nextInt(900) / 8.0;
        e.orderId = "O" + r.nextInt(9);
        e.device = r.nextBoolean() ? "mobile" : "desktop";
        e.referrer = "https://example.org/" + r.nextInt(3);
        e.country = "DE";
        e.consent = r.nextBoolean() ? null : Boolean.TRUE;
        return e;
    }

    private static Session session(Random r) {
        Session s = new Session();
        s.visitorId = "V" + r.nextInt(5);
        s.customerId = r.nextBoolean() ? null : "C" + r.nextInt(5);
        s.sessionStart = T + r.nextInt(50) * 86_400_000L + r.nextInt(86_400_000);
        s.sessionEnd = s.sessionStart + r.nextInt(3_600_000);
        s.events = 1 + r.nextInt(30);
        s.pageViews = r.nextInt(9);
        s.productViews = r.nextInt(9);
        s.searches = r.nextInt(3);
        s.cartAdds = r.nextInt(3);
        s.cartRemoves = r.nextInt(2);
        s.checkouts = r.nextInt(2);
        s.purchases = r.nextInt(2);
        s.supportViews = r.nextInt(2);
        s.revenue = r.nextInt(300);
        s.intent = new String[] {"purchase", "research", "support", "browse"}[r.nextInt(4)];
        s.device = r.nextInt(5) == 0 ? null : r.nextBoolean() ? "mobile" : "desktop";
        s.daypart = new String[] {"morning", "afternoon", "evening", "night"}[r.nextInt(4)];
        s.weekend = r.nextBoolean();
        s.referrerChannel = "search";
        s.country = "DE";
        return s;
    }
}
