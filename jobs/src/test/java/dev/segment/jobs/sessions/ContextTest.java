package dev.segment.jobs.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTest {

    @Test
    void referrerChannels() {
        assertEquals("direct", Context.referrerChannel(null, "/"));
        assertEquals("direct", Context.referrerChannel("direct", null));
        assertEquals("search", Context.referrerChannel("https://www.google.com/", "/shoes"));
        assertEquals(
                "paid", Context.referrerChannel("https://www.google.com/", "/s?utm_medium=cpc"));
        assertEquals("social", Context.referrerChannel("https://t.co/x", "/"));
        assertEquals("email", Context.referrerChannel(null, "/?utm_source=nl&utm_medium=email"));
        assertEquals("paid", Context.referrerChannel("ads", "/"));
        assertEquals("referral", Context.referrerChannel("https://blog.example.org/post", "/"));
    }

    @Test
    void devicesDaypartsAndWeekendsInTheBusinessZone() {
        assertEquals("mobile", Context.deviceClass("Mobile"));
        assertEquals("tablet", Context.deviceClass("iPad"));
        assertEquals("desktop", Context.deviceClass("desktop"));
        assertEquals("unknown", Context.deviceClass(null));
        // Saturday 2024-05-04 23:30 UTC is Sunday 01:30 in Berlin: night, weekend both ways
        long t = Instant.parse("2024-05-04T23:30:00Z").toEpochMilli();
        assertEquals("evening", Context.daypart(t, ZoneId.of("UTC")));
        assertEquals("night", Context.daypart(t, ZoneId.of("Europe/Berlin")));
        assertTrue(Context.weekend(t, ZoneId.of("Europe/Berlin")));
        // Sunday 23:30 UTC is Monday in Tokyo
        long s = Instant.parse("2024-05-05T23:30:00Z").toEpochMilli();
        assertTrue(Context.weekend(s, ZoneId.of("UTC")));
        assertFalse(Context.weekend(s, ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void theCompiledIntentTableGivesWhatTheCountersGive() {
        java.util.Random rnd = new java.util.Random(5);
        java.util.List<String> names = new java.util.ArrayList<>(IntentRules.COUNTERS);
        java.util.Collections.sort(names);
        for (int table = 0; table < 300; table++) {
            IntentRules rules = IntentRules.defaults();
            if (table > 0) {
                java.util.List<IntentRules.Rule> list = new java.util.ArrayList<>();
                for (int r = 0; r < 1 + rnd.nextInt(4); r++) {
                    Map<String, Long> min = new java.util.LinkedHashMap<>();
                    for (int c = 0; c < 1 + rnd.nextInt(3); c++) {
                        String key = names.get(rnd.nextInt(names.size()));
                        if (rnd.nextBoolean()) {
                            key += " + " + names.get(rnd.nextInt(names.size()));
                        }
                        min.put(key, (long) rnd.nextInt(4));
                    }
                    list.add(new IntentRules.Rule("i" + r, min));
                }
                rules = new IntentRules(list, "fallback");
            }
            for (int i = 0; i < 50; i++) {
                Session s = new Session();
                s.events = rnd.nextInt(6);
                s.pageViews = rnd.nextInt(4);
                s.productViews = rnd.nextInt(4);
                s.searches = rnd.nextInt(3);
                s.cartAdds = rnd.nextInt(3);
                s.cartRemoves = rnd.nextInt(3);
                s.checkouts = rnd.nextInt(2);
                s.purchases = rnd.nextInt(2);
                s.supportViews = rnd.nextInt(3);
                assertEquals(rules.intentOf(s.counters()), rules.intentOf(s), "table " + table);
            }
        }
    }

    @Test
    void aRuleSumsTheCountersItsNameJoinsWithPlusSpacesAndUnknownNamesAside() {
        IntentRules r =
                new IntentRules(
                        java.util.List.of(
                                new IntentRules.Rule(
                                        "deep", Map.of(" searches + product_views ", 3L)),
                                new IntentRules.Rule("odd", Map.of("nothing+cart_adds", 1L))),
                        "none");
        assertEquals("deep", r.intentOf(Map.of("searches", 1L, "product_views", 2L)));
        assertEquals("none", r.intentOf(Map.of("searches", 1L, "product_views", 1L)));
        assertEquals("odd", r.intentOf(Map.of("cart_adds", 1L)));
        Session s = new Session();
        s.searches = 2;
        s.productViews = 1;
        assertEquals("deep", r.intentOf(s));
    }

    @Test
    void theDefaultIntentTable() {
        IntentRules r = IntentRules.defaults();
        assertEquals("purchase", r.intentOf(Map.of("purchases", 1L)));
        assertEquals("purchase", r.intentOf(Map.of("cart_adds", 1L, "support_views", 2L)));
        assertEquals("support", r.intentOf(Map.of("support_views", 1L, "searches", 5L)));
        assertEquals("research", r.intentOf(Map.of("searches", 1L, "product_views", 2L)));
        assertEquals("browse", r.intentOf(Map.of("page_views", 9L, "product_views", 2L)));
    }
}
