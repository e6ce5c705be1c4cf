package dev.segment.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.jobs.profiles.LiveProfile;
import dev.segment.jobs.profiles.ProfileChange;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.segmentation.features.FeatureScaler;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansModelData;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The live segment stage on its own: assignment by the start model, a newer model arriving on the
 * broadcast input reassigns the customers already seen (reason "model"), the same model again
 * changes nothing, a withdrawal turns the customer generic, a customer without purchases is a
 * prospect. After a restore, an unchanged row is written once more.
 */
class LiveSegmentsTest {

    private static final ProfileRules RULES =
            new ProfileRules("UTC", Duration.ofDays(7), true, Duration.ofDays(90), false)
                    .validate();

    /** One feature (frequency), unscaled: customers go to the nearest centroid in orders. */
    static LiveModel model(String version, double second, String secondName) throws Exception {
        KMeansModel m =
                new KMeansModel(
                        new FeatureScaler(
                                List.of("frequency"),
                                new boolean[] {false},
                                new double[] {0},
                                new double[] {1},
                                false),
                        new KMeansModelData(new double[][] {{1}, {second}}, new long[] {5, 5}),
                        new int[] {0, 1},
                        Map.of(),
                        Map.of(),
                        List.of(),
                        "test",
                        Map.of(0, "Occasional", 1, secondName));
        return new LiveModel(version, "run-" + version, m.toJson());
    }

    private static ProfileChange profile(String customer, long frequency) {
        LiveProfile p = new LiveProfile();
        p.profileId = customer;
        p.customerId = customer;
        int day = (int) LocalDate.parse("2024-03-01").toEpochDay();
        p.lastSeen = day * 86_400_000L;
        p.lastIntent = "research";
        p.frequency = frequency;
        if (frequency > 0) {
            p.monetary = 20.0 * frequency;
            p.rfmAsOf = day;
            p.firstPurchase = day - 400;
            p.lastPurchase = day - 3;
            p.recencyDays = 3;
        }
        return ProfileChange.upsert(p);
    }

