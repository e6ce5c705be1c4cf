package dev.segment.common.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CSV file writing: a header plus one formatted line per record, RFC 4180 quoting helpers. */
public final class CsvLines {
    private CsvLines() {}

    /** Formats one record as a CSV line (without the line break). */
    public interface Formatter<T> extends Serializable {
        String format(T record);
    }

    /** A writer factory producing {@code header} then one line per record. */
    public static <T> RecordFileWriter.Factory<T> factory(String header, Formatter<T> formatter) {
        return file -> {
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            w.write(header);
            w.write('\n');
            return new RecordFileWriter<T>() {
                @Override
                public void write(T record) throws IOException {
                    w.write(formatter.format(record));
                    w.write('\n');
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        };
    }

    /** Quotes a value when it contains a comma, quote or line break; null becomes empty. */
    public static String quote(String s) {
        if (s == null) {
            return "";
        }
        // indexOf is vectorised by the JIT; a charAt loop was most of writing a million lines
        boolean needs =
                s.indexOf(',') >= 0
                        || s.indexOf('"') >= 0
                        || s.indexOf('\n') >= 0
                        || s.indexOf('\r') >= 0;
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * Splits one comma-separated line (no line breaks) into its fields, RFC 4180: a quote opens a
     * quoted field only at the start of a field, and a doubled quote inside it is one quote. The
     * inverse of {@link #quote} for lines this class writes.
     */
    public static java.util.List<String> split(String line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Convenience for writing a whole file outside Flink. */
    public static Path write(Path file, String header, Iterable<String> lines) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.write('\n');
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
        return file;
    }
}
