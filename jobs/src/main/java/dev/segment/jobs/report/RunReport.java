package dev.segment.jobs.report;

import dev.segment.jobs.segmentation.kmeans.KSelection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The run report ({@code report.html}): one self-contained page a person can open from the run's
 * output directory. Charts are inline SVG; the page has no script and a content security policy
 * that forbids loading anything, so it looks the same offline, attached to a mail or archived.
 *
 * <p>Sections: run summary and counts, segment sizes and revenue, the R x F heatmap, persona cards,
 * the choice of k, migration against the previous run, rejected rows by reason.
 */
public record RunReport(
        String runId,
        List<Fact> facts,
        List<Persona> personas,
        long[][] rfCustomers,
        double[][] rfRevenue,
        KChoice kChoice,
        Migration migration,
        Rejections rejections) {

    /** A labelled value of the summary. */
    public record Fact(String label, String value) {}

    /** One persona as {@code personas.csv} has it. */
    public record Persona(
            int clusterId,
            String name,
            long customers,
            double share,
            double revenueShare,
            String explanation,
            String distinguishing) {}

    /**
     * The k-selection scores ({@code scores} empty when k was given, not chosen).
     *
     * @param chosen the k of the model
     */
    public record KChoice(int chosen, List<Score> scores) {
        /** Silhouette (higher is better), Davies-Bouldin (lower is better), inertia (elbow). */
        public record Score(int k, double silhouette, double daviesBouldin, double inertia) {}
    }

    /**
     * Customers by persona in the previous run (rows) and in this one (columns); a null persona is
     * a customer only one of the runs has. {@code previousRunId} null: nothing to compare, {@code
     * note} says why.
     */
    public record Migration(
            String previousRunId,
            List<String> from,
            List<String> to,
            long[][] counts,
            String note) {
        public static Migration none(String note) {
            return new Migration(null, List.of(), List.of(), new long[0][0], note);
        }
    }

    /** Rejected rows: the total, and per reason (most frequent first, at most a few dozen). */
    public record Rejections(long total, String file, List<Reason> reasons, long otherReasons) {
        /** Rows rejected for one field and reason. */
        public record Reason(String field, String reason, long rows) {}
    }

    /** Writes the page to {@code file}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** The whole page. */
    public String render() {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                                + " style-src 'unsafe-inline'; img-src data:\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Segment run ")
                .append(Html.escape(runId))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>Segment run <code>").append(Html.escape(runId)).append("</code></h1>\n");
        summary(h);
        sizes(h);
        grid(h);
        cards(h);
        kChoice(h);
        migration(h);
        rejected(h);
        h.append("<footer>Written by <code>bin/segment run</code>. Self-contained: no script,")
                .append(" nothing loaded from the network.</footer>\n</body></html>\n");
        return h.toString();
    }

    private void summary(StringBuilder h) {
        section(h, "summary", "Run summary and counts");
        h.append("<table class=\"facts\">");
        for (Fact f : facts) {
            h.append("<tr><th>")
                    .append(Html.escape(f.label()))
                    .append("</th><td>")
                    .append(Html.escape(f.value()))
                    .append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private void sizes(StringBuilder h) {
        section(h, "sizes", "Segment sizes and revenue");
        if (personas.isEmpty()) {
            h.append("<p>No segments: no customer reached clustering.</p></section>\n");
            return;
        }
        List<String> names = personas.stream().map(p -> p.clusterId() + " " + p.name()).toList();
        double[] share = personas.stream().mapToDouble(Persona::share).toArray();
        double[] revenue = personas.stream().mapToDouble(Persona::revenueShare).toArray();
        h.append(Svg.pairedBars(names, share, revenue, "share of customers", "share of revenue"));
        h.append("</section>\n");
    }

    private void grid(StringBuilder h) {
        section(h, "rf-grid", "Recency by frequency (classic RFM scores)");
        h.append(Svg.rfGrid(rfCustomers, rfRevenue)).append("</section>\n");
    }

    private void cards(StringBuilder h) {
        section(h, "personas", "Personas");
        h.append("<div class=\"cards\">");
        for (Persona p : personas) {
            h.append("<article class=\"card\"><h3>")
                    .append(Html.escape(p.name()))
                    .append(" <small>cluster ")
                    .append(p.clusterId())
                    .append("</small></h3><p class=\"nums\">")
                    .append(String.format(Locale.ROOT, "%,d customers", p.customers()))
                    .append(" &middot; ")
                    .append(String.format(Locale.ROOT, "%.1f%% of customers", 100 * p.share()))
                    .append(" &middot; ")
                    .append(String.format(Locale.ROOT, "%.1f%% of revenue", 100 * p.revenueShare()))
                    .append("</p><p>")
                    .append(Html.escape(p.explanation()))
                    .append("</p><p class=\"apart\">Sets it apart: ")
                    .append(Html.escape(p.distinguishing()))
                    .append("</p></article>");
        }
        h.append("</div></section>\n");
    }

    private void kChoice(StringBuilder h) {
        section(h, "k-selection", "Choice of k");
        if (kChoice.chosen() == 0) {
            h.append("<p>No model: no customer reached clustering.</p></section>\n");
            return;
        }
        if (kChoice.scores().isEmpty()) {
            h.append("<p>k = ")
                    .append(kChoice.chosen())
                    .append(" was given (<code>--k</code>), not chosen; run with <code>--k auto")
                    .append("</code> to compare k by silhouette and inertia.</p></section>\n");
            return;
        }
        int[] ks = kChoice.scores().stream().mapToInt(KChoice.Score::k).toArray();
        h.append("<p>k = ")
                .append(kChoice.chosen())
                .append(": the largest k whose silhouette is within ")
                .append(KSelection.SILHOUETTE_TOLERANCE)
                .append(" of the best one (the finer of two about equally separated partitions")
                .append(" gives more personas to act on).</p>");
        h.append("<div class=\"row\">");
        h.append(
                Svg.lineOverK(
                        "silhouette",
                        ks,
                        kChoice.scores().stream().mapToDouble(KChoice.Score::silhouette).toArray(),
                        kChoice.chosen(),
                        "higher is better"));
        h.append(
                Svg.lineOverK(
                        "Davies-Bouldin",
                        ks,
                        kChoice.scores().stream()
                                .mapToDouble(KChoice.Score::daviesBouldin)
                                .toArray(),
                        kChoice.chosen(),
                        "lower is better"));
        h.append(
                Svg.lineOverK(
                        "inertia",
                        ks,
                        kChoice.scores().stream().mapToDouble(KChoice.Score::inertia).toArray(),
                        kChoice.chosen(),
                        "look for the elbow"));
        h.append("</div></section>\n");
    }

    private void migration(StringBuilder h) {
        section(h, "migration", "Migration against the previous run");
        if (migration.previousRunId() == null) {
            h.append("<p>").append(Html.escape(migration.note())).append("</p></section>\n");
            return;
        }
        h.append("<p>Customers by persona in run <code>")
                .append(Html.escape(migration.previousRunId()))
                .append("</code> (rows) and in this run (columns).")
                .append(" Personas are named per run: the same name is the same kind of customer,")
                .append(" not necessarily the same cluster id.</p>");
        long max = 1;
        for (long[] row : migration.counts()) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        h.append("<table class=\"matrix\"><tr><th>previous \\ this run</th>");
        for (String to : migration.to()) {
            h.append("<th>").append(Html.escape(to == null ? "(not in this run)" : to));
            h.append("</th>");
        }
        h.append("</tr>");
        for (int i = 0; i < migration.from().size(); i++) {
            String from = migration.from().get(i);
            h.append("<tr><th>").append(Html.escape(from == null ? "(new customer)" : from));
            h.append("</th>");
            for (int j = 0; j < migration.to().size(); j++) {
                long c = migration.counts()[i][j];
                double t = Math.sqrt((double) c / max);
                h.append(
                        String.format(
                                Locale.ROOT,
                                "<td style=\"background:rgba(78,121,167,%.2f)%s\">%s</td>",
                                0.05 + 0.8 * t,
                                t > 0.6 ? ";color:#fff" : "",
                                c == 0 ? "" : String.format(Locale.ROOT, "%,d", c)));
            }
            h.append("</tr>");
        }
        h.append("</table></section>\n");
    }

    private void rejected(StringBuilder h) {
        section(h, "rejected", "Rejected rows by reason");
        if (rejections.total() == 0) {
            h.append("<p>No row was rejected.</p></section>\n");
            return;
        }
        h.append("<p>")
                .append(String.format(Locale.ROOT, "%,d rows", rejections.total()))
                .append(" in <code>")
                .append(Html.escape(rejections.file()))
                .append("</code>, each with its line and original text.</p>");
        h.append("<table class=\"reasons\"><tr><th>field</th><th>reason</th><th>rows</th></tr>");
        for (Rejections.Reason r : rejections.reasons()) {
            h.append("<tr><td>")
                    .append(Html.escape(r.field()))
                    .append("</td><td>")
                    .append(Html.escape(r.reason()))
                    .append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", r.rows()))
                    .append("</td></tr>");
        }
        if (rejections.otherReasons() > 0) {
            h.append("<tr><td></td><td>other reasons</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", rejections.otherReasons()))
                    .append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private static void section(StringBuilder h, String id, String title) {
        h.append("<section id=\"")
                .append(id)
                .append("\"><h2>")
                .append(Html.escape(title))
                .append("</h2>\n");
    }

    private static final String STYLE =
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem"
                    + " auto;max-width:1180px;padding:0 1rem;color:#222;line-height:1.4}"
                    + "h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;"
                    + "padding-bottom:.3rem;margin-top:2rem}code{background:#f3f3f3;padding:0 .2em}"
                    + "table{border-collapse:collapse}th,td{padding:.25rem .6rem;text-align:left;"
                    + "border-bottom:1px solid #eee;vertical-align:top}td.n{text-align:right}"
                    + ".facts th{font-weight:600;color:#555}.matrix td{text-align:right;"
                    + "min-width:4.5rem}.cards{display:grid;grid-template-columns:repeat(auto-fill,"
                    + "minmax(320px,1fr));gap:1rem}.card{border:1px solid #ddd;border-radius:8px;"
                    + "padding:.2rem 1rem}.card h3{margin:.6rem 0 .2rem}.card small{color:#777;"
                    + "font-weight:400}.nums{color:#4e79a7;font-weight:600}.apart{color:#555;"
                    + "font-size:.9rem}.row{display:flex;flex-wrap:wrap;gap:1rem}"
                    + "footer{margin:3rem 0 1rem;color:#777;font-size:.85rem}";
}
