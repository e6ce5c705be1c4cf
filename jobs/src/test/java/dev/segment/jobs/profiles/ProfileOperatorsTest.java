package dev.segment.jobs.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.jobs.events.Event;
import dev.segment.jobs.events.EventType;
import dev.segment.jobs.sessions.Session;
import dev.segment.jobs.sessions.Sessionizer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Operator harness tests of the clickstream stages: stitching, consent, state and timer clean-up
 * after sessions close and after a withdrawal, and state time-to-live.
 */
class ProfileOperatorsTest {

    private static final long T = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final ProfileRules RULES =
            new ProfileRules("UTC", Duration.ofDays(7), false, Duration.ofDays(1), false);

    @Test
    void loginLinksTheVisitorAndHandsItsAnonymousHistoryToTheCustomer() throws Exception {
        try (var h = identity()) {
            h.open();
            h.processElement(record(event("e1", T, "V1", null, EventType.PRODUCT_VIEW, true)));
            h.processElement(record(event("e2", T + MINUTE, "V1", "C1", EventType.LOGIN, null)));
            h.processElement(
                    record(event("e3", T + 2 * MINUTE, "V1", null, EventType.SEARCH, null)));
            List<ProfileInput> out = h.extractOutputValues();
            List<ProfileInput> moves =
                    out.stream().filter(i -> i.kind == ProfileInput.Kind.MOVE).toList();
            assertEquals(1, moves.size(), "one move, at the first login");
            assertEquals("C1", moves.get(0).moveTo);
            List<ProfileInput> events =
                    out.stream().filter(i -> i.kind == ProfileInput.Kind.EVENT).toList();
            assertEquals(3, events.size());
            assertNull(events.get(0).customerId, "anonymous before the login");
            assertEquals(
                    "C1", events.get(2).customerId, "a later anonymous event is the customer's");
            assertEquals(1, h.getSideOutput(IdentityConsent.LINKS).size());
            IdentityLink link = h.getSideOutput(IdentityConsent.LINKS).peek().getValue();
            assertEquals(
                    "V1|C1|login", link.visitorId + "|" + link.customerId + "|" + link.linkedBy);
        }
    }

    @Test
    void aLinkIsEmittedForEachEarlierEventOfAPairWhateverTheOrder() throws Exception {
        try (var h = identity()) {
            h.open();
            int[][] seen = {{1, 10}, {1, 20}, {2, 30}, {1, 25}, {1, 5}, {1, 6}, {2, 29}, {2, 31}};
            for (int[] s : seen) {
                h.processElement(
                        record(
                                event(
                                        "e" + s[1],
                                        T + s[1] * MINUTE,
                                        "V1",
                                        "C" + s[0],
                                        EventType.PAGE_VIEW,
                                        true)));
            }
            List<String> links =
                    h.getSideOutput(IdentityConsent.LINKS).stream()
                            .map(
                                    r ->
                                            r.getValue().customerId
                                                    + "@"
                                                    + (r.getValue().linkedAt - T) / MINUTE)
                            .toList();
            // the first of each pair, then each event earlier than any before it
            assertEquals(List.of("C1@10", "C2@30", "C1@5", "C2@29"), links);
        }
    }

    @Test
    void aVisitorIdThatIsTheCustomerIdIsNoLinkButKeepsItsAnonymousHistory() throws Exception {
        try (var h = identity()) {
            h.open();
            h.processElement(record(event("e1", T, "U1", null, EventType.PRODUCT_VIEW, true)));
            h.processElement(record(event("e2", T + MINUTE, "U1", "U1", EventType.PURCHASE, null)));
            h.processElement(
                    record(event("e3", T + 2 * MINUTE, "U1", "U1", EventType.PRODUCT_VIEW, null)));
            assertEquals(
                    0,
                    h.getSideOutput(IdentityConsent.LINKS) == null
                            ? 0
                            : h.getSideOutput(IdentityConsent.LINKS).size());
            List<ProfileInput> moves =
                    h.extractOutputValues().stream()
                            .filter(i -> i.kind == ProfileInput.Kind.MOVE)
                            .toList();
            assertEquals(1, moves.size(), "the anonymous view still moves to the customer");
            assertEquals("U1", moves.get(0).moveTo);
        }
    }

