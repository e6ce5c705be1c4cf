package dev.segment.jobs.clickstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.SegmentAssignment;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.jobs.eval.AdjustedRandIndex;
import dev.segment.jobs.events.EventFormat;
import dev.segment.jobs.generate.GeneratorConfig;
import dev.segment.jobs.generate.SyntheticDataGenerator;
import dev.segment.jobs.profiles.LiveProfile;
import dev.segment.jobs.profiles.ProfileRules;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmJob;
import dev.segment.jobs.segmentation.CustomerFeatures;
import dev.segment.jobs.segmentation.FeatureRow;
import dev.segment.jobs.segmentation.SegmentationConfig;
import dev.segment.jobs.segmentation.SegmentationJob;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import dev.segment.jobs.segmentation.personas.PersonaRules;
import dev.segment.jobs.sessions.Sessionizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Behavioural features from clicks, and what declining data use means, on a mini cluster. */
class BehaviourITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(2);

    @Test
    void declinedCustomersAreSegmentedByPurchasesAloneAndBadLinesAreDeadLettered(@TempDir Path dir)
            throws Exception {
        LocalDate start = LocalDate.of(2023, 1, 1);
        new SyntheticDataGenerator(
                        new GeneratorConfig(3_000, 730, 77, start, dir, true, false, false))
                .generate(null);
        Path clicks = dir.resolve("clicks.jsonl");
        Files.writeString(clicks, "{not json\n", StandardOpenOption.APPEND);
        Map<String, String> truth = new HashMap<>();
        Map<String, Boolean> consent = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.csv")).subList(1, 3_001)) {
            truth.put(line.split(",")[0], line.split(",")[1]);
        }
        // who declined, as the clickstream says (customers who never browsed have no clicks at all)
        for (String line : Files.readAllLines(clicks)) {
            int at = line.indexOf("\"customer_id\":\"");
            if (at >= 0) {
                String id = line.substring(at + 15, line.indexOf('"', at + 15));
                consent.merge(id, !line.contains("\"consent\":false"), Boolean::logicalAnd);
            }
        }

        // a customer who browsed without ever saying yes: events without a consent field
        String silent =
                truth.keySet().stream()
                        .filter(id -> !consent.containsKey(id))
                        .sorted()
                        .findFirst()
                        .orElseThrow();
        for (int e = 0; e < 3; e++) {
            Files.writeString(
                    clicks,
                    "{\"event_id\":\"X"
                            + e
                            + "\",\"visitor_id\":\"VX\",\"customer_id\":\""
                            + silent
                            + "\",\"ts\":\"2024-06-01T10:0"
                            + e
                            + ":00Z\",\"event_type\":\"support_view\"}\n",
                    StandardOpenOption.APPEND);
        }

        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(2);
        var rfm =
                RfmJob.aggregateAndScore(
                        TransactionFiles.of(dir.resolve("transactions.csv"), CsvLayout.canonical())
                                .read(env),
                        RfmConfig.classic(start.plusDays(729)));
        DataStream<FeatureRow> base =
                rfm.rebalance()
                        .map(
                                new CustomerFeatures(LifecycleRules.DEFAULT),
                                TypeInformation.of(FeatureRow.class));
        // the streaming job's operators in BATCH mode; consent is opt-in for canonical events
        BehaviourFeatures.Streams behaviour =
                BehaviourFeatures.read(
                        env,
                        clicks,
                        EventFormat.CANONICAL,
                        Sessionizer.Config.defaults(),
                        new ProfileRules(
                                "UTC", Duration.ofDays(7), false, Duration.ofDays(90), true),
                        dev.segment.common.store.Suppression.NONE);
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        behaviour.deadLetters().sinkTo(dead);
        CollectingSink<LiveProfile> liveProfiles = new CollectingSink<>();
        behaviour
                .pipeline()
                .profiles()
                .filter(c -> c.profile != null && c.profile.customerId != null)
                .map(c -> c.profile, TypeInformation.of(LiveProfile.class))
                .sinkTo(liveProfiles);
        DataStream<FeatureRow> joined =
                base.partitionCustom((k, n) -> Math.floorMod(k.hashCode(), n), r -> r.customerId)
                        .connect(
                                behaviour
                                        .profiles()
                                        .partitionCustom(
                                                (k, n) -> Math.floorMod(k.hashCode(), n),
                                                p -> p.customerId))
                        .transform(
                                "join", TypeInformation.of(FeatureRow.class), new JoinBehaviour());
        List<String> names = new ArrayList<>(SegmentationConfig.RFM_FEATURES);
        names.addAll(JoinBehaviour.FEATURES);
        CollectingSink<FeatureRow> features = new CollectingSink<>();
        joined.sinkTo(features);
        boolean[] log1p = {true, true, true, true, true, true, false, false};
        CollectingSink<SegmentAssignment> out = new CollectingSink<>();
        new SegmentationJob(
                        new SegmentationConfig(
                                names,
                                log1p,
                                true,
                                new KMeansParams().setK(5).setSeed(3),
                                false,
                                2,
                                2,
                                false,
                                1000,
                                null,
                                PersonaRules.defaults(),
                                "test"))
                .withAssignmentSink(out)
                .build(joined);
        env.execute("behaviour");

        List<DeadLetter> bad = dead.results();
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).reason.startsWith("not JSON"), bad.get(0).reason);
        assertTrue(bad.get(0).source.endsWith("clicks.jsonl"));
        Map<String, LiveProfile> profiles = new HashMap<>();
        for (LiveProfile p : liveProfiles.results()) {
            assertEquals(null, profiles.put(p.customerId, p), "one final profile per customer");
        }

        // declined and missing consent: every behavioural feature is unknown (NaN, which the scaler
        // maps to the mean); consenting customers with clicks have all three
        int first = SegmentationConfig.RFM_FEATURES.size();
        int checkedDeclined = 0;
        int checkedUsed = 0;
        for (FeatureRow r : features.results()) {
            boolean declinedOrSilent =
                    r.customerId.equals(silent) || !consent.getOrDefault(r.customerId, true);
            boolean browsed = consent.containsKey(r.customerId) || r.customerId.equals(silent);
            for (int f = first; f < first + 3; f++) {
                if (declinedOrSilent) {
                    assertTrue(Double.isNaN(r.features[f]), r.customerId + " feature " + f);
                } else if (browsed) {
                    assertTrue(Double.isFinite(r.features[f]), r.customerId + " feature " + f);
                }
            }
            if (declinedOrSilent) {
                assertEquals("declined", r.behaviour, r.customerId);
                assertEquals(null, profiles.get(r.customerId), r.customerId);
                checkedDeclined++;
            } else if (browsed) {
                assertEquals("used", r.behaviour, r.customerId);
                // the features are the customer's live profile, as the streaming job keeps it
                LiveProfile p = profiles.get(r.customerId);
                assertEquals(p.sessions, r.features[first], r.customerId);
                assertEquals((double) p.supportShare, r.features[first + 1], r.customerId);
                assertEquals(
                        p.cartAbandonment == null ? 0 : p.cartAbandonment,
                        r.features[first + 2],
                        r.customerId);
                checkedUsed++;
            }
        }
        assertTrue(
                checkedDeclined > 100 && checkedUsed > 1000, checkedDeclined + " / " + checkedUsed);

        List<SegmentAssignment> declined = new ArrayList<>();
        for (SegmentAssignment a : out.results()) {
            if (!consent.getOrDefault(a.customerId, true) || a.customerId.equals(silent)) {
                declined.add(a);
                assertTrue(
                        a.explanation.contains("no consent to use browsing data"), a.explanation);
            } else {
                assertTrue(!a.explanation.contains("no consent"), a.explanation);
            }
        }
        assertTrue(
                declined.size() > 100, "about 8% of 3,000 customers decline: " + declined.size());
        // never a penalty: declined customers are matched to their planted purchase-behaviour group
        // at least as well as everyone else (behaviour is neutral for them, z = 0)
        List<SegmentAssignment> others = new ArrayList<>(out.results());
        others.removeAll(declined);
        double ariDeclined = ari(declined, truth);
        double ariOthers = ari(others, truth);
        assertTrue(
                ariDeclined >= ariOthers - 0.05,
                "ARI declined " + ariDeclined + " vs others " + ariOthers);
    }

    private static double ari(List<SegmentAssignment> as, Map<String, String> truth) {
        String[] t = as.stream().map(a -> truth.get(a.customerId)).toArray(String[]::new);
        Integer[] c = as.stream().map(a -> a.clusterId).toArray(Integer[]::new);
        return AdjustedRandIndex.of(t, c);
    }
}
