package dev.segment.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.zip.GZIPInputStream;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * The records of one file split, in order, each with its first line number: the reading that {@link
 * NumberedLineFormat} and its {@link NumberedLineFormat.Blocks} share. A split that starts inside a
 * file begins at the first record that starts in it (see {@link LineIndex}) and offers the file's
 * first record through {@link #takeHeader}. After {@link #next} the record is {@code buf()[start,
 * end)}, valid until the next call.
 */
final class SplitRecords {
    final String path;
    final RecordDecoder decoder;
    private final InputStream in;
    private final long splitEnd;
    private final CsvRecordScanner scanner;
    private final boolean quoting;
    private final char delimiter;
    private byte[] buf = new byte[1 << 16];
    private int bufPos;
    private int bufLen;
    private long filePos; // file offset of buf[bufPos]
    private long lineNumber; // lines before the next record
    private boolean done;
    private String header;

    /** The current record's bytes in {@link #buf()} and the line it starts on. */
    int start;

    int end;
    long firstLine;

    SplitRecords(FileSourceSplit split, boolean quoting, char delimiter, Charset charset)
            throws IOException {
        this.quoting = quoting;
        this.delimiter = delimiter;
        this.scanner = new CsvRecordScanner(quoting, delimiter);
        this.decoder = new RecordDecoder(charset);
        // local files are named by their plain path in dead letters; other schemes keep the URI
        this.path =
                "file".equals(split.path().toUri().getScheme())
                        ? split.path().toUri().getPath()
                        : split.path().toString();
        FileSystem fs = split.path().getFileSystem();
        FSDataInputStream raw = fs.open(split.path());
        boolean gz = NumberedLineFormat.compressed(split.path());
        this.in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
        this.splitEnd = gz ? Long.MAX_VALUE : split.offset() + split.length();
        long from = gz ? 0 : split.offset();
        if (from > 0) {
            header = firstRecord(fs, split.path());
            // start at the first record that begins inside this split: the state at the byte
            // before it says whether a line break there is inside quotes
            LineIndex.Position before = LineIndex.at(split.path(), from - 1, quoting, delimiter);
            raw.seek(from - 1);
            filePos = from - 1;
            scanner.state(before.scannerState());
            lineNumber = before.lines() + skipToRecordStart();
        }
    }

    /** The file's first record, decoded, once, when this split starts inside the file. */
    String takeHeader() {
        String h = header;
        header = null;
        return h;
    }

    /** Offers {@code h} again through {@link #takeHeader} (null: nothing). */
    void keepHeader(String h) {
        if (h != null) {
            header = h;
        }
    }

    byte[] buf() {
        return buf;
    }

    private String firstRecord(FileSystem fs, org.apache.flink.core.fs.Path p) throws IOException {
        try (FSDataInputStream first = fs.open(p)) {
            CsvRecordScanner s = new CsvRecordScanner(quoting, delimiter);
            byte[] b = new byte[1 << 16];
            int n = 0;
            int r;
            while (n < b.length && (r = first.read(b, n, b.length - n)) > 0) {
                int nl = s.recordEnd(b, n, n + r);
                n += r;
                if (nl >= 0) {
                    n = nl;
                    break;
                }
            }
            return decoder.decode(b, 0, n);
        }
    }

    /** Skips through the end of the record in progress; returns the LF bytes skipped. */
    private long skipToRecordStart() throws IOException {
        long lines = 0;
        while (true) {
            if (bufPos == bufLen && !fill()) {
                done = true;
                return lines;
            }
            int nl = scanner.recordEnd(buf, bufPos, bufLen);
            int stop = nl >= 0 ? nl + 1 : bufLen;
            lines += count(buf, bufPos, stop);
            filePos += stop - bufPos;
            bufPos = stop;
            if (nl >= 0) {
                return lines;
            }
        }
    }

    private boolean fill() throws IOException {
        if (bufPos > 0) {
            System.arraycopy(buf, bufPos, buf, 0, bufLen - bufPos);
            bufLen -= bufPos;
            bufPos = 0;
        }
        if (bufLen == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, bufLen, buf.length - bufLen);
        if (r <= 0) {
            return false;
        }
        bufLen += r;
        return true;
    }

    /** Moves to the next record; false at the end of the split. */
    boolean next() throws IOException {
        if (done || filePos >= splitEnd) {
            return false;
        }
        int from = bufPos;
        while (true) {
            int nl = scanner.recordEnd(buf, from, bufLen);
            if (nl >= 0) {
                take(nl, nl + 1);
                return true;
            }
            from = bufLen - bufPos;
            if (!fill()) {
                done = true;
                if (bufLen > bufPos) {
                    // last record without a final line break (or an unterminated quote)
                    take(bufLen, bufLen);
                    return true;
                }
                return false;
            }
            from += bufPos;
        }
    }

    // the record is buf[bufPos, to); the next one starts at next
    private void take(int to, int next) {
        start = bufPos;
        end = to;
        firstLine = lineNumber + 1;
        lineNumber += 1 + (quoting ? count(buf, bufPos, to) : 0);
        filePos += next - bufPos;
        bufPos = next;
    }

    private static int count(byte[] b, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                c++;
            }
        }
        return c;
    }

    void close() throws IOException {
        in.close();
    }
}