    @Test
    void eventsWithoutConsentAreNeverProfiled() throws Exception {
        try (var h = identity()) {
            h.open();
            // canonical default: silence is no consent
            h.processElement(record(event("e1", T, "V1", null, EventType.PAGE_VIEW, null)));
            h.processElement(
                    record(event("e2", T + MINUTE, "V1", null, EventType.PAGE_VIEW, false)));
            assertEquals(0, profiled(h.extractOutputValues()).size());
            // a grant: later events are profiled
            h.processElement(
                    record(event("e3", T + 2 * MINUTE, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(
                    record(event("e4", T + 3 * MINUTE, "V1", null, EventType.PAGE_VIEW, null)));
            assertEquals(List.of("e3", "e4"), ids(profiled(h.extractOutputValues())));
            // a withdrawal that arrives late still keeps everything before it out, and anything
            // at or before it that arrives afterwards too
            h.processElement(
                    record(event("e5", T + 10 * MINUTE, "V1", null, EventType.CONSENT, false)));
            h.processElement(
                    record(event("e6", T + 5 * MINUTE, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(
                    record(event("e7", T + 11 * MINUTE, "V1", null, EventType.PAGE_VIEW, null)));
            assertEquals(List.of("e3", "e4"), ids(profiled(h.extractOutputValues())));
            // a new grant: later events count again, earlier ones that arrive now still do not
            h.processElement(
                    record(event("e8", T + 20 * MINUTE, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(
                    record(event("e9", T + 8 * MINUTE, "V1", null, EventType.PAGE_VIEW, null)));
            assertEquals(List.of("e3", "e4", "e8"), ids(profiled(h.extractOutputValues())));
        }
    }

    /**
     * A customer's click that says nothing of consent, on a visitor who never stated it, is
     * announced for the generic live segment; an anonymous one, a decline (a consent statement of
     * its own) and clicks after a grant are not.
     */
    @Test
    void aCustomersClickWithoutAnyConsentStatementIsAnnouncedForTheGenericSegment()
            throws Exception {
        try (var h = identity()) {
            h.open();
            h.processElement(record(event("e1", T, "V1", null, EventType.PAGE_VIEW, null)));
            h.processElement(record(event("e2", T + MINUTE, "V1", "C1", EventType.LOGIN, null)));
            h.processElement(record(event("e3", T, "V2", "C2", EventType.PAGE_VIEW, false)));
            h.processElement(record(event("e4", T, "V3", "C3", EventType.PAGE_VIEW, true)));
            h.processElement(
                    record(event("e5", T + MINUTE, "V3", "C3", EventType.PAGE_VIEW, null)));
            var announced = h.getSideOutput(IdentityConsent.UNCONSENTED);
            assertEquals(
                    List.of("C1:" + ProfileChange.NO_CONSENT + ":" + (T + MINUTE)),
                    announced.stream()
                            .map(StreamRecord::getValue)
                            .map(c -> c.profileId + ":" + c.reason + ":" + c.ts)
                            .toList());
        }
    }

    @Test
    void theGoldenRecordCountsTheVisitorsWhoseEventsItHolds() throws Exception {
        try (var h = golden()) {
            h.open();
            h.processElement(record(ProfileUpdate.event("C1", "V1\u0000C1", loggedIn("a", 0))));
            h.processElement(record(ProfileUpdate.event("C1", "V1\u0000C1", loggedIn("b", 1))));
            h.processElement(record(ProfileUpdate.event("C1", "V2\u0000C1", loggedIn("c", 2))));
            h.processElement(record(ProfileUpdate.event("C1", "V1\u0000C1", loggedIn("d", 3))));
            List<Integer> visitors =
                    h.extractOutputValues().stream().map(c -> c.profile.visitors).toList();
            assertEquals(List.of(1, 1, 2, 2), visitors);
        }
    }

    private static Event loggedIn(String id, int minute) {
        return event(id, T + minute * MINUTE, "V", "C1", EventType.PAGE_VIEW, true);
    }

    @Test
    void aWithdrawalDeletesTheGoldenRecordAndItsParts() throws Exception {
        try (var h = golden()) {
            h.open();
            h.processElement(record(part("C1", "V1\u0000C1", T)));
            h.processElement(record(part("C1", "V2\u0000C1", T + 60 * MINUTE)));
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(2, h.extractOutputValues().get(1).profile.visitors);
            h.processElement(record(ProfileUpdate.consent("C1", T + 30 * MINUTE, false)));
            ProfileChange last = h.extractOutputValues().get(2);
            assertNull(last.profile, "the stored profile is deleted");
            assertEquals("consent_withdrawn", last.reason);
            // only the consent record is left in state: parts and the stored flag are gone
            assertEquals(1, h.numKeyedStateEntries());
            // a second device that has not heard of the withdrawal cannot rebuild the profile
            h.processElement(record(part("C1", "V2\u0000C1", T + 90 * MINUTE)));
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(1, h.numKeyedStateEntries());
        }
    }

    @Test
    void aRetractionOfAPartTheRecordDoesNotHoldChangesNothing() throws Exception {
        // the visitor stage retracts a customer's part on a withdrawal or an erasure without
        // remembering whether it sent one
        try (var h = golden()) {
            h.open();
            h.processElement(record(part("C1", "V1\u0000C1", T)));
            int entries = h.numKeyedStateEntries();
            h.processElement(record(ProfileUpdate.retract("C1", "V2\u0000C1")));
            h.processElement(record(ProfileUpdate.retract("C2", "V2\u0000C2")));
            assertEquals(1, h.extractOutputValues().size(), "no emit for either retraction");
            assertEquals(entries, h.numKeyedStateEntries(), "no state for C2, C1's unchanged");
            h.processElement(record(ProfileUpdate.retract("C1", "V1\u0000C1")));
            assertNull(h.extractOutputValues().get(1).profile, "the part it holds goes");
        }
    }

    @Test
    void aBurstOfChangesIsEmittedOnceAfterTheIntervalAndADeleteAtOnce() throws Exception {
        try (var h = openCoalescingGolden()) {
            for (int i = 0; i < 3; i++) {
                h.processElement(
                        record(
                                ProfileUpdate.event(
                                        "C1",
                                        "V1\u0000C1",
                                        event(
                                                "e" + i,
                                                T + i * MINUTE,
                                                "V1",
                                                "C1",
                                                EventType.PAGE_VIEW,
                                                true))));
            }
            assertEquals(0, h.extractOutputValues().size(), "nothing before the interval");
            h.setProcessingTime(1_200);
            assertEquals(1, h.extractOutputValues().size(), "one profile for the burst");
            assertEquals(3, h.extractOutputValues().get(0).profile.events, "the latest profile");
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(0, h.numEventTimeTimers(), "no end-of-input timer left behind");
            h.processElement(
                    record(
                            ProfileUpdate.event(
                                    "C1",
                                    "V1\u0000C1",
                                    event(
                                            "e3",
                                            T + 3 * MINUTE,
                                            "V1",
                                            "C1",
                                            EventType.SEARCH,
                                            true))));
            h.processElement(record(ProfileUpdate.consent("C1", T + 10 * MINUTE, false)));
            assertEquals(2, h.extractOutputValues().size(), "the withdrawal does not wait");
            assertNull(h.extractOutputValues().get(1).profile);
            h.setProcessingTime(1_400);
            assertEquals(2, h.extractOutputValues().size(), "the pending change died with it");
            // the end of a bounded input emits what is pending without waiting
            h.processElement(record(ProfileUpdate.consent("C1", T + 20 * MINUTE, true)));
            h.processElement(
                    record(
                            ProfileUpdate.event(
                                    "C1",
                                    "V1\u0000C1",
                                    event(
                                            "e4",
                                            T + 30 * MINUTE,
                                            "V1",
                                            "C1",
                                            EventType.SEARCH,
                                            true))));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.endInput();
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(1, h.extractOutputValues().get(2).profile.events);
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }

    @Test
    void aCheckpointEmitsWhatIsPendingBeforeItsBarrierAndHoldsNoPendingEmit() throws Exception {
        try (var h = openCoalescingGolden()) {
            for (String c : new String[] {"C1", "C2"}) {
                h.processElement(
                        record(
                                ProfileUpdate.event(
                                        c,
                                        "V1\u0000" + c,
                                        event("e" + c, T, "V1", c, EventType.PAGE_VIEW, true))));
            }
            h.setProcessingTime(1_100);
            assertEquals(0, h.extractOutputValues().size(), "nothing before the interval");
            h.prepareSnapshotPreBarrier(1);
            assertEquals(2, h.extractOutputValues().size(), "both emitted before the barrier");
            h.setProcessingTime(1_300);
            assertEquals(2, h.extractOutputValues().size(), "and not again at their deadline");
            h.processElement(
                    record(
                            ProfileUpdate.event(
                                    "C1",
                                    "V1\u0000C1",
                                    event("e9", T + MINUTE, "V1", "C1", EventType.SEARCH, true))));
            h.setProcessingTime(1_499);
            assertEquals(2, h.extractOutputValues().size(), "a new change waits its interval");
            h.setProcessingTime(1_500);
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(2, h.extractOutputValues().get(2).profile.events);
        }
    }

    /**
     * A failed attempt may have stored an anonymous profile after the checkpoint; the replay,
     * coalesced otherwise, may merge it away before writing it: the restored stage deletes it
     * anyway (a stage that never restarted deletes only what it stored).
     */
    @Test
    void afterARestoreADeleteIsPassedOnEvenIfNotStoredSince() throws Exception {
        ProfileRules coalescing = RULES.withEmitInterval(Duration.ofMillis(200));
        String visitor = LiveProfile.VISITOR_PREFIX + "V1";
        String slot = ProfileInput.slot("V1", null);
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState checkpoint;
        try (var h = coalescingGolden(coalescing)) {
            h.open();
            h.setProcessingTime(1_000);
            // the checkpoint comes first: the event after it is pending when the retract comes
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1_000);
            // never restarted: what it never stored it does not delete
            anEventThenItsRetraction(h, visitor, slot);
            assertEquals(0, h.extractOutputValues().size());
        }
        try (var h = coalescingGolden(coalescing)) {
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(1_000);
            // the replay: a failed attempt may have emitted (and stored) the event's profile
            anEventThenItsRetraction(h, visitor, slot);
            assertEquals(1, h.extractOutputValues().size(), "the delete after the restore");
            assertNull(h.extractOutputValues().get(0).profile);
            assertEquals(visitor, h.extractOutputValues().get(0).profileId);
        }
    }

    /** An anonymous visitor's event, then the retraction of its part (a merge). */
    private static void anEventThenItsRetraction(
            KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange> h,
            String visitor,
            String slot)
            throws Exception {
        h.processElement(
                record(
                        ProfileUpdate.event(
                                visitor,
                                slot,
                                event("e1", T, "V1", null, EventType.PAGE_VIEW, true))));
        h.processElement(record(ProfileUpdate.retract(visitor, slot)));
    }

    /** A golden-records stage with a 200 ms emit interval, open, at processing time 1,000. */
    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            openCoalescingGolden() throws Exception {
        var h = coalescingGolden(RULES.withEmitInterval(Duration.ofMillis(200)));
        h.open();
        h.setProcessingTime(1_000);
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            coalescingGolden(ProfileRules rules) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new GoldenProfilesOperator(new GoldenProfiles(rules)), u -> u.target, Types.STRING);
    }

    @Test
    void aClosedSessionLeavesNoStateAndNoTimers() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<Session> sessions =
                Sessionizer.sessionsOfTimestamped(
                        env.fromData(event("x", T, "V", null, EventType.PAGE_VIEW, true)),
                        Sessionizer.Config.defaults());
        @SuppressWarnings("unchecked")
        OneInputTransformation<Event, Session> t =
                (OneInputTransformation<Event, Session>) sessions.getTransformation();
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<Event, Session> op =
                (OneInputStreamOperator<Event, Session>)
                        ((SimpleOperatorFactory<Session>) t.getOperatorFactory()).getOperator();
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<String, Event, Session>(
                        op, e -> e.visitorId, Types.STRING)) {
            h.open();
            h.processElement(record(event("e1", T, "V1", null, EventType.PAGE_VIEW, true)));
            h.processElement(
                    record(event("e2", T + 5 * MINUTE, "V1", null, EventType.SEARCH, true)));
            h.processElement(record(event("e3", T, "V2", null, EventType.PAGE_VIEW, true)));
            assertTrue(h.numKeyedStateEntries() > 0);
            assertEquals(2, h.numEventTimeTimers());
            h.processWatermark(new Watermark(T + 5 * MINUTE + 30 * MINUTE));
            assertEquals(2, h.extractOutputValues().size(), "both sessions closed");
            assertEquals(0, h.numKeyedStateEntries(), "session state cleared");
            assertEquals(0, h.numEventTimeTimers(), "no timer left behind");
        }
    }

    @Test
    void thePipelinesSessionsPassEveryInputOnWithTheClosedSessionsBeside() throws Exception {
        try (var h = pipelineSessions()) {
            h.open();
            h.processElement(record(profiled("e1", "V1", T)));
            h.processElement(record(ProfileInput.consent("V1", null, T + MINUTE, true)));
            h.processElement(record(profiled("e2", "V2", T)));
            h.processElement(record(ProfileInput.erase("V2", null, "C9", T + MINUTE)));
            h.processWatermark(new Watermark(T + 60 * MINUTE));
            List<String> out =
                    h.extractOutputValues().stream().map(i -> i.kind + " " + i.visitorId).toList();
            assertEquals(
                    List.of(
                            "EVENT V1",
                            "CONSENT V1",
                            "EVENT V2",
                            "ERASE V2",
                            "SESSION V1"), // V2's open session was dropped by the erasure
                    out);
            List<String> sessions =
                    h.getSideOutput(ProfileSessions.SESSIONS).stream()
                            .map(
                                    r ->
                                            (r.getValue().isTombstone() ? "tombstone " : "session ")
                                                    + r.getValue().visitorId)
                            .toList();
            assertEquals(List.of("tombstone V2", "session V1"), sessions);
            assertEquals(0, h.numKeyedStateEntries(), "no open session left");
        }
    }

    @Test
    void aSessionOpenAtAnAnonymousWithdrawalReachesNoRecordAfterANewGrantAndALogin()
            throws Exception {
        try (var chain = new Chain()) {
            // an anonymous view, then a withdrawal 5 minutes later while that session is open
            chain.event(event("e1", T, "V1", null, EventType.PRODUCT_VIEW, true));
            chain.event(event("e2", T + 5 * MINUTE, "V1", null, EventType.CONSENT, false));
            // the session closes after the withdrawal passed
            chain.watermark(T + 40 * MINUTE);
            // a new grant in a new session, then a login in the same session
            chain.event(event("e3", T + 60 * MINUTE, "V1", null, EventType.PAGE_VIEW, true));
            chain.event(event("e4", T + 61 * MINUTE, "V1", "C1", EventType.LOGIN, null));
            chain.watermark(T + 200 * MINUTE);
            LiveProfile c1 = chain.latest("C1");
            assertEquals(1, c1.sessions, "only the session after the new grant");
            assertEquals(2, c1.events, "only the events after the new grant");
            assertTrue(c1.firstSeen > T + 5 * MINUTE, "nothing from before the withdrawal");
        }
    }

    @Test
    void aSessionOpenAtAnAnonymousWithdrawalThatEndsLoggedInReachesNoRecord() throws Exception {
        try (var chain = new Chain()) {
            chain.event(event("e1", T, "V1", null, EventType.PRODUCT_VIEW, true));
            chain.event(event("e2", T + 5 * MINUTE, "V1", null, EventType.CONSENT, false));
            // a new grant and a login within the same session: the session holds e1 too
            chain.event(event("e3", T + 10 * MINUTE, "V1", null, EventType.PAGE_VIEW, true));
            chain.event(event("e4", T + 11 * MINUTE, "V1", "C1", EventType.LOGIN, null));
            chain.watermark(T + 200 * MINUTE);
            LiveProfile c1 = chain.latest("C1");
            assertEquals(0, c1.sessions, "the session began before the withdrawal");
            assertEquals(2, c1.events, "the events after the new grant");
        }
    }

    @Test
    void aSecondWithdrawalThatArrivesAfterAnEarlierOneStillKeepsTheOpenSessionOut()
            throws Exception {
        // silence is consent here: the view at 45 is profiled, and the second withdrawal
        // changes no stated status, with nothing profiled since the first
        ProfileRules silenceConsents =
                new ProfileRules("UTC", Duration.ofDays(7), true, Duration.ofDays(1), false);
        try (var chain = new Chain(silenceConsents)) {
            chain.event(event("e1", T + 45 * MINUTE, "V1", null, EventType.PAGE_VIEW, null));
            // withdrawals at 30 and at 50 minutes, the later one after the view at 45
            chain.event(event("w1", T + 30 * MINUTE, "V1", null, EventType.CONSENT, false));
            chain.event(event("w2", T + 50 * MINUTE, "V1", null, EventType.CONSENT, false));
            chain.event(event("e2", T + 60 * MINUTE, "V1", null, EventType.PAGE_VIEW, true));
            chain.event(event("e3", T + 70 * MINUTE, "V1", null, EventType.PAGE_VIEW, null));
            chain.watermark(T + 300 * MINUTE);
            LiveProfile v1 = chain.latest("visitor:V1");
            assertEquals(0, v1.sessions, "the session began at 45, before the second withdrawal");
            assertEquals(2, v1.events, "the events after the new grant");
        }
    }

    /**
     * Identity, sessions, visitor-level profiles and golden records as the stream job chains them:
     * each stage's new outputs go to the next at once.
     */
    private static final class Chain implements AutoCloseable {
        private final KeyedOneInputStreamOperatorTestHarness<String, Event, ProfileInput> identity;
        private final KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, ProfileInput>
                sessions;
        private final KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, ProfileUpdate>
                visitors;
        private final KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
                golden;
        private int identityTaken;
        private int sessionsTaken;
        private int visitorsTaken;

        Chain() throws Exception {
            this(RULES);
        }

        Chain(ProfileRules rules) throws Exception {
            identity = identity(rules);
            sessions = pipelineSessions();
            visitors = visitorProfiles(rules);
            golden = golden(rules);
            identity.open();
            sessions.open();
            visitors.open();
            golden.open();
        }

        void event(Event e) throws Exception {
            identity.processElement(record(e));
            flow();
        }

        void watermark(long ts) throws Exception {
            sessions.processWatermark(new Watermark(ts));
            flow();
        }

        private void flow() throws Exception {
            List<ProfileInput> fromIdentity = identity.extractOutputValues();
            for (; identityTaken < fromIdentity.size(); identityTaken++) {
                sessions.processElement(record(fromIdentity.get(identityTaken)));
            }
            List<ProfileInput> fromSessions = sessions.extractOutputValues();
            for (; sessionsTaken < fromSessions.size(); sessionsTaken++) {
                visitors.processElement(record(fromSessions.get(sessionsTaken)));
            }
            List<ProfileUpdate> fromVisitors = visitors.extractOutputValues();
            for (; visitorsTaken < fromVisitors.size(); visitorsTaken++) {
                golden.processElement(record(fromVisitors.get(visitorsTaken)));
            }
        }

        /** The record's latest emitted profile (null when deleted). */
        LiveProfile latest(String profileId) {
            List<ProfileChange> changes =
                    golden.extractOutputValues().stream()
                            .filter(c -> c.profileId.equals(profileId))
                            .toList();
            assertTrue(!changes.isEmpty(), "no profile emitted for " + profileId);
            return changes.get(changes.size() - 1).profile;
        }

        @Override
        public void close() throws Exception {
            identity.close();
            sessions.close();
            visitors.close();
            golden.close();
        }
    }

    @Test
    void anIdleProfileExpiresAfterItsTimeToLive() throws Exception {
        try (var h = visitorProfiles(RULES)) {
            h.open();
            h.setStateTtlProcessingTime(0);
            h.processElement(record(profiled("e1", "V1", T)));
            h.processElement(record(profiled("e2", "V2", T)));
            h.setStateTtlProcessingTime(Duration.ofHours(23).toMillis());
            h.processElement(record(profiled("e3", "V1", T + MINUTE)));
            // V1 last written 23 h ago, V2 46 h ago: a login hands over what is still kept
            h.setStateTtlProcessingTime(Duration.ofHours(46).toMillis());
            h.processElement(record(ProfileInput.move("V1", "C1", T + 2 * MINUTE)));
            h.processElement(record(ProfileInput.move("V2", "C2", T + 2 * MINUTE)));
            List<ProfileUpdate> parts =
                    h.extractOutputValues().stream()
                            .filter(u -> u.kind == ProfileUpdate.Kind.PART)
                            .toList();
            assertEquals(1, parts.size(), "V2's anonymous history expired after a day idle");
            assertEquals("C1", parts.get(0).target);
            assertEquals(2, parts.get(0).part.events, "V1's kept within the TTL");
        }
    }

    /** The pipeline's sessions form, keyed by visitor, with the default session config. */
    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, ProfileInput>
            pipelineSessions() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new dev.segment.jobs.sessions.SessionOperator<>(
                                Sessionizer.Config.defaults(), new ProfileSessions())),
                in -> in.visitorId,
                Types.STRING);
    }

    /** The visitor-level profiles as the pipeline keys them: by visitor. */
    static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, ProfileUpdate>
            visitorProfiles(ProfileRules rules) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new VisitorProfiles(rules)),
                in -> in.visitorId,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, ProfileInput> identity()
            throws Exception {
        return identity(RULES);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, ProfileInput> identity(
            ProfileRules rules) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IdentityConsent(rules)),
                e -> e.visitorId,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            golden() throws Exception {
        return golden(RULES);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ProfileUpdate, ProfileChange>
            golden(ProfileRules rules) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GoldenProfiles(rules)), u -> u.target, Types.STRING);
    }

