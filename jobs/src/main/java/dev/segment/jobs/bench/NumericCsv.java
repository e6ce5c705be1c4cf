package dev.segment.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an all-numeric CSV with a header into one row-major {@code double[]}, fast.
 *
 * <p>Plain decimals ({@code -1.234567}) with at most 15 significant digits are parsed as an integer
 * mantissa divided by a power of ten: both are exact doubles, and one IEEE division is correctly
 * rounded, so the result equals {@link Double#parseDouble} bit for bit. Anything else (exponents,
 * long mantissas) falls back to {@code Double.parseDouble}.
 */
public final class NumericCsv {
    private NumericCsv() {}

    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Values and column count. */
    public record Table(double[] values, int columns, String[] header) {
        public int rows() {
            return values.length / columns;
        }
    }

    public static Table read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int pos = 0;
        while (pos < b.length && b[pos] != '\n') {
            pos++;
        }
        String headerLine = new String(b, 0, pos, java.nio.charset.StandardCharsets.UTF_8).trim();
        String[] header = headerLine.split(",");
        int d = header.length;
        pos++;
        double[] out = new double[Math.max(16, (b.length - pos) / (d * 6))];
        int n = 0;
        long line = 2;
        while (pos < b.length) {
            if (b[pos] == '\n' || b[pos] == '\r') {
                if (b[pos] == '\n') {
                    line++;
                }
                pos++;
                continue;
            }
            for (int c = 0; c < d; c++) {
                int start = pos;
                while (pos < b.length && b[pos] != ',' && b[pos] != '\n' && b[pos] != '\r') {
                    pos++;
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = parse(b, start, pos, file, line, c);
                if (c < d - 1) {
                    if (pos >= b.length || b[pos] != ',') {
                        throw new IllegalArgumentException(
                                file + " line " + line + ": expected " + d + " fields");
                    }
                    pos++;
                }
            }
        }
        return new Table(Arrays.copyOf(out, n), d, header);
    }

    static double parse(byte[] b, int from, int to, Path file, long line, int column) {
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int frac = -1;
        boolean simple = i < to;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0 || digits > 0) {
                    digits++;
                }
                if (frac >= 0) {
                    frac++;
                }
            } else if (c == '.' && frac < 0) {
                frac = 0;
            } else {
                simple = false;
                break;
            }
        }
        if (simple && digits <= 15 && (frac < 0 || frac <= 22)) {
            double v = frac > 0 ? mantissa / POW10[frac] : (double) mantissa;
            return neg ? -v : v;
        }
        String s =
                new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII).trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    file
                            + " line "
                            + line
                            + " column "
                            + (column + 1)
                            + ": '"
                            + s
                            + "' is not a number");
        }
    }
}
