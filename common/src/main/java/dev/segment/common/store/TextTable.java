package dev.segment.common.store;

import java.io.PrintStream;
import java.util.List;

/** Aligned plain-text tables: left-aligned text, right-aligned numbers, a rule under the header. */
public final class TextTable {
    private TextTable() {}

    public static void print(
            List<String> header, List<List<String>> rows, boolean[] numeric, PrintStream out) {
        int n = header.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        out.println(line(header, width, numeric));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                rule.append("-+-");
            }
            rule.append("-".repeat(width[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            out.println(line(row, width, numeric));
        }
    }

    private static String line(List<String> cells, int[] width, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            sb.append(numeric[i] ? pad + c : c + pad);
        }
        return sb.toString().stripTrailing();
    }
}
