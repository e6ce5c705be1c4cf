package dev.segment.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Reads text files record by record for Flink's {@code FileSource}, keeping each record's file path
 * and 1-based line number so that a rejected row can be traced back to its origin.
 *
 * <p>A record is a line, or with CSV quoting several lines when a quoted field holds line breaks
 * (RFC 4180); its number is the line it starts on. Files are split so that one big file is read by
 * all readers in parallel. A record belongs to the split in which it starts. A reader of a later
 * split cannot tell from its bytes alone whether a line break is inside quotes, so it asks {@link
 * LineIndex} for the line count and the quote state at its start offset (computed from the bytes
 * before it, once per file and JVM) and skips to the first record boundary after that offset: the
 * same boundary a reader from the start of the file finds. It also receives the file's first record
 * as {@link SourceLine#headerContext} so it can read the header.
 *
 * <p>Records are decoded in the layout's encoding (UTF-8 by default); a record with bytes that are
 * not valid in it keeps its text with U+FFFD and carries {@link SourceLine#encodingError}, which
 * the parser turns into a dead letter. A final CR is removed. Files ending in {@code .gz} are
 * decompressed and read whole by one reader (gzip cannot be entered in the middle).
 */
public final class NumberedLineFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 4096;

    private final boolean quoting;
    private final char delimiter;
    private final String encoding;

    /** Plain lines, UTF-8, no quoting. */
    public NumberedLineFormat() {
        this(false, ',', "UTF-8");
    }

    /** Records as the layout defines them: quoted CSV for canonical files, lines for CDNOW. */
    public static NumberedLineFormat of(CsvLayout layout) {
        return new NumberedLineFormat(
                layout.format() == CsvLayout.Format.CANONICAL,
                layout.delimiter(),
                layout.charset().name());
    }

    NumberedLineFormat(boolean quoting, char delimiter, String encoding) {
        this.quoting = quoting;
        this.delimiter = delimiter;
        this.encoding = encoding;
    }

    /** True for files this format decompresses ({@code *.gz}). */
    static boolean compressed(org.apache.flink.core.fs.Path path) {
        return path.getName().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new RecordReader(split, 0);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new RecordReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private final class RecordReader implements BulkFormat.Reader<SourceLine> {
        private final String path;
        private final InputStream in;
        private final long end;
        private final CsvRecordScanner scanner = new CsvRecordScanner(quoting, delimiter);
        private final Charset charset = Charset.forName(encoding);
        private final boolean utf8 = charset.equals(StandardCharsets.UTF_8);
        private final CharsetDecoder decoder =
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        private byte[] buf = new byte[1 << 16];
        private int bufPos;
        private int bufLen;
        private long filePos; // file offset of buf[bufPos]
        private long lineNumber; // lines before the next record
        private long emitted;
        private final long skip;
        private SourceLine header;
        private boolean done;
        private String encodingError;
        private int recordLines; // line breaks inside the last record

        RecordReader(FileSourceSplit split, long skip) throws IOException {
            // local files are named by their plain path in dead letters; other schemes keep the URI
            this.path =
                    "file".equals(split.path().toUri().getScheme())
                            ? split.path().toUri().getPath()
                            : split.path().toString();
            FileSystem fs = split.path().getFileSystem();
            FSDataInputStream raw = fs.open(split.path());
            boolean gz = compressed(split.path());
            this.in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
            this.end = gz ? Long.MAX_VALUE : split.offset() + split.length();
            this.skip = skip;
            long start = gz ? 0 : split.offset();
            if (start > 0) {
                header = firstRecord(fs, split.path());
                // start at the first record that begins inside this split: the state at the byte
                // before it says whether a line break there is inside quotes
                LineIndex.Position before =
                        LineIndex.at(split.path(), start - 1, quoting, delimiter);
                raw.seek(start - 1);
                filePos = start - 1;
                scanner.state(before.scannerState());
                lineNumber = before.lines() + skipToRecordStart();
            }
        }

        private SourceLine firstRecord(FileSystem fs, org.apache.flink.core.fs.Path p)
                throws IOException {
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
                SourceLine h = new SourceLine(path, 1, decode(b, 0, n));
                h.headerContext = true;
                return h;
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

        /** Next record, or null at the end of the split. */
        private String nextRecord() throws IOException {
            if (done || filePos >= end) {
                return null;
            }
            int from = bufPos;
            while (true) {
                int nl = scanner.recordEnd(buf, from, bufLen);
                if (nl >= 0) {
                    String s = decode(buf, bufPos, nl);
                    recordLines = quoting ? count(buf, bufPos, nl) : 0;
                    filePos += nl + 1 - bufPos;
                    bufPos = nl + 1;
                    return s;
                }
                from = bufLen - bufPos;
                if (!fill()) {
                    done = true;
                    if (bufLen > bufPos) {
                        // last record without a final line break (or an unterminated quote)
                        String s = decode(buf, bufPos, bufLen);
                        recordLines = quoting ? count(buf, bufPos, bufLen) : 0;
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
            String record;
            while (n < BATCH && (record = nextRecord()) != null) {
                long first = lineNumber + 1;
                lineNumber += 1 + recordLines;
                if (emitted++ < skip) {
                    continue;
                }
                SourceLine line = new SourceLine(path, first, record);
                line.encodingError = encodingError;
                batch[n++] = line;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<SourceLine> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted - n);
            return it;
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

        private String decode(byte[] b, int from, int to) {
            int stop = to > from && b[to - 1] == '\r' ? to - 1 : to;
            encodingError = null;
            if (utf8) {
                boolean ascii = true;
                for (int i = from; i < stop; i++) {
                    if (b[i] < 0) {
                        ascii = false;
                        break;
                    }
                }
                if (ascii) {
                    // pure ASCII is the same text in every accepted encoding; the cheapest decode
                    return new String(b, from, stop - from, StandardCharsets.ISO_8859_1);
                }
            }
            ByteBuffer bytes = ByteBuffer.wrap(b, from, stop - from);
            try {
                return decoder.reset().decode(bytes).toString();
            } catch (CharacterCodingException e) {
                int at = bytes.position();
                StringBuilder hex = new StringBuilder();
                int bad =
                        e instanceof java.nio.charset.MalformedInputException m
                                ? m.getInputLength()
                                : e instanceof java.nio.charset.UnmappableCharacterException u
                                        ? u.getInputLength()
                                        : 1;
                for (int i = at; i < Math.min(stop, at + bad); i++) {
                    hex.append(String.format(Locale.ROOT, " 0x%02X", b[i] & 0xff));
                }
                encodingError =
                        "invalid "
                                + charset.name()
                                + " bytes at byte "
                                + (at - from + 1)
                                + " of the record:"
                                + hex
                                + " (shown as U+FFFD; give the file's encoding with --encoding)";
                return new String(b, from, stop - from, charset);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
