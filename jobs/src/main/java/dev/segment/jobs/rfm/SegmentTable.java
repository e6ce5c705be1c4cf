package dev.segment.jobs.rfm;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Named RFM segments from R, F and M scores (1-5): an ordered list of rules, each an inclusive
 * range per score; the first matching rule wins, otherwise {@link #OTHERS}. Rules are data: {@link
 * #load} reads them from a CSV file ({@code --segments}); {@link #DEFAULT} is the built-in table:
 *
 * <pre>
 * Champions           R5    F5    M5
 * Potential Loyalist  R3-5  F3-5  M2-5
 * Loyal Customers     R2-4  F2-4  M2-4
 * Promising           R3-4  F1-3  M3-5
 * New Customers       R4-5  F1-3  M1-5
 * Can't Lose Them     R1-2  F3-4  M4-5
 * At Risk             R1-2  F2-5  M4-5
 * Need Attention      R1-3  F3-5  M3-5
 * About To Sleep      R2-3  F1-3  M1-4
 * Lost                R1    F1-5  M1-5
 * </pre>
 */
public final class SegmentTable implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String OTHERS = "Others";

    /** The header a rules file must have. */
    public static final String HEADER = "name,r_min,r_max,f_min,f_max,m_min,m_max";

    /** The built-in rules. */
    public static final SegmentTable DEFAULT =
            new SegmentTable(
                    "built-in",
                    new String[] {
                        "Champions",
                        "Potential Loyalist",
                        "Loyal Customers",
                        "Promising",
                        "New Customers",
                        "Can't Lose Them",
                        "At Risk",
                        "Need Attention",
                        "About To Sleep",
                        "Lost"
                    },
                    new int[][] {
                        {5, 5, 5, 5, 5, 5},
                        {3, 5, 3, 5, 2, 5},
                        {2, 4, 2, 4, 2, 4},
                        {3, 4, 1, 3, 3, 5},
                        {4, 5, 1, 3, 1, 5},
                        {1, 2, 3, 4, 4, 5},
                        {1, 2, 2, 5, 4, 5},
                        {1, 3, 3, 5, 3, 5},
                        {2, 3, 1, 3, 1, 4},
                        {1, 1, 1, 5, 1, 5}
                    });

    private final String source;
    private final String[] names;
    // r_min, r_max, f_min, f_max, m_min, m_max per rule, in names order
    private final int[][] ranges;

    private SegmentTable(String source, String[] names, int[][] ranges) {
        this.source = source;
        this.names = names;
        this.ranges = ranges;
    }

    // keeps DEFAULT a singleton across Flink's serialization, so "no --segments" stays recognisable
    private Object readResolve() {
        return DEFAULT != null && source.equals(DEFAULT.source) ? DEFAULT : this;
    }

    /** The segment of a score triple. */
    public String segment(int r, int f, int m) {
        for (int i = 0; i < ranges.length; i++) {
            int[] q = ranges[i];
            if (r >= q[0] && r <= q[1] && f >= q[2] && f <= q[3] && m >= q[4] && m <= q[5]) {
                return names[i];
            }
        }
        return OTHERS;
    }

    /** Where the rules came from: {@code built-in} or the file. */
    public String source() {
        return source;
    }

    /** Segment names in rule order (without {@link #OTHERS}). */
    public List<String> names() {
        return List.of(names);
    }

    /**
     * Reads rules from a UTF-8 CSV file with the header {@value #HEADER}: one rule per line, in
     * order, scores 1-5 with min <= max. Names may be quoted (RFC 4180) and must be unique.
     *
     * @throws IllegalArgumentException naming {@code --segments}, the file, line and field
     */
    public static SegmentTable load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--segments " + file + " cannot be read: " + e.getMessage());
        }
        if (lines.isEmpty() || !header(lines.get(0)).equals(HEADER)) {
            throw new IllegalArgumentException(
                    "--segments " + file + ": line 1 must be the header " + HEADER);
        }
        List<String> names = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int ln = 2; ln <= lines.size(); ln++) {
            String line = lines.get(ln - 1);
            if (line.isBlank()) {
                continue;
            }
            String where = "--segments " + file + " line " + ln;
            List<String> f = splitCsv(line, where);
            if (f.size() != 7) {
                throw new IllegalArgumentException(
                        where + ": expected 7 fields (" + HEADER + ") but found " + f.size());
            }
            String name = f.get(0).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": name is empty");
            }
            if (name.equals(OTHERS) || !seen.add(name)) {
                throw new IllegalArgumentException(
                        where + ": name '" + name + "' is used twice (or is the fallback Others)");
            }
            int[] q = new int[6];
            String[] cols = HEADER.split(",");
            for (int i = 0; i < 6; i++) {
                String v = f.get(i + 1).trim();
                try {
                    q[i] = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    q[i] = -1;
                }
                if (q[i] < 1 || q[i] > 5) {
                    throw new IllegalArgumentException(
                            where + ": " + cols[i + 1] + " '" + v + "' is not a score 1-5");
                }
            }
            for (int i = 0; i < 6; i += 2) {
                if (q[i] > q[i + 1]) {
                    throw new IllegalArgumentException(
                            where
                                    + ": "
                                    + cols[i + 1]
                                    + " "
                                    + q[i]
                                    + " is above "
                                    + cols[i + 2]
                                    + " "
                                    + q[i + 1]);
                }
            }
            names.add(name);
            ranges.add(q);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--segments " + file + " holds no rules");
        }
        return new SegmentTable(
                file.toString(), names.toArray(new String[0]), ranges.toArray(new int[0][]));
    }

    private static String header(String line) {
        String h = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return h.replace("\"", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes). */
    private static List<String> splitCsv(String line, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            sb.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException(where + ": unterminated quoted field");
                }
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    sb.append(line.charAt(i++));
                }
            }
            out.add(sb.toString());
            if (i >= n) {
                return out;
            }
            i++;
        }
    }
}
