package dev.segment.jobs.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.io.CsvLayout;
import dev.segment.common.io.TransactionFiles;
import dev.segment.common.io.TransactionSource;
import dev.segment.common.model.SegmentAssignment;
import dev.segment.common.testkit.CollectingSink;
import dev.segment.common.testkit.MiniClusters;
import dev.segment.common.testkit.TestData;
import dev.segment.jobs.eval.AdjustedRandIndex;
import dev.segment.jobs.generate.GeneratorConfig;
import dev.segment.jobs.generate.SyntheticDataGenerator;
import dev.segment.jobs.rfm.RfmConfig;
import dev.segment.jobs.rfm.RfmJob;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KMeansParams;
import dev.segment.jobs.segmentation.lifecycle.LifecycleRules;
import dev.segment.jobs.segmentation.personas.PersonaRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The clustering pipeline on a mini cluster: planted groups, determinism, stable ids, CDNOW. */
class SegmentationITCase {

    @RegisterExtension static final MiniClusterExtension MINI = MiniClusters.withSlots(4);

    private static final LocalDate START = LocalDate.of(2023, 1, 1);
    private static final LocalDate AS_OF = START.plusDays(729);

    @TempDir static Path dir;
    private static Path transactions;
    private static Map<String, String> truth;

    @BeforeAll
    static void generate() throws Exception {
        new SyntheticDataGenerator(
                        new GeneratorConfig(3_000, 730, 2024, START, dir, false, false, false))
                .generate(null);
        transactions = dir.resolve("transactions.csv");
        truth = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.csv")).subList(1, 3_001)) {
            String[] f = line.split(",");
            truth.put(f[0], f[1]);
        }
    }

    private record Outcome(List<SegmentAssignment> assignments, TrainedSegmentation trained) {
        Map<String, Integer> ids() {
            return assignments.stream()
                    .collect(Collectors.toMap(a -> a.customerId, a -> a.clusterId));
        }
    }

    private static SegmentationConfig config(
            KMeansParams params, boolean auto, KMeansModel previous) {
        boolean[] log1p = new boolean[SegmentationConfig.RFM_FEATURES.size()];
        Arrays.fill(log1p, true);
        return new SegmentationConfig(
                SegmentationConfig.RFM_FEATURES,
                log1p,
                true,
                params,
                auto,
                3,
                7,
                false,
                3_000,
                previous,
                PersonaRules.defaults(),
                "test");
    }

    private static Outcome run(TransactionSource source, SegmentationConfig config, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(parallelism);
        CollectingSink<SegmentAssignment> assignments = new CollectingSink<>();
        CollectingSink<TrainedSegmentation> model = new CollectingSink<>();
        var rfm = RfmJob.aggregateAndScore(source.read(env), RfmConfig.classic(AS_OF));
        var features =
                rfm.rebalance()
                        .map(
                                new CustomerFeatures(LifecycleRules.DEFAULT),
                                TypeInformation.of(FeatureRow.class));
        new SegmentationJob(config)
                .withAssignmentSink(assignments)
                .withModelSink(model)
                .build(features);
        env.execute("segmentation-test");
        return new Outcome(assignments.results(), model.results().get(0));
    }

    private static TransactionSource generated() {
        return TransactionFiles.of(transactions, CsvLayout.canonical());
    }

    @Test
    void autoKFindsThePlantedGroups() throws Exception {
        Outcome o = run(generated(), config(new KMeansParams().setSeed(7), true, null), 2);
        assertEquals(3_000, o.assignments().size());
        assertEquals(
                5,
                o.trained().model().data().k(),
                "5 planted groups; silhouette picks k from 3..7");
        assertEquals(5, o.trained().model().kSelection().size());
        String[] t = new String[3_000];
        Integer[] c = new Integer[3_000];
        int i = 0;
        for (SegmentAssignment a : o.assignments()) {
            t[i] = truth.get(a.customerId);
            c[i++] = a.clusterId;
        }
        double ari = AdjustedRandIndex.of(t, c);
        assertTrue(ari >= 0.9, "adjusted Rand index vs truth.csv " + ari);
        // names are unique and every customer carries stage, profile, confidence and reasons
        assertEquals(5, o.trained().personas().stream().map(p -> p.name()).distinct().count());
        for (SegmentAssignment a : o.assignments()) {
            assertTrue(a.confidence >= 0 && a.confidence <= 1);
            assertFalse(a.topFeatures.isEmpty());
            assertTrue(
                    List.of("new", "active", "at_risk", "lapsed", "reactivated")
                            .contains(a.lifecycleStage),
                    a.lifecycleStage);
            if (truth.get(a.customerId).equals("newcomers")) {
                assertEquals(
                        "new", a.customerProfile, "a newcomer is never a long-standing customer");
            }
        }
    }

    /**
     * CDNOW's 23,570 customers span six of Lloyd's 4,096-row chunks, and at parallelism 1, 2 and 4
     * they reach the training task in different orders: centroids must be bit-identical and every
     * assignment equal (threads 1/2/4 over many chunks: KMeansTest).
     */
    @Test
    void sameResultAtParallelismOneTwoAndFour() throws Exception {
        Map<Integer, Outcome> byP = new HashMap<>();
        for (int p : new int[] {1, 2, 4}) {
            byP.put(
                    p,
                    run(
                            TransactionFiles.of(
                                    TestData.file("cdnow/CDNOW_master.txt"), CsvLayout.cdnow()),
                            config(new KMeansParams().setK(5).setSeed(3), false, null),
                            p));
        }
        assertEquals(23_570, byP.get(1).ids().size());
        Map<String, Integer> ids = byP.get(1).ids();
        assertEquals(ids, byP.get(2).ids());
        assertEquals(ids, byP.get(4).ids());
        double[][] c1 = byP.get(1).trained().model().data().centroids;
        for (int p : new int[] {2, 4}) {
            double[][] c = byP.get(p).trained().model().data().centroids;
            for (int j = 0; j < c1.length; j++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        c1[j], c[j], 0.0, "parallelism " + p + " centroid " + j);
            }
        }
    }

    @Test
    void idsAndNamesStayPutAcrossRetrainsWithAnotherSeedOrShuffledInput() throws Exception {
        // run Lloyd to its fixed point (tol 0) so that two seeds that land in the same optimum
        // agree exactly
        Outcome first =
                run(
                        generated(),
                        config(
                                new KMeansParams().setK(5).setSeed(1).setTol(0).setMaxIter(300),
                                false,
                                null),
                        2);
        Outcome reseeded =
                run(
                        generated(),
                        config(
                                new KMeansParams().setK(5).setSeed(99).setTol(0).setMaxIter(300),
                                false,
                                first.trained().model()),
                        2);
        assertEquals(
                0,
                differences(first.ids(), reseeded.ids()),
                "another seed, matched to the previous model");
        assertEquals(
                first.trained().model().personaNames(), reseeded.trained().model().personaNames());

        // the same rows in another order and split over three files
        List<String> lines = new ArrayList<>(Files.readAllLines(transactions));
        String header = lines.remove(0);
        Collections.shuffle(lines, new Random(5));
        Path shuffled = dir.resolve("shuffled");
        Files.createDirectories(shuffled);
        int third = lines.size() / 3;
        for (int f = 0; f < 3; f++) {
            List<String> part = new ArrayList<>();
            part.add(header);
            part.addAll(lines.subList(f * third, f == 2 ? lines.size() : (f + 1) * third));
            Files.write(shuffled.resolve("part-" + f + ".csv"), part);
        }
        Outcome shuffledRun =
                run(
                        TransactionFiles.of(shuffled, CsvLayout.canonical()),
                        config(
                                new KMeansParams().setK(5).setSeed(1).setTol(0).setMaxIter(300),
                                false,
                                null),
                        2);
        assertEquals(0, differences(first.ids(), shuffledRun.ids()), "input order does not matter");
    }

    @Test
    void aboveTheRowCapASeededSampleTrainsTheSameModelAtAnyParallelism() throws Exception {
        Map<Integer, Outcome> byP = new HashMap<>();
        for (int p : new int[] {1, 2}) {
            byP.put(
                    p,
                    run(
                            generated(),
                            config(
                                    new KMeansParams().setK(5).setSeed(4).setMaxTrainingRows(1_000),
                                    false,
                                    null),
                            p));
        }
        Outcome o = byP.get(2);
        assertEquals(
                0,
                differences(byP.get(1).ids(), o.ids()),
                "same sample, same model, whatever the parallelism");
        Map<String, Object> metrics = o.trained().model().metrics();
        assertEquals(true, metrics.get("sampled"));
        assertEquals(1_000L, ((Number) metrics.get("training_rows")).longValue());
        assertEquals(3_000L, ((Number) metrics.get("customers")).longValue());
        long sizes = o.trained().personas().stream().mapToLong(p -> p.size()).sum();
        assertTrue(Math.abs(sizes - 3_000) <= 5, "sizes scaled to all customers: " + sizes);
        assertEquals(3_000, o.assignments().size(), "every customer is still assigned");
        String[] t =
                o.assignments().stream().map(a -> truth.get(a.customerId)).toArray(String[]::new);
        Integer[] c = o.assignments().stream().map(a -> a.clusterId).toArray(Integer[]::new);
        assertTrue(AdjustedRandIndex.of(t, c) >= 0.9);
    }

    private static long differences(Map<String, Integer> a, Map<String, Integer> b) {
        assertEquals(a.keySet(), b.keySet());
        return a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).count();
    }

    @Test
    void cdnowRunCompletesWithPersonas() throws Exception {
        StreamExecutionEnvironment env = dev.segment.common.testkit.MiniClusters.batch(2);
        CollectingSink<TrainedSegmentation> model = new CollectingSink<>();
        CollectingSink<SegmentAssignment> assignments = new CollectingSink<>();
        var rfm =
                RfmJob.aggregateAndScore(
                        TransactionFiles.of(
                                        TestData.file("cdnow/CDNOW_master.txt"), CsvLayout.cdnow())
                                .read(env),
                        RfmConfig.classic(LocalDate.of(1998, 7, 1)));
        new SegmentationJob(config(new KMeansParams().setK(4).setSeed(1), false, null))
                .withModelSink(model)
                .withAssignmentSink(assignments)
                .build(
                        rfm.rebalance()
                                .map(
                                        new CustomerFeatures(LifecycleRules.DEFAULT),
                                        TypeInformation.of(FeatureRow.class)));
        env.execute("cdnow-segmentation");
        TrainedSegmentation t = model.results().get(0);
        assertEquals(4, t.personas().size());
        assertEquals(23_570, t.personas().stream().mapToLong(p -> p.size()).sum());
        assertEquals(23_570, assignments.results().size());
        assertEquals(1.0, t.personas().stream().mapToDouble(p -> p.revenueShare()).sum(), 1e-9);
        t.personas().forEach(p -> assertFalse(p.explanation().isBlank()));
        // CDNOW ends 1998-06-30; as of 1998-07-01 every customer is over a year old: none is new
        assertTrue(assignments.results().stream().noneMatch(a -> a.lifecycleStage.equals("new")));
    }
}
