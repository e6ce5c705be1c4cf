package dev.segment.jobs.segmentation.personas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configurable persona rule table: ordered rules (name, conditions on centroid z-scores,
 * explanation) plus phrases for generated names. The default table is {@code personas/rules.json}
 * on the class path; its {@code _doc} field documents the semantics.
 */
public final class PersonaRules implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** A condition level: the centroid's z-score is at least +threshold or at most -threshold. */
    public enum Level {
        HIGH,
        LOW
    }

    /** One rule of the table. */
    /**
     * One rule of the table. {@code when} holds conditions on centroid z-scores (relative to this
     * population); {@code typical} optional bounds {min, max} on the centroid in original units
     * (absolute), e.g. that "Newcomers" have a typical tenure of at most 90 days: a cluster whose
     * tenure is only short compared with a population of long-standing customers is not new.
     */
    public record Rule(
            String name, Map<String, Level> when, String explanation, Map<String, double[]> typical)
            implements java.io.Serializable {
        public Rule(String name, Map<String, Level> when, String explanation) {
            this(name, when, explanation, Map.of());
        }
    }

    private final double threshold;
    private final List<Rule> rules;
    private final Map<String, Map<Level, String>> phrases;

    public PersonaRules(
            double threshold, List<Rule> rules, Map<String, Map<Level, String>> phrases) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException(
                    "persona threshold must be > 0 but was " + threshold);
        }
        this.threshold = threshold;
        this.rules = List.copyOf(rules);
        this.phrases = Map.copyOf(phrases);
    }

    /** The bundled default table. */
    public static PersonaRules defaults() {
        try (InputStream in = PersonaRules.class.getResourceAsStream("/personas/rules.json")) {
            if (in == null) {
                throw new IllegalStateException("personas/rules.json missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in), "personas/rules.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table from a JSON file with the same layout as the default. */
    public static PersonaRules load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read persona rules " + file + ": " + e.getMessage(), e);
        }
    }

    static PersonaRules parse(JsonNode root, String origin) {
        double threshold = root.path("threshold").asDouble(0.5);
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : root.path("rules")) {
            i++;
            String name = r.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException(origin + ": rule " + i + " has no name");
            }
            Map<String, Level> when = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = r.path("when").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> c = it.next();
                when.put(c.getKey(), level(c.getValue().asText(), origin, name, c.getKey()));
            }
            if (when.isEmpty()) {
                throw new IllegalArgumentException(
                        origin + ": rule '" + name + "' has no conditions");
            }
            Map<String, double[]> typical = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> bounds = r.path("typical").fields();
            while (bounds.hasNext()) {
                Map.Entry<String, JsonNode> b = bounds.next();
                double min = b.getValue().path("min").asDouble(Double.NEGATIVE_INFINITY);
                double max = b.getValue().path("max").asDouble(Double.POSITIVE_INFINITY);
                if (!b.getValue().has("min") && !b.getValue().has("max")) {
                    throw new IllegalArgumentException(
                            origin
                                    + ": rule '"
                                    + name
                                    + "' typical '"
                                    + b.getKey()
                                    + "' needs a min or a max");
                }
                typical.put(b.getKey(), new double[] {min, max});
            }
            rules.add(new Rule(name, when, r.path("explanation").asText(name), typical));
        }
        Map<String, Map<Level, String>> phrases = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("phrases").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> p = it.next();
            Map<Level, String> byLevel = new LinkedHashMap<>();
            if (p.getValue().has("high")) {
                byLevel.put(Level.HIGH, p.getValue().get("high").asText());
            }
            if (p.getValue().has("low")) {
                byLevel.put(Level.LOW, p.getValue().get("low").asText());
            }
            phrases.put(p.getKey(), byLevel);
        }
        return new PersonaRules(threshold, rules, phrases);
    }

    private static Level level(String raw, String origin, String rule, String feature) {
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "high":
                return Level.HIGH;
            case "low":
                return Level.LOW;
            default:
                throw new IllegalArgumentException(
                        origin
                                + ": rule '"
                                + rule
                                + "' feature '"
                                + feature
                                + "' must be 'high' or 'low' but was '"
                                + raw
                                + "'");
        }
    }

    public double threshold() {
        return threshold;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Phrase for a feature at a level; falls back to "high frequency"-style wording. */
    public String phrase(String feature, Level level) {
        Map<Level, String> byLevel = phrases.get(feature);
        if (byLevel != null && byLevel.containsKey(level)) {
            return byLevel.get(level);
        }
        return (level == Level.HIGH ? "high-" : "low-") + feature.replace('_', '-');
    }
}
