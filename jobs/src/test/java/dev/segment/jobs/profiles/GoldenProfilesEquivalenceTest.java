package dev.segment.jobs.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.testkit.FieldsEqual;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoldenProfiles} (one state value per golden record, a sole part held as the summary) emits
 * exactly what its previous layout, {@link GoldenProfilesReference}, emitted: random updates of
 * every kind (events and sessions from several devices, parts handed over, retractions, grants and
 * withdrawals in and out of order) for a few records, with each change emitted, coalesced per
 * interval, or emitted once at the end of input.
 */
class GoldenProfilesEquivalenceTest {

    private static final long T = 1_709_287_200_000L; // 2024-03-01T10:00:00Z
    private static final long MINUTE = 60_000;
    private static final ProfileRules EACH =
            new ProfileRules("Europe/Berlin", Duration.ofDays(7), false, Duration.ofDays(1), false);
    private static final String[] TARGETS = {"C1", "C2", "visitor:V7"};
    private static final String[] CATEGORIES = {"shoes", "bags", "books", null};

    /** Baselines for C1 only, as a batch run that knew one of the customers would. */
    private static final RfmBaselineLookup BASELINES =
            customerId -> {
                if (!customerId.equals("C1")) {
                    return RfmBaseline.NONE;
                }
                RfmBaseline b = new RfmBaseline();
                b.runId = "run-1";
                b.asOfDay = 19_700;
                b.frequency = 4;
                b.monetaryUnits = 1_250_000;
                b.firstDay = 19_500;
                b.lastDay = 19_690;
                b.lifecycleStage = "active";
                return b;
            };

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int seed = 0; seed < 40; seed++) {
            cases.add(Arguments.of(seed, "each change"));
            cases.add(Arguments.of(seed, "coalesced"));
            cases.add(Arguments.of(seed, "final only"));
        }
        return cases;
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("cases")
    void emitsWhatThePreviousLayoutEmitted(int seed, String mode) throws Exception {
        ProfileRules rules =
                switch (mode) {
                    case "each change" -> EACH;
                    case "coalesced" -> EACH.withEmitInterval(Duration.ofMillis(200));
                    default ->
                            new ProfileRules(
                                    "Europe/Berlin",
                                    Duration.ofDays(7),
                                    false,
                                    Duration.ofDays(1),
                                    true);
                };
        try (var now = harness(new GoldenProfilesOperator(new GoldenProfiles(rules, BASELINES)));
                var before =
                        harness(
                                new KeyedProcessOperator<>(
                                        new GoldenProfilesReference(rules, BASELINES)))) {
            now.open();
            before.open();
            Random r = new Random(seed);
            long processingTime = 0;
            for (int i = 0; i < 300; i++) {
                ProfileUpdate u = update(r);
                now.processElement(new StreamRecord<>(u, T));
                before.processElement(
                        new StreamRecord<>(ProfileSerializers.Update.INSTANCE.copy(u), T));
                if (r.nextInt(10) == 0) {
                    processingTime += r.nextInt(300);
                    now.setProcessingTime(processingTime);
                    before.setProcessingTime(processingTime);
                }
                assertSameChanges(before.extractOutputValues(), now.extractOutputValues(), i);
            }
            now.processWatermark(new Watermark(Long.MAX_VALUE));
            now.endInput(); // pending emits are held by the operator, not in timers
            before.processWatermark(new Watermark(Long.MAX_VALUE));
            assertSameChanges(before.extractOutputValues(), now.extractOutputValues(), 300);
        }
    }

    private static void assertSameChanges(
            List<ProfileChange> expected, List<ProfileChange> actual, int step) {
        assertEquals(expected.size(), actual.size(), "changes after update " + step);
        // records due at the same instant may come in either order; each record's own changes
        // keep theirs (a stable sort)
        expected = byRecord(expected);
        actual = byRecord(actual);
        for (int i = 0; i < expected.size(); i++) {
            FieldsEqual.assertFieldsEqual(
                    "change " + i + " after update " + step, expected.get(i), actual.get(i));
        }
    }

    private static List<ProfileChange> byRecord(List<ProfileChange> changes) {
        List<ProfileChange> sorted = new java.util.ArrayList<>(changes);
        sorted.sort(java.util.Comparator.comparing(GoldenProfilesEquivalenceTest::recordOf));
        return sorted;
    }

    private static String recordOf(ProfileChange c) {
        return c.profileId;
    }

    /** A random update; events and parts are mostly after the consent changes' times. */
    private static ProfileUpdate update(Random r) {
        String target = TARGETS[r.nextInt(TARGETS.length)];
        String visitor = target.startsWith("visitor:") ? "V7" : "V" + (1 + r.nextInt(3));
        String slot = ProfileInput.slot(visitor, target.startsWith("visitor:") ? null : target);
        // a coarse grid, so that histories often start exactly at a withdrawal (the floor is
        // inclusive)
        long ts = T + r.nextInt(40) * 15 * MINUTE;
        int kind = r.nextInt(20);
        if (kind < 9) {
            return ProfileUpdate.event(target, slot, event(r, ts, visitor));
        } else if (kind < 13) {
            return ProfileUpdate.session(target, slot, session(r, ts, visitor));
        } else if (kind < 15) {
            ProfileAccumulator part = new ProfileAccumulator();
            for (int i = 0; i <= r.nextInt(4); i++) {
                part.addEvent(event(r, ts + i * MINUTE, visitor), EACH);
            }
            if (r.nextBoolean()) {
                part.addSession(session(r, ts, visitor), EACH);
            }
            return ProfileUpdate.part(target, slot, part);
        } else if (kind < 17) {
            return ProfileUpdate.retract(target, slot);
        } else {
            return ProfileUpdate.consent(target, ts, r.nextInt(3) > 0);
        }
    }

    private static Event event(Random r, long ts, String visitor) {
        Event e = new Event();
        e.eventId = "e" + r.nextInt(1_000_000);
        e.ts = ts;
        e.visitorId = visitor;
        EventType[] types = {
            EventType.PAGE_VIEW,
            EventType.PRODUCT_VIEW,
            EventType.ADD_TO_CART,
            EventType.PURCHASE,
            EventType.SUPPORT_VIEW
        };
        e.type = types[r.nextInt(types.length)];
        e.category = CATEGORIES[r.nextInt(CATEGORIES.length)];
        e.amount = e.type == EventType.PURCHASE ? 10.0 + r.nextInt(90) : null;
        return e;
    }

    private static Session session(Random r, long start, String visitor) {
        Session s = new Session();
        s.visitorId = visitor;
        s.sessionStart = start;
        s.sessionEnd = start + r.nextInt(40) * MINUTE;
        s.cartAdds = r.nextInt(2);
        s.purchases = r.nextInt(2);
        s.device = r.nextBoolean() ? "mobile" : "desktop";
        s.daypart = r.nextBoolean() ? "morning" : "evening";
        s.intent = r.nextBoolean() ? "browse" : "purchase";
        return s;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            harness(KeyedProcessOperator<String, ProfileUpdate, ProfileChange> operator)
                    throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, u -> u.target, Types.STRING);
    }
}
