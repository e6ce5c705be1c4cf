package dev.segment.common.io;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

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
        return new RecordReader(split, recordsRead(split));
    }

    // what a restored reader skips: the records (or blocks) its split had handed over
    private static long recordsRead(FileSourceSplit split) {
        return split.getReaderPosition()
                .map(CheckpointedPosition::getRecordsAfterOffset)
                .orElse(0L);
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
        private final SplitRecords records;
        private final long skip;
        private long emitted;

        RecordReader(FileSourceSplit split, long skip) throws IOException {
            this.records = new SplitRecords(split, quoting, delimiter, Charset.forName(encoding));
            this.skip = skip;
        }

        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            SourceLine[] batch = new SourceLine[BATCH];
            int n = 0;
            String header = records.takeHeader();
            if (header != null) {
                SourceLine h = new SourceLine(records.path, 1, header);
                h.headerContext = true;
                batch[n++] = h;
            }
            RecordDecoder decoder = records.decoder;
            while (n < BATCH && records.next()) {
                if (emitted++ < skip) {
                    continue;
                }
                SourceLine line =
                        new SourceLine(
                                records.path,
                                records.firstLine,
                                decoder.decode(records.buf(), records.start, records.end));
                line.encodingError = decoder.error();
                batch[n++] = line;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<SourceLine> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted - n);
            return it;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }

    /**
     * The same records as {@link NumberedLineFormat}, handed over as {@link RecordBlock}s of up to
     * {@value #BATCH} records: one object per block instead of a String and a {@link SourceLine}
     * per record, for readers that look at the bytes themselves.
     */
    public static final class Blocks implements BulkFormat<RecordBlock, FileSourceSplit> {
        private static final long serialVersionUID = 1L;
        private final NumberedLineFormat lines;

        private Blocks(NumberedLineFormat lines) {
            this.lines = lines;
        }

        /** Blocks of the records the layout defines. */
        public static Blocks of(CsvLayout layout) {
            return new Blocks(NumberedLineFormat.of(layout));
        }

        @Override
        public Reader<RecordBlock> createReader(Configuration config, FileSourceSplit split)
                throws IOException {
            return lines.new BlockReader(split, 0);
        }

        @Override
        public Reader<RecordBlock> restoreReader(Configuration config, FileSourceSplit split)
                throws IOException {
            return lines.new BlockReader(split, recordsRead(split));
        }

        @Override
        public boolean isSplittable() {
            return true;
        }

        @Override
        public TypeInformation<RecordBlock> getProducedType() {
            return TypeInformation.of(RecordBlock.class);
        }
    }

    private final class BlockReader implements BulkFormat.Reader<RecordBlock> {
        private final SplitRecords records;
        private final long skip; // blocks: every block but the last holds BATCH records
        private long emitted;

        BlockReader(FileSourceSplit split, long skip) throws IOException {
            this.records = new SplitRecords(split, quoting, delimiter, Charset.forName(encoding));
            this.skip = skip;
        }

        @Override
        public RecordIterator<RecordBlock> readBatch() throws IOException {
            while (true) {
                RecordBlock block = new RecordBlock();
                block.path = records.path;
                block.header = records.takeHeader();
                block.offsets = new int[BATCH + 1];
                block.lines = new long[BATCH];
                byte[] bytes = new byte[1 << 18];
                int size = 0;
                int n = 0;
                while (n < BATCH && records.next()) {
                    int len = records.end - records.start;
                    if (size + len > bytes.length) {
                        bytes =
                                java.util.Arrays.copyOf(
                                        bytes, Math.max(bytes.length * 2, size + len));
                    }
                    System.arraycopy(records.buf(), records.start, bytes, size, len);
                    block.lines[n] = records.firstLine;
                    size += len;
                    block.offsets[++n] = size;
                }
                if (n == 0 && block.header == null) {
                    return null;
                }
                block.bytes = bytes;
                block.count = n;
                if (emitted++ < skip) {
                    records.keepHeader(block.header); // for the first block handed over
                    continue;
                }
                ArrayResultIterator<RecordBlock> it = new ArrayResultIterator<>();
                it.set(new RecordBlock[] {block}, 1, CheckpointedPosition.NO_OFFSET, emitted - 1);
                return it;
            }
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }
}
