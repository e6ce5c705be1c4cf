package dev.segment.jobs.segmentation.personas;

import dev.segment.jobs.segmentation.personas.PersonaRules.Level;
import dev.segment.jobs.segmentation.personas.PersonaRules.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns clusters into named, explained personas with a {@link PersonaRules} table.
 *
 * <p>Rules are tried in table order. A rule names at most one cluster: among the clusters still
 * unnamed whose centroid meets all its conditions, the one with the largest sum of |z| over the
 * rule's features wins (ties: lowest cluster id). Clusters that no rule names get a name built from
 * the phrases of their two most distinctive features ("Frequent big-basket customers"); a clash
 * adds the third feature, then the cluster id, so names are unique within a model.
 */
public final class PersonaNamer {

    private static final int DISTINGUISHING = 3;

    private final PersonaRules rules;

    public PersonaNamer(PersonaRules rules) {
        this.rules = rules;
    }

    /** Names every cluster; the result is ordered by cluster id. */
    public List<Persona> name(List<ClusterProfile> clusters) {
        long totalSize = clusters.stream().mapToLong(ClusterProfile::size).sum();
        double totalRevenue = clusters.stream().mapToDouble(ClusterProfile::revenue).sum();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Rule> ruleOf = new TreeMap<>();
        Set<String> used = new HashSet<>();

        for (Rule rule : rules.rules()) {
            ClusterProfile best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (ClusterProfile c : clusters) {
                if (names.containsKey(c.clusterId()) || used.contains(rule.name())) {
                    continue;
                }
                double score = matchScore(rule, c);
                if (score > bestScore
                        || (score == bestScore
                                && best != null
                                && c.clusterId() < best.clusterId())) {
                    best = c;
                    bestScore = score;
                }
            }
            if (best != null && bestScore > Double.NEGATIVE_INFINITY) {
                names.put(best.clusterId(), rule.name());
                ruleOf.put(best.clusterId(), rule);
                used.add(rule.name());
            }
        }
        List<ClusterProfile> byId = new ArrayList<>(clusters);
        byId.sort(Comparator.comparingInt(ClusterProfile::clusterId));
        for (ClusterProfile c : byId) {
            if (!names.containsKey(c.clusterId())) {
                String generated = generatedName(c, used);
                names.put(c.clusterId(), generated);
                used.add(generated);
            }
        }

        List<Persona> out = new ArrayList<>();
        for (ClusterProfile c : byId) {
            Rule rule = ruleOf.get(c.clusterId());
            double share = totalSize == 0 ? 0 : (double) c.size() / totalSize;
            double revenueShare = totalRevenue == 0 ? 0 : c.revenue() / totalRevenue;
            String what = rule != null ? rule.explanation() : generatedExplanation(c);
            String explanation =
                    String.format(
                            Locale.ROOT,
                            "Customers who %s (typical: %s); %.0f%% of customers, %.0f%% of revenue.",
                            what,
                            typical(c),
                            100 * share,
                            100 * revenueShare);
            out.add(
                    new Persona(
                            c.clusterId(),
                            names.get(c.clusterId()),
                            explanation,
                            c.size(),
                            share,
                            revenueShare,
                            c.centroidOriginal().clone(),
                            c.features(),
                            distinguishing(c),
                            rule != null ? rule.name() : "generated"));
        }
        return out;
    }

    /** Sum of |z| over the rule's features, or -infinity when a condition fails or is unknown. */
    private double matchScore(Rule rule, ClusterProfile c) {
        double score = 0;
        for (Map.Entry<String, Level> cond : rule.when().entrySet()) {
            int i = c.features().indexOf(cond.getKey());
            if (i < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double z = c.centroidZ()[i];
            boolean holds =
                    cond.getValue() == Level.HIGH
                            ? z >= rules.threshold()
                            : z <= -rules.threshold();
            if (!holds) {
                return Double.NEGATIVE_INFINITY;
            }
            score += Math.abs(z);
        }
        for (Map.Entry<String, double[]> bound : rule.typical().entrySet()) {
            int i = c.features().indexOf(bound.getKey());
            if (i < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double v = c.centroidOriginal()[i];
            if (v < bound.getValue()[0] || v > bound.getValue()[1]) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return score;
    }

    /** Up to three features with the largest |z|, strongest first (ties: feature order). */
    static List<Persona.Distinction> distinguishing(ClusterProfile c) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < c.features().size(); i++) {
            idx.add(i);
        }
        idx.sort(
                Comparator.comparingDouble((Integer i) -> -Math.abs(c.centroidZ()[i]))
                        .thenComparingInt(i -> i));
        List<Persona.Distinction> out = new ArrayList<>();
        for (int i : idx.subList(0, Math.min(DISTINGUISHING, idx.size()))) {
            out.add(new Persona.Distinction(c.features().get(i), c.centroidZ()[i]));
        }
        return out;
    }

    private String generatedName(ClusterProfile c, Set<String> used) {
        List<Persona.Distinction> top = distinguishing(c);
        List<String> words = new ArrayList<>();
        for (Persona.Distinction d : top) {
            if (Math.abs(d.z()) >= rules.threshold()) {
                words.add(rules.phrase(d.feature(), d.z() > 0 ? Level.HIGH : Level.LOW));
            }
        }
        String base;
        if (words.isEmpty()) {
            base = "Typical customers";
        } else {
            base =
                    capitalize(String.join(" ", words.subList(0, Math.min(2, words.size()))))
                            + " customers";
            if (used.contains(base) && words.size() > 2) {
                base = capitalize(String.join(" ", words)) + " customers";
            }
        }
        return used.contains(base) ? base + " #" + c.clusterId() : base;
    }

    private String generatedExplanation(ClusterProfile c) {
        List<String> parts = new ArrayList<>();
        for (Persona.Distinction d : distinguishing(c)) {
            if (Math.abs(d.z()) >= rules.threshold()) {
                parts.add(rules.phrase(d.feature(), d.z() > 0 ? Level.HIGH : Level.LOW));
            }
        }
        if (parts.isEmpty()) {
            return "are close to the average customer on every feature";
        }
        return "are " + listing(parts) + " compared with the average customer";
    }

    /** "a", "a and b", "a, b and c". */
    public static String listing(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1))
                + " and "
                + parts.get(parts.size() - 1);
    }

    /** "last purchase 12 days ago, 9 orders, 540.20 spent" from the centroid in original units. */
    static String typical(ClusterProfile c) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.features().size(); i++) {
            // + 0.0 turns -0.0 into 0.0; a tiny negative rounds to 0.00, not -0.00
            double v = c.centroidOriginal()[i];
            v = Math.abs(v) < 0.005 ? 0.0 : v + 0.0;
            String f = c.features().get(i);
            switch (f) {
                case "recency_days":
                    parts.add(String.format(Locale.ROOT, "last purchase %.0f days ago", v));
                    break;
                case "frequency":
                    parts.add(String.format(Locale.ROOT, "%.1f orders", v));
                    break;
                case "monetary":
                    parts.add(String.format(Locale.ROOT, "%.2f spent", v));
                    break;
                case "avg_order_value":
                    parts.add(String.format(Locale.ROOT, "%.2f per order", v));
                    break;
                case "tenure_days":
                    parts.add(String.format(Locale.ROOT, "customer for %.0f days", v));
                    break;
                default:
                    parts.add(String.format(Locale.ROOT, "%s %.2f", f, v));
            }
        }
        return String.join(", ", parts);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
