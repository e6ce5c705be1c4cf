package dev.segment.jobs.segmentation.personas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaNamerTest {

    private static final List<String> FEATURES =
            List.of("recency_days", "frequency", "monetary", "avg_order_value", "tenure_days");

    private static ClusterProfile cluster(int id, long size, double revenue, double... z) {
        double[] original = new double[] {30, 5, 500, 100, 400};
        return new ClusterProfile(id, size, revenue, z, original, FEATURES);
    }

    @Test
    void recentFrequentBigSpendersAreLoyalHighSpenders() {
        List<Persona> p =
                new PersonaNamer(PersonaRules.defaults())
                        .name(List.of(cluster(0, 10, 900, -1.2, 1.5, 1.8, 0.3, 0.8)));
        assertEquals("Loyal high spenders", p.get(0).name());
        assertEquals("Loyal high spenders", p.get(0).rule());
        assertTrue(
                p.get(0).explanation().startsWith("Customers who buy often"),
                p.get(0).explanation());
        // distinguishing: monetary 1.8, frequency 1.5, recency -1.2
        assertEquals("monetary", p.get(0).distinguishing().get(0).feature());
        assertEquals("frequency", p.get(0).distinguishing().get(1).feature());
        assertEquals("recency_days", p.get(0).distinguishing().get(2).feature());
        assertEquals(-1.2, p.get(0).distinguishing().get(2).z());
    }

    @Test
    void aCentroidThatRoundsToZeroIsNotPrintedAsMinusZero() {
        String typical =
                PersonaNamer.typical(
                        new ClusterProfile(
                                0,
                                10,
                                100,
                                new double[] {0, 0},
                                new double[] {-1e-17, -0.004},
                                List.of("support_share", "cart_abandonment")));
        assertEquals("support_share 0.00, cart_abandonment 0.00", typical);
    }

    @Test
    void lapsedBigSpendersAndNewcomersAreRecognised() {
        List<Persona> p =
                new PersonaNamer(PersonaRules.defaults())
                        .name(
                                List.of(
                                        cluster(0, 10, 100, 1.4, -0.2, 1.1, 1.3, 0.4),
                                        new ClusterProfile(
                                                1,
                                                30,
                                                50,
                                                new double[] {-1.1, -0.6, -0.7, -0.1, -1.6},
                                                new double[] {12, 1.2, 60, 50, 40},
                                                FEATURES)));
        assertEquals("Lapsed big spenders", p.get(0).name());
        assertEquals("Newcomers", p.get(1).name());
    }

    /**
     * z-scores are relative: in a population of long-standing customers, the cluster with the
     * shortest tenure still has a typical tenure of 480 days (CDNOW). It must not be greeted as
     * "Newcomers".
     */
    @Test
    void aClusterWhoseTypicalTenureIsLongIsNeverCalledNewcomers() {
        List<Persona> p =
                new PersonaNamer(PersonaRules.defaults())
                        .name(
                                List.of(
                                        new ClusterProfile(
                                                1,
                                                30,
                                                50,
                                                new double[] {-1.1, 0.9, 0.2, -0.1, -0.9},
                                                new double[] {84, 4.2, 94, 23, 482},
                                                FEATURES)));
        assertTrue(!p.get(0).name().equals("Newcomers"), p.get(0).name());
        assertEquals("Recent buyers", p.get(0).name());
    }

    @Test
    void twoClustersMatchingTheSameRuleGetDifferentNamesAndTheBetterMatchWins() {
        List<Persona> p =
                new PersonaNamer(PersonaRules.defaults())
                        .name(
                                List.of(
                                        cluster(0, 10, 100, -0.6, 0.6, 0.6, 0, 0),
                                        cluster(1, 10, 100, -1.5, 1.5, 1.5, 0, 0)));
        assertEquals("Loyal high spenders", p.get(1).name(), "larger |z| sum wins the rule");
        assertEquals(2, new HashSet<>(List.of(p.get(0).name(), p.get(1).name())).size());
    }

    @Test
    void namesAreUniqueEvenForIdenticalClusters() {
        List<ClusterProfile> same =
                List.of(
                        cluster(0, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1),
                        cluster(1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1),
                        cluster(2, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1));
        List<Persona> p = new PersonaNamer(PersonaRules.defaults()).name(same);
        assertEquals(3, p.stream().map(Persona::name).distinct().count(), p.toString());
        assertEquals("Typical customers", p.get(0).name());
    }

    @Test
    void sharesAddUpAndCentroidsAreInOriginalUnits() {
        List<Persona> p =
                new PersonaNamer(PersonaRules.defaults())
                        .name(
                                List.of(
                                        cluster(0, 25, 750, -1, 1, 1, 0, 0),
                                        cluster(1, 75, 250, 1, -1, -1, 0, 0)));
        assertEquals(0.25, p.get(0).share(), 1e-12);
        assertEquals(0.75, p.get(0).revenueShare(), 1e-12);
        assertArrayEquals(new double[] {30, 5, 500, 100, 400}, p.get(1).centroidOriginal());
        assertTrue(
                p.get(0).explanation().contains("25% of customers, 75% of revenue"),
                p.get(0).explanation());
        assertTrue(p.get(0).explanation().contains("last purchase 30 days ago"));
    }

    @Test
    void customRuleTableIsUsedAndValidated(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.writeString(
                rules,
                "{\"threshold\": 1.0, \"rules\": [{\"name\": \"VIP\", \"when\": {\"monetary\": \"high\"},"
                        + " \"explanation\": \"spend a lot\"}]}");
        List<Persona> p =
                new PersonaNamer(PersonaRules.load(rules))
                        .name(
                                List.of(
                                        cluster(0, 1, 1, 0, 0, 1.0, 0, 0),
                                        cluster(1, 1, 1, 0, 0, 0.9, 0, 0)));
        assertEquals("VIP", p.get(0).name());
        // 0.9 is below this table's threshold of 1.0, so cluster 1 is not high on anything
        assertEquals("Typical customers", p.get(1).name());
        // a table without phrases falls back to "high-<feature>" wording for generated names
        List<Persona> q =
                new PersonaNamer(PersonaRules.load(rules))
                        .name(
                                List.of(
                                        cluster(0, 1, 1, 0, 0, 2, 0, 0),
                                        cluster(1, 1, 1, 0, 0, 1.5, 0, 0)));
        assertEquals("VIP", q.get(0).name());
        assertEquals("High-monetary customers", q.get(1).name());

        Files.writeString(
                rules, "{\"rules\": [{\"name\": \"X\", \"when\": {\"monetary\": \"huge\"}}]}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PersonaRules.load(rules));
        assertTrue(
                e.getMessage().contains("'huge'") && e.getMessage().contains("monetary"),
                e.getMessage());
    }

    @Test
    void distinctionsNeverPrintMinusZeroAndListsReadAsSentences() {
        assertEquals("monetary +0.0 sd", new Persona.Distinction("monetary", -0.04).describe());
        assertEquals("monetary -0.1 sd", new Persona.Distinction("monetary", -0.06).describe());
        assertEquals("a, b and c", PersonaNamer.listing(List.of("a", "b", "c")));
        assertEquals("a and b", PersonaNamer.listing(List.of("a", "b")));
    }
}