    @Test
    void aNewerModelReassignsAndAWithdrawalTurnsGeneric() throws Exception {
        LiveSegments fn =
                new LiveSegments(model("A", 10, "Frequent"), RULES, LifecycleRules.DEFAULT);
        try (KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        fn, c -> c.profileId, Types.STRING, LiveSegments.MODEL)) {
            h.processElement(profile("C1", 4), 1);
            h.processElement(profile("C2", 0), 1);
            List<LiveAssignment> out = h.extractOutputValues();
            assertEquals("Occasional", out.get(0).persona, "4 orders: nearer 1 than 10");
            assertEquals("active", out.get(0).lifecycle);
            assertEquals("long_standing", out.get(0).customerProfile.replace('-', '_'));
            assertEquals(LiveAssignment.PROSPECT, out.get(1).persona);
            assertNull(out.get(1).clusterId);

            h.processBroadcastElement(model("B", 3, "Regular"), 2);
            out = h.extractOutputValues();
            assertEquals(3, out.size(), "only C1 moves; a prospect stays a prospect");
            assertEquals("Regular", out.get(2).persona, "4 orders: nearer 3 than 1");
            assertEquals("B", out.get(2).modelVersion);

            h.processBroadcastElement(model("B", 3, "Regular"), 3);
            h.processBroadcastElement(new LiveModel("B", null, null), 3);
            assertEquals(3, h.extractOutputValues().size(), "the same model again: nothing");

            h.processElement(
                    ProfileChange.delete("C1", ProfileChange.CONSENT_WITHDRAWN, 99_000L), 4);
            LiveAssignment generic = h.extractOutputValues().get(3);
            assertEquals(LiveAssignment.GENERIC, generic.persona);
            assertNull(generic.clusterId);
            assertEquals(99_000L, generic.updatedAt);

            List<String> reasons = changes(h);
            assertEquals(
                    List.of(
                            "C1:entered:Occasional",
                            "C2:entered:prospect",
                            "C1:model:Regular",
                            "C1:consent_withdrawn:generic"),
                    reasons);
        }
    }

    /**
     * A customer seen only in clicks without consent (silence meaning no) gets the generic segment
     * once; one with a live profile, from consent on another device, keeps their segment; a later
     * consented profile moves the generic one into a segment.
     */
    @Test
    void aCustomerSeenOnlyWithoutConsentIsGenericOnce() throws Exception {
        LiveSegments fn =
                new LiveSegments(model("A", 10, "Frequent"), RULES, LifecycleRules.DEFAULT);
        try (KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        fn, c -> c.profileId, Types.STRING, LiveSegments.MODEL)) {
            h.processElement(ProfileChange.delete("C1", ProfileChange.NO_CONSENT, 5_000L), 1);
            h.processElement(ProfileChange.delete("C1", ProfileChange.NO_CONSENT, 6_000L), 1);
            h.processElement(profile("C2", 4), 1);
            h.processElement(ProfileChange.delete("C2", ProfileChange.NO_CONSENT, 7_000L), 1);
            List<LiveAssignment> out = h.extractOutputValues();
            assertEquals(2, out.size(), "C1 once, C2 as its profile says: " + out);
            assertEquals("C1", out.get(0).customerId);
            assertEquals(LiveAssignment.GENERIC, out.get(0).persona);
            assertNull(out.get(0).clusterId);
            assertEquals(5_000L, out.get(0).updatedAt);
            assertTrue(out.get(0).explanation.startsWith("no consent"), out.get(0).explanation);
            assertEquals("Occasional", out.get(1).persona);

            h.processElement(profile("C1", 4), 2); // C1 grants consent later
            assertEquals("Occasional", h.extractOutputValues().get(2).persona);
            List<String> reasons = changes(h);
            assertEquals(
                    List.of("C1:entered:generic", "C2:entered:Occasional", "C1:moved:Occasional"),
                    reasons);
        }
    }

    /**
     * The store may hold a row a failed attempt wrote after the checkpoint (the sinks are upserts,
     * not transactions), and the replay may reach the checkpoint's assignment again without it: the
     * restored stage must write that row once, without a change event.
     */
    @Test
    void anErasedCustomersRowIsDeletedWithoutAChangeAndANewerModelSkipsThem() throws Exception {
        // C2 is erased in the store after its last change (the list a running job re-read)
        LiveSegments fn =
                new LiveSegments(
                        model("A", 10, "Frequent"),
                        RULES,
                        LifecycleRules.DEFAULT,
                        dev.segment.common.store.LiveErasures.fixed(
                                dev.segment.common.store.Erasure.Erased.of(List.of("C2"))));
        try (KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        fn, c -> c.profileId, Types.STRING, LiveSegments.MODEL)) {
            h.processElement(profile("C1", 4), 1);
            h.processElement(profile("C2", 4), 1);
            h.processElement(profile("C3", 4), 1);
            h.processElement(ProfileChange.delete("C1", ProfileChange.ERASED, 50_000L), 2);
            h.processBroadcastElement(model("B", 3, "Regular"), 3);
            List<String> rows =
                    h.extractOutputValues().stream()
                            .map(a -> a.customerId + ":" + (a.isErasure() ? "delete" : a.persona))
                            .toList();
            assertEquals(
                    List.of(
                            "C1:Occasional",
                            "C2:Occasional",
                            "C3:Occasional",
                            "C1:delete",
                            "C2:delete",
                            "C3:Regular"),
                    sortedTail(rows));
            List<String> changes =
                    h.getSideOutput(LiveSegments.CHANGES).stream()
                            .map(StreamRecord::getValue)
                            .map(c -> c.customerId + ":" + c.reason)
                            .toList();
            assertEquals(
                    List.of("C1:entered", "C2:entered", "C3:entered", "C3:model"),
                    changes,
                    "no change event names an erased customer");
        }
    }

    /** The rows with those of the model change (any key order) sorted by customer. */
    private static List<String> sortedTail(List<String> rows) {
        List<String> tail = new java.util.ArrayList<>(rows.subList(4, rows.size()));
        java.util.Collections.sort(tail);
        List<String> all = new java.util.ArrayList<>(rows.subList(0, 4));
        all.addAll(tail);
        return all;
    }

    @Test
    void afterARestoreAnUnchangedRowIsWrittenOnce() throws Exception {
        OperatorSubtaskState checkpoint;
        try (KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                harness()) {
            h.open();
            h.processElement(profile("C1", 4), 1);
            h.processElement(profile("C1", 4), 2);
            assertEquals(1, h.extractOutputValues().size(), "unchanged: written once");
            checkpoint = h.snapshot(1, 2);
        }
        try (KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                harness()) {
            h.initializeState(checkpoint);
            h.open();
            h.processElement(profile("C1", 4), 3);
            h.processElement(profile("C1", 4), 4);
            List<LiveAssignment> out = h.extractOutputValues();
            assertEquals(1, out.size(), "written again once after the restore");
            assertEquals("Occasional", out.get(0).persona);
            var changes = h.getSideOutput(LiveSegments.CHANGES);
            assertTrue(changes == null || changes.isEmpty(), "no change: no event");
        }
    }

    /** The change events so far, as customer:reason:to-segment. */
    private static List<String> changes(
            KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h) {
        return h.getSideOutput(LiveSegments.CHANGES).stream()
                .map(StreamRecord::getValue)
                .map(c -> c.customerId + ":" + c.reason + ":" + c.toSegment)
                .toList();
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ProfileChange, LiveModel, LiveAssignment>
            harness() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, ProfileChange, LiveModel, LiveAssignment> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new LiveSegments(
                                        model("A", 10, "Frequent"), RULES, LifecycleRules.DEFAULT),
                                List.of(LiveSegments.MODEL)),
                        c -> c.profileId,
                        Types.STRING,
                        128,
                        1,
                        0);
        h.setup();
        return h;
    }

    /**
     * The state keeps only what {@code assign} reads: a model over every live feature gives the
     * same assignment for a profile and for its kept fields (fails when a field it reads is left
     * out).
     */
    @Test
    void theProfileKeptInStateAssignsAsTheWholeProfile() throws Exception {
        List<String> names =
                List.of(
                        "recency_days",
                        "frequency",
                        "monetary",
                        "avg_order_value",
                        "tenure_days",
                        "sessions",
                        "support_share",
                        "cart_abandonment");
        assertEquals(LiveModel.LIVE_FEATURES, java.util.Set.copyOf(names), "every live feature");
        java.util.Random r = new java.util.Random(7);
        int k = 4;
        double[][] centroids = new double[k][names.size()];
        for (double[] c : centroids) {
            for (int f = 0; f < c.length; f++) {
                c[f] = r.nextGaussian();
            }
        }
        double[] mean = {30, 4, 200, 50, 400, 6, 0.1, 0.3};
        double[] std = {20, 3, 150, 30, 300, 5, 0.1, 0.2};
        KMeansModel m =
                new KMeansModel(
                        new FeatureScaler(names, new boolean[names.size()], mean, std, true),
                        new KMeansModelData(centroids, new long[] {5, 5, 5, 5}),
                        new int[] {0, 1, 2, 3},
                        Map.of(),
                        Map.of(),
                        List.of(),
                        "test",
                        Map.of(0, "A", 1, "B", 2, "C", 3, "D"));
        LiveModel model = new LiveModel("M", "run-M", m.toJson());
        LiveSegments fn = new LiveSegments(model, RULES, LifecycleRules.DEFAULT);
        int day = (int) LocalDate.parse("2024-03-01").toEpochDay();
        java.util.Set<String> personas = new java.util.HashSet<>();
        for (int n = 0; n < 2_000; n++) {
            LiveProfile p = new LiveProfile();
            p.profileId = "C" + n;
            p.customerId = p.profileId;
            p.lastSeen = (day - r.nextInt(30)) * 86_400_000L;
            p.lastIntent = r.nextBoolean() ? "research" : "purchase";
            p.sessions = r.nextInt(20);
            p.supportShare = r.nextBoolean() ? null : r.nextDouble() * 0.3;
            p.cartAbandonment = r.nextBoolean() ? null : r.nextDouble();
            p.interests = "shoes:1.000";
            p.preferredDevice = "mobile";
            p.frequency = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(12);
            if (p.frequency > 0) {
                p.monetary = 10 + r.nextDouble() * 500;
                p.rfmAsOf = day;
                p.firstPurchase = day - r.nextInt(900);
                p.lastPurchase = day - r.nextInt(Math.max(1, day - p.firstPurchase));
                p.previousPurchase = r.nextBoolean() ? null : p.lastPurchase - r.nextInt(400);
                p.baselineStage = r.nextInt(3) == 0 ? "reactivated" : null;
                p.recencyDays = day - p.lastPurchase;
            }
            LiveAssignment whole = fn.assign(model, p);
            LiveAssignment kept = fn.assign(model, LiveSegments.readByAssign(p));
            assertTrue(whole.sameAs(kept), p.profileId);
            assertEquals(whole.updatedAt, kept.updatedAt, p.profileId);
            personas.add(whole.persona + "/" + whole.lifecycle);
        }
        assertTrue(personas.size() >= 6, "profiles of many kinds: " + personas);
    }
}