    private static ProfileUpdate part(String target, String slot, long first) {
        ProfileAccumulator a = new ProfileAccumulator();
        a.addEvent(event("p", first, "V", target, EventType.PAGE_VIEW, true), RULES);
        return ProfileUpdate.part(target, slot, a);
    }

    private static ProfileInput profiled(String id, String visitor, long ts) {
        return ProfileInput.event(event(id, ts, visitor, null, EventType.PAGE_VIEW, true));
    }

    private static <T> StreamRecord<T> record(T value) {
        long ts = value instanceof Event e ? e.ts : value instanceof ProfileInput i ? i.ts : T;
        return new StreamRecord<>(value, ts);
    }

    private static List<ProfileInput> profiled(List<ProfileInput> out) {
        return out.stream().filter(i -> i.kind == ProfileInput.Kind.EVENT).toList();
    }

    private static List<String> ids(List<ProfileInput> inputs) {
        return inputs.stream().map(i -> i.event.eventId).toList();
    }

    static Event event(
            String id, long ts, String visitor, String customer, EventType type, Boolean consent) {
        Event e = new Event();
        e.eventId = id;
        e.ts = ts;
        e.visitorId = visitor;
        e.customerId = customer;
        e.type = type;
        e.consent = consent;
        e.category = "shoes";
        e.device = "desktop";
        return e;
    }
}
