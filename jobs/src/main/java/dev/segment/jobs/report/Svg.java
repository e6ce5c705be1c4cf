package dev.segment.jobs.report;

import java.util.List;
import java.util.Locale;

/** Inline SVG charts for the run report: plain markup, no script, nothing from the network. */
final class Svg {
    private Svg() {}

    static final String[] PALETTE = {"#4e79a7", "#f28e2b"};

    /**
     * Horizontal bars, two per row (e.g. share of customers and share of revenue), values in [0,
     * 1], labelled with the row's name and both percentages.
     */
    static String pairedBars(
            List<String> names,
            double[] first,
            double[] second,
            String firstName,
            String secondName) {
        int label = 260;
        int width = 760;
        int barSpace = width - label - 70;
        int rowHeight = 34;
        int top = 28;
        int height = top + rowHeight * names.size() + 8;
        double max = 0;
        for (int i = 0; i < names.size(); i++) {
            max = Math.max(max, Math.max(first[i], second[i]));
        }
        double scale = max > 0 ? barSpace / max : 0;
        StringBuilder s = open(width, height, "segment sizes and revenue");
        legend(s, label, 14, firstName, secondName);
        for (int i = 0; i < names.size(); i++) {
            int y = top + i * rowHeight;
            s.append(text(label - 8, y + 19, "end", 13, names.get(i)));
            bar(s, label, y + 3, first[i] * scale, 13, PALETTE[0], first[i]);
            bar(s, label, y + 17, second[i] * scale, 13, PALETTE[1], second[i]);
        }
        return s.append("</svg>").toString();
    }

    /**
     * A 5 x 5 heatmap of R score (rows, 5 at the top) by F score (columns, 1 at the left): each
     * cell shaded by its customers, labelled with customers and revenue.
     */
    static String rfGrid(long[][] customers, double[][] revenue) {
        int cell = 92;
        int left = 70;
        int top = 30;
        int width = left + 5 * cell + 10;
        int height = top + 5 * cell + 44;
        long max = 1;
        for (long[] row : customers) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        StringBuilder s = open(width, height, "R by F heatmap");
        s.append(text(left + 5 * cell / 2, 16, "middle", 13, "F score (frequency) →"));
        for (int r = 5; r >= 1; r--) {
            int y = top + (5 - r) * cell;
            s.append(text(left - 10, y + cell / 2 + 5, "end", 13, "R " + r));
            for (int f = 1; f <= 5; f++) {
                int x = left + (f - 1) * cell;
                long n = customers[r - 1][f - 1];
                double t = Math.sqrt((double) n / max);
                s.append(
                        String.format(
                                Locale.ROOT,
                                "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                                        + " fill=\"%s\" stroke=\"#fff\"><title>R %d, F %d: %,d"
                                        + " customers, revenue %,.2f</title></rect>",
                                x,
                                y,
                                cell,
                                cell,
                                shade(t),
                                r,
                                f,
                                n,
                                revenue[r - 1][f - 1]));
                String ink = t > 0.55 ? "#fff" : "#222";
                s.append(
                        text(
                                x + cell / 2,
                                y + cell / 2 - 3,
                                "middle",
                                14,
                                String.format(Locale.ROOT, "%,d", n),
                                ink));
                s.append(
                        text(
                                x + cell / 2,
                                y + cell / 2 + 15,
                                "middle",
                                11,
                                compactMoney(revenue[r - 1][f - 1]),
                                ink));
            }
        }
        for (int f = 1; f <= 5; f++) {
            s.append(
                    text(
                            left + (f - 1) * cell + cell / 2,
                            top + 5 * cell + 18,
                            "middle",
                            13,
                            "F " + f));
        }
        s.append(
                text(
                        left + 5 * cell / 2,
                        top + 5 * cell + 38,
                        "middle",
                        12,
                        "cell: customers and revenue; R 5 = most recent"));
        return s.append("</svg>").toString();
    }

