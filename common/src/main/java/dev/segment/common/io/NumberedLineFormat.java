package dev.segment.common.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads text files line by line for Flink's {@code FileSource}, keeping each line's file path and
 * 1-based line number so that a rejected row can be traced back to its origin.
 *
 * <p>Files are split (so one big file is read by all readers in parallel): a line belongs to the
 * split in which it starts; a reader of a later split learns its first line number from {@link
 * LineIndex} and receives the file's first line as {@link SourceLine#headerContext} so it can read
 * the header. Lines are UTF-8, ending in LF or CRLF (the CR is removed).
 */
public final class NumberedLineFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 4096;

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private static final class LineReader implements BulkFormat.Reader<SourceLine> {
        private final String path;
        private final FSDataInputStream in;
        private final long end;
        private byte[] buf = new byte[1 << 16];
        private int bufPos;
        private int bufLen;
        private long filePos; // file offset of buf[bufPos]
        private long lineNumber; // number of the last line emitted
        private long emitted;
        private final long skip;
        private SourceLine header;
        private boolean done;

        LineReader(FileSourceSplit split, long skip) throws IOException {
            // local files are named by their plain path in dead letters; other schemes keep the URI
            this.path =
                    "file".equals(split.path().toUri().getScheme())
                            ? split.path().toUri().getPath()
                            : split.path().toString();
            FileSystem fs = split.path().getFileSystem();
            this.in = fs.open(split.path());
            this.end = split.offset() + split.length();
            this.skip = skip;
            long start = split.offset();
            if (start > 0) {
                // the file's first line, for the header
                try (FSDataInputStream first = fs.open(split.path())) {
                    byte[] b = new byte[1 << 16];
                    int n = 0;
                    int r;
                    while (n < b.length && (r = first.read(b, n, b.length - n)) > 0) {
                        int nl = indexOf(b, n, n + r, (byte) '\n');
                        n += r;
                        if (nl >= 0) {
                            n = nl;
                            break;
                        }
                    }
                    SourceLine h = new SourceLine(path, 1, decode(b, 0, n));
                    h.headerContext = true;
                    header = h;
                }
                // start at the first line that begins inside this split
                in.seek(start - 1);
                filePos = start - 1;
                skipThroughNewline();
                lineNumber = LineIndex.linesBefore(split.path(), filePos);
            } else {
                filePos = 0;
            }
        }

        private void skipThroughNewline() throws IOException {
            while (true) {
                if (bufPos == bufLen && !fill()) {
                    done = true;
                    return;
                }
                int nl = indexOf(buf, bufPos, bufLen, (byte) '\n');
                if (nl >= 0) {
                    filePos += nl + 1 - bufPos;
                    bufPos = nl + 1;
                    return;
                }
                filePos += bufLen - bufPos;
                bufPos = bufLen;
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

        /** Next line, or null at the end of the split. */
        private String nextLine() throws IOException {
            if (done || filePos >= end) {
                return null;
            }
            int from = bufPos;
            while (true) {
                int nl = indexOf(buf, from, bufLen, (byte) '\n');
                if (nl >= 0) {
                    String s = decode(buf, bufPos, nl);
                    filePos += nl + 1 - bufPos;
                    bufPos = nl + 1;
                    return s;
                }
                from = bufLen - bufPos;
                if (!fill()) {
                    done = true;
                    if (bufLen > bufPos) {
                        String s = decode(buf, bufPos, bufLen);
                        filePos += bufLen - bufPos;
                        bufPos = bufLen;
                        return s;
                    }
                    return null;
                }
                from += bufPos;
            }
        }

        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            SourceLine[] batch = new SourceLine[BATCH];
            int n = 0;
            if (header != null) {
                batch[n++] = header;
                header = null;
            }
            String line;
            while (n < BATCH && (line = nextLine()) != null) {
                lineNumber++;
                if (emitted++ < skip) {
                    continue;
                }
                batch[n++] = new SourceLine(path, lineNumber, line);
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<SourceLine> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted - n);
            return it;
        }

        private static int indexOf(byte[] b, int from, int to, byte v) {
            for (int i = from; i < to; i++) {
                if (b[i] == v) {
                    return i;
                }
            }
            return -1;
        }

        private static String decode(byte[] b, int from, int to) {
            int stop = to > from && b[to - 1] == '\r' ? to - 1 : to;
            return new String(b, from, stop - from, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
