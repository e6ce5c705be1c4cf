package dev.segment.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What a reader that starts at a byte offset of a file needs to know about the bytes before it: how
 * many lines (LF bytes) precede it, for exact line numbers, and whether it is inside a quoted
 * field, so that a line break inside quotes is not taken for a record boundary. Results are cached
 * per file, layout and JVM (keyed by path, length and modification time) and extended from the
 * nearest known offset, so every byte of a file is scanned at most once per JVM however many splits
 * it has.
 */
final class LineIndex {
    private LineIndex() {}

    /** Lines before an offset and the CSV scanner state there. */
    record Position(long lines, int scannerState) {}

    private static final Map<String, TreeMap<Long, Position>> KNOWN = new ConcurrentHashMap<>();

    /** Number of LF bytes in [0, offset) of {@code path} and the scanner state after them. */
    static Position at(Path path, long offset, boolean quoting, char delimiter) throws IOException {
        FileSystem fs = path.getFileSystem();
        var status = fs.getFileStatus(path);
        String key =
                path
                        + "|"
                        + status.getLen()
                        + "|"
                        + status.getModificationTime()
                        + "|"
                        + quoting
                        + "|"
                        + (int) delimiter;
        TreeMap<Long, Position> known =
                KNOWN.computeIfAbsent(
                        key,
                        k ->
                                new TreeMap<>(
                                        Map.of(0L, new Position(0, CsvRecordScanner.FIELD_START))));
        synchronized (known) {
            Map.Entry<Long, Position> from = known.floorEntry(offset);
            long pos = from.getKey();
            long lines = from.getValue().lines();
            if (pos == offset) {
                return from.getValue();
            }
            CsvRecordScanner scanner = new CsvRecordScanner(quoting, delimiter);
            scanner.state(from.getValue().scannerState());
            try (InputStream in = fs.open(path)) {
                in.skipNBytes(pos);
                byte[] buf = new byte[1 << 20];
                while (pos < offset) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, offset - pos));
                    if (n < 0) {
                        break;
                    }
                    boolean quotes = false;
                    for (int i = 0; i < n; i++) {
                        byte c = buf[i];
                        if (c == '\n') {
                            lines++;
                        } else if (c == '"') {
                            quotes = true;
                        }
                    }
                    if (quoting && !quotes && !scanner.insideQuotes()) {
                        // nothing can open or close a quoted field here: the state after the
                        // bytes is what their last byte makes it
                        scanner.afterUnquoted(buf[n - 1]);
                    } else if (quoting) {
                        int i = 0;
                        while (i < n) {
                            int end = scanner.recordEnd(buf, i, n);
                            if (end < 0) {
                                break;
                            }
                            i = end + 1;
                        }
                    }
                    pos += n;
                }
            }
            Position p = new Position(lines, scanner.state());
            known.put(offset, p);
            return p;
        }
    }
}