    /** A line chart of one score over k, the chosen k marked. */
    static String lineOverK(String title, int[] ks, double[] values, int chosen, String hint) {
        int width = 370;
        int height = 230;
        int left = 58;
        int right = 14;
        int top = 34;
        int bottom = 40;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double pad = (hi - lo) * 0.1;
        lo -= pad;
        hi += pad;
        int kMin = ks[0];
        int kMax = ks[ks.length - 1];
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        StringBuilder s = open(width, height, title);
        s.append(text(left, 16, "start", 13, title + " (" + hint + ")"));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                        left,
                        height - bottom,
                        width - right,
                        height - bottom));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                        left,
                        top,
                        left,
                        height - bottom));
        for (double v : new double[] {lo + pad, hi - pad}) {
            double y = top + plotH * (hi - v) / (hi - lo);
            s.append(text(left - 6, (int) y + 4, "end", 11, number(v)));
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < ks.length; i++) {
            double x = left + (kMax == kMin ? plotW / 2 : plotW * (ks[i] - kMin) / (kMax - kMin));
            double y = top + plotH * (hi - values[i]) / (hi - lo);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            s.append(text((int) x, height - bottom + 16, "middle", 11, String.valueOf(ks[i])));
        }
        s.append("<polyline class=\"series\" fill=\"none\" stroke=\"")
                .append(PALETTE[0])
                .append("\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim())
                .append("\"/>");
        for (int i = 0; i < ks.length; i++) {
            double x = left + (kMax == kMin ? plotW / 2 : plotW * (ks[i] - kMin) / (kMax - kMin));
            double y = top + plotH * (hi - values[i]) / (hi - lo);
            boolean isChosen = ks[i] == chosen;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\">"
                                    + "<title>k %d: %s</title></circle>",
                            x,
                            y,
                            isChosen ? 6 : 3,
                            isChosen ? PALETTE[1] : PALETTE[0],
                            ks[i],
                            number(values[i])));
        }
        s.append(
                text(
                        left + (int) plotW / 2,
                        height - 6,
                        "middle",
                        12,
                        "k (chosen: " + chosen + ")"));
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String label) {
        return new StringBuilder()
                .append(
                        String.format(
                                Locale.ROOT,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""
                                        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                                        + " role=\"img\" aria-label=\"%s\">",
                                width,
                                height,
                                width,
                                height,
                                Html.escape(label)));
    }

    private static void legend(StringBuilder s, int x, int y, String first, String second) {
        s.append(swatch(x, y - 10, PALETTE[0])).append(text(x + 16, y, "start", 12, first));
        int x2 = x + 30 + 8 * first.length();
        s.append(swatch(x2, y - 10, PALETTE[1])).append(text(x2 + 16, y, "start", 12, second));
    }

    private static String swatch(int x, int y, String color) {
        return String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"11\" height=\"11\" fill=\"%s\"/>",
                x,
                y,
                color);
    }

    private static void bar(
            StringBuilder s, int x, int y, double length, int height, String color, double value) {
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                                + " fill=\"%s\"/>",
                        x,
                        y,
                        Math.max(length, 0.5),
                        height,
                        color));
        s.append(
                text(
                        (int) (x + length + 5),
                        y + height - 2,
                        "start",
                        11,
                        String.format(Locale.ROOT, "%.1f%%", 100 * value)));
    }

    private static String text(int x, int y, String anchor, int size, String body) {
        return text(x, y, anchor, size, body, "#222");
    }

    private static String text(int x, int y, String anchor, int size, String body, String ink) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>",
                x,
                y,
                anchor,
                size,
                ink,
                Html.escape(body));
    }

    /** White to dark blue, t in [0, 1]. */
    private static String shade(double t) {
        int r = (int) Math.round(247 + (33 - 247) * t);
        int g = (int) Math.round(251 + (81 - 251) * t);
        int b = (int) Math.round(255 + (140 - 255) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    static String compactMoney(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String number(double v) {
        return Math.abs(v) >= 1000
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
