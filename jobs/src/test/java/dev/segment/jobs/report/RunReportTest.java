package dev.segment.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page on its own: text is escaped, nothing is loaded, empty runs still render. */
class RunReportTest {

    private static RunReport report(
            List<RunReport.Persona> personas, RunReport.KChoice k, RunReport.Rejections r) {
        return new RunReport(
                "run-1",
                List.of(new RunReport.Fact("input", "/data/<orders>.csv")),
                personas,
                new long[5][5],
                new double[5][5],
                k,
                RunReport.Migration.none("first run"),
                r);
    }

    @Test
    void textFromDataIsEscapedAndNothingIsLoaded() {
        String html =
                report(
                                List.of(
                                        new RunReport.Persona(
                                                0,
                                                "<script>alert(1)</script>",
                                                10,
                                                0.5,
                                                0.25,
                                                "buys \"often\" & late",
                                                "f +1 sd")),
                                new RunReport.KChoice(
                                        3,
                                        List.of(
                                                new RunReport.KChoice.Score(3, 0.3, 1.1, 50),
                                                new RunReport.KChoice.Score(4, 0.2, 1.3, 40))),
                                new RunReport.Rejections(
                                        3,
                                        "dead.csv",
                                        List.of(
                                                new RunReport.Rejections.Reason(
                                                        "amount", "'x' <is> not a number", 3)),
                                        0))
                        .render();
        assertFalse(html.contains("<script"), "no markup from data");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("buys &quot;often&quot; &amp; late"));
        assertTrue(html.contains("/data/&lt;orders&gt;.csv"));
        assertTrue(html.contains("&#39;x&#39; &lt;is&gt; not a number"));
        assertTrue(html.contains("default-src 'none'"), "a policy that forbids loading");
        Matcher urls = Pattern.compile("(src|href)=").matcher(html);
        assertFalse(urls.find(), "no src or href at all");
        assertEquals(25, count(html, "class=\"cell\""), "5 x 5 cells");
        assertEquals(2, count(html, "class=\"bar\""), "customers and revenue of one persona");
        assertEquals(3, count(html, "class=\"series\""), "silhouette, Davies-Bouldin, inertia");
    }

    @Test
    void aRunWithoutModelOrRejectionsSaysSo() {
        String html =
                report(
                                List.of(),
                                new RunReport.KChoice(0, List.of()),
                                new RunReport.Rejections(0, "dead.csv", List.of(), 0))
                        .render();
        assertTrue(html.contains("No segments: no customer reached clustering."));
        assertTrue(html.contains("No model: no customer reached clustering."));
        assertTrue(html.contains("No row was rejected."));
        assertTrue(html.contains("first run"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
