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

    /** One rule: the intent and its minimums (keys are counter names joined by '+'). */
    public record Rule(String intent, Map<String, Long> min) implements Serializable {}

    /** The counters in the order of {@link #counter}'s ids. */
    private static final List<String> ORDER =
            List.of(
                    "events",
                    "page_views",
                    "product_views",
                    "searches",
                    "cart_adds",
                    "cart_removes",
                    "checkouts",
                    "purchases",
                    "support_views");

    /** Counter names a rule may use. */
    public static final Set<String> COUNTERS = Set.copyOf(ORDER);

    private final List<Rule> rules;
    private final String fallback;

    /**
     * The rules compiled: per rule, per minimum, the ids of the counters it sums ({@link #ORDER})
     * and the minimum. Splitting the names and filling a map of counters for every closed session
     * was about 3% of the stream job's CPU.
     */
    private final int[][][] terms;

    private final long[][] minimums;

    public IntentRules(List<Rule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
        this.terms = new int[this.rules.size()][][];
        this.minimums = new long[this.rules.size()][];
        for (int r = 0; r < this.rules.size(); r++) {
            Map<String, Long> min = this.rules.get(r).min();
            terms[r] = new int[min.size()][];
            minimums[r] = new long[min.size()];
            int c = 0;
            for (Map.Entry<String, Long> m : min.entrySet()) {
                // a name outside the counters counts 0, as in the map form
                terms[r][c] =
                        java.util.Arrays.stream(m.getKey().split("\\+"))
                                .map(String::trim)
                                .mapToInt(ORDER::indexOf)
                                .filter(id -> id >= 0)
                                .toArray();
                minimums[r][c] = m.getValue();
                c++;
            }
        }
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

    /** The intent of session {@code s}. */
    public String intentOf(Session s) {
        return intentOf(id -> counter(s, id));
    }

    /** The intent of a session with these counters (a name missing counts 0). */
    public String intentOf(Map<String, Long> counters) {
        return intentOf(id -> counters.getOrDefault(ORDER.get(id), 0L));
    }

    /** The first rule whose every minimum holds, with the counters by {@link #ORDER} id. */
    private String intentOf(java.util.function.IntToLongFunction counter) {
        for (int r = 0; r < terms.length; r++) {
            boolean holds = true;
            for (int c = 0; c < terms[r].length && holds; c++) {
                long sum = 0;
                for (int id : terms[r][c]) {
                    sum += counter.applyAsLong(id);
                }
                holds = sum >= minimums[r][c];
            }
            if (holds) {
                return rules.get(r).intent();
            }
        }
        return fallback;
    }

    private static long counter(Session s, int id) {
        return switch (id) {
            case 0 -> s.events;
            case 1 -> s.pageViews;
            case 2 -> s.productViews;
            case 3 -> s.searches;
            case 4 -> s.cartAdds;
            case 5 -> s.cartRemoves;
            case 6 -> s.checkouts;
            case 7 -> s.purchases;
            case 8 -> s.supportViews;
            default -> throw new IllegalArgumentException("counter id " + id);
        };
    }
}
