package dev.segment.jobs.profiles;

import static dev.segment.jobs.profiles.ProfileOperatorsTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.store.Erasure;
import dev.segment.common.store.LiveErasures;
import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.SessionOperator;
import dev.segment.jobs.sessions.Sessionizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Erasure in a running stream, stage by stage: a visitor seen with an erased customer is left out
 * from then on and what it built is emptied; the sessions stage drops its open sessions and sends
 * the store a tombstone; the erased customer's record and the visitor's own are wiped for good,
 * while another customer seen on the same device only loses that device's part.
 */
class ErasureOperatorsTest {

    private static final long T = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final ProfileRules RULES =
            new ProfileRules("UTC", Duration.ofDays(7), false, Duration.ofDays(1), false);

    private static LiveErasures erased(String... ids) {
        return LiveErasures.fixed(Erasure.Erased.of(List.of(ids)));
    }

    @Test
    void aVisitorSeenWithAnErasedCustomerIsLeftOutFromThenOn() throws Exception {
        try (var h = identity(erased("C9"))) {
            h.open();
            h.processElement(record(event("e1", T, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(record(event("e2", T + MINUTE, "V1", "C9", EventType.LOGIN, null)));
            h.processElement(
                    record(event("e3", T + 2 * MINUTE, "V1", null, EventType.SEARCH, null)));
            h.processElement(record(event("e4", T, "V2", "C2", EventType.LOGIN, true)));
            List<String> out =
                    h.extractOutputValues().stream().map(ErasureOperatorsTest::describe).toList();
            assertEquals(
                    List.of(
                            "CONSENT V1/null",
                            "EVENT V1/null e1",
                            "ERASE V1/null C9 marker",
                            "ERASE V1/C9 C9",
                            "MOVE V2/null",
                            "CONSENT V2/null",
                            "CONSENT V2/C2",
                            "EVENT V2/C2 e4"),
                    out,
                    "V1's login and everything after it are left out, V2 is profiled");
            assertEquals(
                    List.of("delete V1/C9", "link V2/C2"),
                    links(h),
                    "V2's link, and no link of V1 to the erased customer: a delete instead");
        }
    }

    /** The erasure list a watched test list reads: what {@code forget} would have written. */
    private static final java.util.concurrent.atomic.AtomicReference<List<String>> STORE_LIST =
            new java.util.concurrent.atomic.AtomicReference<>(List.of());

    /** An empty {@link #STORE_LIST}, read again every minute of processing time. */
    private static LiveErasures watchedStoreList() {
        STORE_LIST.set(List.of());
        return LiveErasures.watched(
                () -> Erasure.Erased.of(STORE_LIST.get()),
                Erasure.Erased.NOBODY,
                Duration.ofMinutes(1));
    }

    @Test
    void aSweepEmptiesWhatAVisitorBuiltAsSoonAsTheListGrowsWithoutItsNextEvent() throws Exception {
        LiveErasures watched = watchedStoreList();
        try (var h = identity(watched)) {
            h.setProcessingTime(0);
            h.open();
            h.processElement(record(event("e1", T, "V1", "C9", EventType.LOGIN, true)));
            h.processElement(record(event("e2", T + MINUTE, "V1", null, EventType.SEARCH, null)));
            h.processElement(record(event("e3", T, "V2", "C2", EventType.LOGIN, true)));
            h.processElement(record(event("e4", T, "V3", null, EventType.PAGE_VIEW, true)));
            h.setProcessingTime(MINUTE); // a sweep: nobody erased yet
            int before = h.extractOutputValues().size();
            assertEquals(List.of("link V1/C9", "link V2/C2"), links(h));

            STORE_LIST.set(List.of("C9")); // forget C9 while the job runs; V1 clicks no more
            h.setProcessingTime(2 * MINUTE);
            List<String> swept =
                    h.extractOutputValues().stream()
                            .skip(before)
                            .map(ErasureOperatorsTest::describe)
                            .toList();
            assertEquals(
                    List.of("ERASE V1/null C9 marker", "ERASE V1/C9 C9"),
                    swept,
                    "the sweep empties V1's slots at once; V2 and the anonymous V3 are untouched");
            assertEquals(
                    List.of("link V1/C9", "link V2/C2", "delete V1/C9"),
                    links(h),
                    "the stored link goes too");

            h.processElement(
                    record(event("e5", T + 2 * MINUTE, "V1", null, EventType.SEARCH, null)));
            h.setProcessingTime(3 * MINUTE); // the list did not grow: no second sweep
            assertEquals(
                    before + 2,
                    h.extractOutputValues().size(),
                    "V1 stays left out; nothing is swept twice");
        }
    }

    /**
     * The visitor's last link is answered from its own value, so the links-map entry is not
     * rewritten while the visitor keeps clicking as that customer, and its time-to-live runs out.
     * The entry is written again when the visitor switches customers: forgetting the first customer
     * after the switch still reaches the visitor (fails without that rewrite).
     */
    @Test
    void aLinkAnsweredFromTheVisitorsValueOutlivesItsMapEntrysTimeToLive() throws Exception {
        LiveErasures watched = watchedStoreList();
        long hour = 60 * MINUTE;
        try (var h = identity(watched)) {
            h.setProcessingTime(0);
            h.setStateTtlProcessingTime(0);
            h.open();
            h.processElement(record(event("e1", T, "V1", "C1", EventType.LOGIN, true)));
            // two days as C1 (the time-to-live is one): the visitor's value is written at every
            // event, C1's map entry only at the login
            for (int at = 4; at <= 48; at += 4) {
                h.setStateTtlProcessingTime(at * hour);
                h.processElement(
                        record(event("c" + at, T + at * hour, "V1", "C1", EventType.SEARCH, null)));
            }
            h.processElement(record(event("e2", T + 49 * hour, "V1", "C2", EventType.LOGIN, null)));
            h.setStateTtlProcessingTime(50 * hour);
            int before = h.extractOutputValues().size();

            STORE_LIST.set(List.of("C1")); // forget C1 while the job runs
            h.setProcessingTime(2 * MINUTE);
            List<String> swept =
                    h.extractOutputValues().stream()
                            .skip(before)
                            .map(ErasureOperatorsTest::describe)
                            .toList();
            assertTrue(
                    swept.contains("ERASE V1/C1 C1") && swept.contains("ERASE V1/null C1 marker"),
                    "the visitor seen with C1 is emptied: " + swept);
            assertTrue(links(h).contains("delete V1/C1"), "and its link deleted: " + links(h));
        }
    }

    private static List<String> links(
            KeyedOneInputStreamOperatorTestHarness<String, Event, ProfileInput> h) {
        return h.getSideOutput(IdentityConsent.LINKS).stream()
                .map(
                        r ->
                                (r.getValue().erased ? "delete " : "link ")
                                        + r.getValue().visitorId
                                        + "/"
                                        + r.getValue().customerId)
                .toList();
    }

    @Test
    void aListThatGrewReachesAVisitorThroughItsEarlierLogin() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = identity(LiveErasures.NONE)) {
            h.open();
            h.processElement(record(event("e1", T, "V1", "C1", EventType.LOGIN, true)));
            h.processElement(record(event("e2", T + MINUTE, "V1", "D1", EventType.LOGIN, null)));
            snapshot = h.snapshot(1, T);
        }
        // C1 is erased while the job is down (or, on PostgreSQL, while it runs)
        try (var h = identity(erased("C1"))) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(
                    record(event("e3", T + 2 * MINUTE, "V1", null, EventType.PAGE_VIEW, null)));
            List<String> out =
                    h.extractOutputValues().stream().map(ErasureOperatorsTest::describe).toList();
            assertEquals(
                    List.of("ERASE V1/null C1 marker", "ERASE V1/D1 C1", "ERASE V1/C1 C1"),
                    out,
                    "the latest login is D1, but the visitor was seen with C1");
        }
    }

