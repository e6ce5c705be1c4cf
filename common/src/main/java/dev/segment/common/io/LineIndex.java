package dev.segment.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Counts the lines before a byte offset of a file, so that a reader of a later split knows the line
 * numbers of its lines. Counts are cached per file and JVM (keyed by path, length and modification
 * time) and extended from the nearest known offset, so every byte of a file is scanned at most once
 * per JVM however many splits it has.
 */
final class LineIndex {
    private LineIndex() {}

    private static final Map<String, TreeMap<Long, Long>> KNOWN = new ConcurrentHashMap<>();

    /** Number of '\n' bytes in [0, offset) of {@code path}. */
    static long linesBefore(Path path, long offset) throws IOException {
        FileSystem fs = path.getFileSystem();
        var status = fs.getFileStatus(path);
        String key = path + "|" + status.getLen() + "|" + status.getModificationTime();
        TreeMap<Long, Long> known = KNOWN.computeIfAbsent(key, k -> new TreeMap<>(Map.of(0L, 0L)));
        synchronized (known) {
            Map.Entry<Long, Long> from = known.floorEntry(offset);
            long pos = from.getKey();
            long lines = from.getValue();
            if (pos == offset) {
                return lines;
            }
            try (InputStream in = fs.open(path)) {
                in.skipNBytes(pos);
                byte[] buf = new byte[1 << 20];
                while (pos < offset) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, offset - pos));
                    if (n < 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                    pos += n;
                }
            }
            known.put(offset, lines);
            return lines;
        }
    }
}
