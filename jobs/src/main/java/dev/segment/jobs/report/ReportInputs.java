package dev.segment.jobs.report;

import dev.segment.common.io.CsvLines;
import dev.segment.common.store.Store;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KSelection;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Reads what the run report shows from the run's files and, for the migration, the store. */
public final class ReportInputs {
    private ReportInputs() {}

    /** Reasons listed one per row in the report; the rest are summed up. */
    static final int MAX_REASONS = 25;

    /** The personas of {@code personas.csv}. */
    public static List<RunReport.Persona> personas(Path personasCsv) throws IOException {
        List<RunReport.Persona> out = new ArrayList<>();
        if (!Files.exists(personasCsv)) {
            return out;
        }
        List<String> lines = Files.readAllLines(personasCsv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvLines.split(line);
            out.add(
                    new RunReport.Persona(
                            Integer.parseInt(f.get(0)),
                            f.get(1),
                            Long.parseLong(f.get(2)),
                            Double.parseDouble(f.get(3)),
                            Double.parseDouble(f.get(4)),
                            f.get(5),
                            f.get(6)));
        }
        return out;
    }

    /** Customers and revenue per R score (first index) and F score (second), 1-5 at 0-4. */
    public record RfGrid(long[][] customers, double[][] revenue) {}

    /** The R x F grid of a classic {@code rfm.csv}; customers without scores are left out. */
    public static RfGrid rfGrid(Path rfmCsv) throws IOException {
        long[][] customers = new long[5][5];
        double[][] revenue = new double[5][5];
        try (BufferedReader in = Files.newBufferedReader(rfmCsv, StandardCharsets.UTF_8)) {
            List<String> header = CsvLines.split(Objects.requireNonNull(in.readLine(), "header"));
            int r = column(header, "r_score", rfmCsv);
            int f = column(header, "f_score", rfmCsv);
            int m = column(header, "monetary", rfmCsv);
            String line;
            while ((line = in.readLine()) != null) {
                List<String> v = CsvLines.split(line);
                if (v.get(r).isEmpty() || v.get(f).isEmpty()) {
                    continue;
                }
                int rs = Integer.parseInt(v.get(r));
                int fs = Integer.parseInt(v.get(f));
                if (rs < 1 || rs > 5 || fs < 1 || fs > 5) {
                    continue; // definitions with other scales are not drawn on a 5 x 5 grid
                }
                customers[rs - 1][fs - 1]++;
                if (!v.get(m).isEmpty()) {
                    revenue[rs - 1][fs - 1] += Double.parseDouble(v.get(m));
                }
            }
        }
        return new RfGrid(customers, revenue);
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException(file + " has no column " + name);
        }
        return i;
    }

    /** The model's k and, when k was chosen, the scores of every k tried. */
    public static RunReport.KChoice kChoice(Path modelJson) throws IOException {
        KMeansModel model = KMeansModel.load(modelJson);
        List<RunReport.KChoice.Score> scores = new ArrayList<>();
        for (KSelection.Score s : model.kSelection()) {
            scores.add(
                    new RunReport.KChoice.Score(
                            s.k(), s.silhouette(), s.daviesBouldin(), s.inertia()));
        }
        return new RunReport.KChoice(model.data().k(), scores);
    }

    /** The dead-letter file counted by field and reason. */
    public static RunReport.Rejections rejections(Path deadLetters) throws IOException {
        if (!Files.exists(deadLetters)) {
            return new RunReport.Rejections(0, deadLetters.toString(), List.of(), 0);
        }
        Map<List<String>, Long> byReason = new HashMap<>();
        long total = 0;
        try (BufferedReader in = Files.newBufferedReader(deadLetters, StandardCharsets.UTF_8)) {
            List<String> header = CsvLines.split(Objects.requireNonNullElse(in.readLine(), ""));
            int field = header.indexOf("field");
            int reason = header.indexOf("reason");
            String line;
            while ((line = in.readLine()) != null) {
                List<String> v = CsvLines.split(line);
                total++;
                List<String> key =
                        v.size() > Math.max(field, reason) && field >= 0 && reason >= 0
                                ? List.of(v.get(field), v.get(reason))
                                : List.of("", "(line not readable as a dead letter)");
                byReason.merge(key, 1L, Long::sum);
            }
        }
        List<Map.Entry<List<String>, Long>> sorted = new ArrayList<>(byReason.entrySet());
        sorted.sort(
                Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> String.join("\u0000", e.getKey())));
        List<RunReport.Rejections.Reason> reasons = new ArrayList<>();
        long other = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Map.Entry<List<String>, Long> e = sorted.get(i);
            if (i < MAX_REASONS) {
                reasons.add(
                        new RunReport.Rejections.Reason(
                                e.getKey().get(0), e.getKey().get(1), e.getValue()));
            } else {
                other += e.getValue();
            }
        }
        return new RunReport.Rejections(total, deadLetters.toString(), reasons, other);
    }

    /**
     * Customers by persona in the newest earlier succeeded {@code run} of the store and in {@code
     * runId}.
     */
    public static RunReport.Migration migration(StoreConfig store, String runId) {
        try (Connection c = Store.connect(store)) {
            RunReport.Migration published = fromChanges(c, runId);
            if (published != null) {
                return published;
            }
            String previous = previousRun(c, runId);
            if (previous == null) {
                return RunReport.Migration.none(
                        "This is the first successful run in the store: nothing to compare with.");
            }
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            // one join: this run's customers with their previous persona (or none); customers
            // only the previous run has are its persona sizes minus those found here (an
            // anti-join for them doubled the time at 1M customers in H2)
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT p.persona, t.persona, COUNT(*) FROM run_assignments t"
                                    + " LEFT JOIN run_assignments p ON p.run_id = ?"
                                    + " AND p.customer_id = t.customer_id WHERE t.run_id = ?"
                                    + " GROUP BY p.persona, t.persona")) {
                ps.setString(1, previous);
                ps.setString(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                                .merge(rs.getString(2), rs.getLong(3), Long::sum);
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT persona, COUNT(*) FROM run_assignments WHERE run_id = ?"
                                    + " GROUP BY persona")) {
                ps.setString(1, previous);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Long> row =
                                counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>());
                        long found = row.values().stream().mapToLong(Long::longValue).sum();
                        long gone = rs.getLong(2) - found;
                        if (gone > 0) {
                            row.put(null, gone);
                        }
                    }
                }
            }
            return matrix(previous, counts);
        } catch (SQLException e) {
            return RunReport.Migration.none(
                    "Not available: the store could not be read (" + e.getMessage() + ").");
        }
    }

    /**
     * The migration of a published run from its publication: the segments current before it (the
     * previous publication's) against its own, read from {@code segment_changes} and its persona
     * sizes instead of joining two runs' million rows. Null when the run was not published, or was
     * the first publication while an earlier succeeded run exists (left to the join).
     */
    static RunReport.Migration fromChanges(Connection c, String runId) throws SQLException {
        String previous;
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT p.run_id FROM segment_publications p, segment_publications t"
                                + " WHERE t.run_id = ? AND p.published_at < t.published_at"
                                + " ORDER BY p.published_at DESC")) {
            ps.setString(1, runId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                previous = rs.next() ? rs.getString(1) : null;
            }
        }
        if (previous == null) {
            return null;
        }
        Map<String, Long> sizes = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT persona, COUNT(*) FROM run_assignments WHERE run_id = ?"
                                + " GROUP BY persona")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sizes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        // customers without a change row kept their persona: a persona's size minus those who
        // came into it (entered, or moved from another persona or within it)
        Map<String, Long> unchanged = new HashMap<>(sizes);
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT from_persona, to_persona, reason, COUNT(*) FROM segment_changes"
                                + " WHERE run_id = ? GROUP BY from_persona, to_persona, reason")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String reason = rs.getString(3);
                    String from = "entered".equals(reason) ? null : rs.getString(1);
                    String to = "exited".equals(reason) ? null : rs.getString(2);
                    long n = rs.getLong(4);
                    counts.computeIfAbsent(from, k -> new HashMap<>()).merge(to, n, Long::sum);
                    if (to != null) {
                        unchanged.merge(to, -n, Long::sum);
                    }
                }
            }
        }
        unchanged.forEach(
                (persona, n) -> {
                    if (n > 0) {
                        counts.computeIfAbsent(persona, k -> new HashMap<>())
                                .merge(persona, n, Long::sum);
                    }
                });
        return matrix(previous, counts);
    }

    /** The newest succeeded {@code run} started before {@code runId}, or null. */
    private static String previousRun(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT r.run_id FROM runs r WHERE r.command = 'run'"
                                + " AND r.status = 'succeeded' AND r.run_id <> ?"
                                + " AND r.started_at <= (SELECT started_at FROM runs"
                                + " WHERE run_id = ?)"
                                + " AND EXISTS (SELECT 1 FROM run_assignments a"
                                + " WHERE a.run_id = r.run_id)"
                                + " ORDER BY r.started_at DESC, r.run_id DESC")) {
            ps.setString(1, runId);
            ps.setString(2, runId);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Rows and columns in name order, customers only one run has last. */
    static RunReport.Migration matrix(String previous, Map<String, Map<String, Long>> counts) {
        TreeSet<String> fromNames = new TreeSet<>(Comparator.nullsLast(Comparator.naturalOrder()));
        TreeSet<String> toNames = new TreeSet<>(Comparator.nullsLast(Comparator.naturalOrder()));
        counts.forEach(
                (from, row) -> {
                    fromNames.add(from);
                    toNames.addAll(row.keySet());
                });
        List<String> from = new ArrayList<>(fromNames);
        List<String> to = new ArrayList<>(toNames);
        long[][] m = new long[from.size()][to.size()];
        for (int i = 0; i < from.size(); i++) {
            Map<String, Long> row = counts.get(from.get(i));
            for (int j = 0; j < to.size(); j++) {
                m[i][j] = row.getOrDefault(to.get(j), 0L);
            }
        }
        return new RunReport.Migration(previous, from, to, m, null);
    }
}