    @Test
    void theMarkerDropsTheVisitorsOpenSessionsAndSendsATombstone() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<String, Event, Session>(
                        new KeyedProcessOperator<>(
                                SessionOperator.ofEvents(Sessionizer.Config.defaults())),
                        e -> e.visitorId,
                        Types.STRING)) {
            h.open();
            h.processElement(record(event("e1", T, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(record(event("e2", T, "V2", null, EventType.PAGE_VIEW, true)));
            h.processElement(record(Event.erasure("V1", T + MINUTE)));
            h.processWatermark(new Watermark(T + 60 * MINUTE));
            List<Session> out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertTrue(out.get(0).isTombstone());
            assertEquals("V1", out.get(0).visitorId);
            assertEquals("V2", out.get(1).visitorId, "only V2's session closes");
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void theErasedCustomersRecordGoesAndAnotherCustomerOnTheDeviceKeepsTheRest() throws Exception {
        try (var h = ProfileOperatorsTest.visitorProfiles(RULES)) {
            h.open();
            h.processElement(
                    record(
                            ProfileInput.event(
                                    event("e1", T, "V1", null, EventType.PAGE_VIEW, true))));
            h.processElement(
                    record(ProfileInput.event(event("e2", T, "V1", "D1", EventType.LOGIN, true))));
            h.processElement(record(ProfileInput.erase("V1", null, "C9", T + MINUTE)));
            h.processElement(record(ProfileInput.erase("V1", "D1", "C9", T + MINUTE)));
            h.processElement(record(ProfileInput.erase("V1", "C9", "C9", T + MINUTE)));
            List<String> out =
                    h.extractOutputValues().stream().map(u -> u.kind + " " + u.target).toList();
            assertEquals(
                    List.of(
                            "EVENT visitor:V1",
                            "EVENT D1",
                            "RETRACT visitor:V1",
                            "ERASE visitor:V1",
                            "RETRACT D1",
                            // a customer's part is retracted whether or not it sent anything:
                            // the record ignores a part it does not hold
                            "RETRACT C9",
                            "ERASE C9"),
                    out);
        }
    }

    @Test
    void aWipedRecordIsDeletedAndTakesNothingMore() throws Exception {
        try (var h = golden(LiveErasures.NONE)) {
            h.open();
            h.processElement(record(ProfileUpdate.event("C1", "V1\u0000C1", login("a", 0))));
            h.processElement(record(ProfileUpdate.erase("C1", T + MINUTE)));
            // a later grant (another device) does not bring the record back
            h.processElement(record(ProfileUpdate.consent("C1", T + 4 * MINUTE, true)));
            h.processElement(record(ProfileUpdate.event("C1", "V2\u0000C1", login("b", 5))));
            ProfileAccumulator part = new ProfileAccumulator();
            part.addEvent(login("c", 6), RULES);
            h.processElement(record(ProfileUpdate.part("C1", "V3\u0000", part)));
            List<String> out =
                    h.extractOutputValues().stream()
                            .map(c -> c.profile == null ? "delete " + c.reason : "upsert")
                            .toList();
            assertEquals(List.of("upsert", "delete erased"), out);
        }
    }

    @Test
    void aCustomerErasedWhileTheRecordWaitedIsDeletedInsteadOfWritten() throws Exception {
        try (var h = golden(erased("C7"))) {
            h.open();
            h.processElement(record(ProfileUpdate.event("C7", "V1\u0000C7", login("a", 0))));
            h.processElement(record(ProfileUpdate.event("C8", "V2\u0000C8", login("b", 0))));
            List<String> out =
                    h.extractOutputValues().stream()
                            .map(
                                    c ->
                                            c.profileId
                                                    + " "
                                                    + (c.profile == null
                                                            ? "delete " + c.reason
                                                            : "upsert"))
                            .toList();
            assertEquals(List.of("C7 delete erased", "C8 upsert"), out);
        }
    }

    private static Event login(String id, int minute) {
        return event(id, T + minute * MINUTE, "V", null, EventType.PAGE_VIEW, true);
    }

    private static String describe(ProfileInput in) {
        String s = in.kind + " " + in.visitorId + "/" + in.customerId;
        return switch (in.kind) {
            case EVENT -> s + " " + in.event.eventId;
            case ERASE -> s + " " + in.moveTo + (in.event != null ? " marker" : "");
            default -> s;
        };
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, ProfileInput> identity(
            LiveErasures erasures) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new IdentityConsentOperator(new IdentityConsent(RULES, erasures)),
                e -> e.visitorId,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            golden(LiveErasures erasures) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new GoldenProfiles(RULES, RfmBaselineLookup.NONE, erasures)),
                u -> u.target,
                Types.STRING);
    }

    private static <T> StreamRecord<T> record(T value) {
        long ts = value instanceof Event e ? e.ts : value instanceof ProfileInput i ? i.ts : T;
        return new StreamRecord<>(value, ts);
    }
}
