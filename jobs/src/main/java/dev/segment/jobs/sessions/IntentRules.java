package dev.segment.jobs.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documented, configurable intent table: ordered rules of minimums on session counters; the
 * default is {@code sessions/intent-rules.json} on the class path (its {@code _doc} says how).
 */
public final class IntentRules implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Counter names a rule may use. */
    public static final Set<String> COUNTERS =
            Set.of(
                    "events",
                    "page_views",
                    "product_views",
                    "searches",
                    "cart_adds",
                    "cart_removes",
                    "checkouts",
                    "purchases",
                    "support_views");

    /** One rule: the intent and its minimums (keys are counter names joined by '+'). */
    public record Rule(String intent, Map<String, Long> min) implements Serializable {}

    private final List<Rule> rules;
    private final String fallback;

    public IntentRules(List<Rule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    /** The built-in table. */
    public static IntentRules defaults() {
        try (InputStream in =
                IntentRules.class
                        .getClassLoader()
                        .getResourceAsStream("sessions/intent-rules.json")) {
            if (in == null) {
                throw new IllegalStateException("sessions/intent-rules.json missing");
            }
            return parse(new ObjectMapper().readTree(in), "sessions/intent-rules.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table from a file, checked (errors name the file, rule and counter). */
    public static IntentRules load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--intent-rules " + file + " cannot be read as JSON: " + e.getMessage());
        }
    }

    static IntentRules parse(JsonNode root, String origin) {
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : root.path("rules")) {
            i++;
            String intent = r.path("intent").asText("");
            if (intent.isBlank()) {
                throw new IllegalArgumentException(origin + ": rule " + i + " has no intent");
            }
            Map<String, Long> min = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = r.path("min").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> c = it.next();
                for (String counter : c.getKey().split("\\+")) {
                    if (!COUNTERS.contains(counter.trim())) {
                        throw new IllegalArgumentException(
                                origin
                                        + ": rule '"
                                        + intent
                                        + "' names unknown counter '"
                                        + counter
                                        + "' (counters: "
                                        + COUNTERS
                                        + ")");
                    }
                }
                min.put(c.getKey(), c.getValue().asLong());
            }
            rules.add(new Rule(intent, min));
        }
        return new IntentRules(rules, root.path("default").asText("browse"));
    }

    /** The intent of a session with these counters. */
    public String intentOf(Map<String, Long> counters) {
        for (Rule r : rules) {
            boolean holds = true;
            for (Map.Entry<String, Long> c : r.min().entrySet()) {
                long sum = 0;
                for (String name : c.getKey().split("\\+")) {
                    sum += counters.getOrDefault(name.trim(), 0L);
                }
                if (sum < c.getValue()) {
                    holds = false;
                    break;
                }
            }
            if (holds) {
                return r.intent();
            }
        }
        return fallback;
    }
}
