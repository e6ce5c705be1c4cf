package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses {@link RecordBlock}s of transaction files row by row without a String or an object per
 * plain row: an ASCII record of a canonical file is read in place into one reused {@link PlainRow}
 * ({@link TransactionCsvParser#acceptPlain}); every other record is decoded and parsed as text by
 * the same file's {@link TransactionCsvParser}, which accepts it as a {@link Transaction} or
 * rejects it with its reason. So line numbers, dead letters and counts are those of the text path.
 * One per task; not thread-safe.
 */
public final class BlockParser {

    /** What rows turn into. */
    public interface Rows {
        /** A plain row, valid until the next call. */
        void plain(PlainRow row);

        /** A row the text path accepted. */
        void accepted(Transaction t);

        /** A row the text path rejected. */
        void rejected(DeadLetter d);
    }

    private final CsvLayout layout;
    private final InputCounters.Task counters;
    private final RecordDecoder decoder;
    private final Map<String, TransactionCsvParser> parsers = new HashMap<>();
    private final AsciiChars chars = new AsciiChars();
    private final PlainRow row = new PlainRow();
    private long plainRows;
    private long textRows;

    /**
     * @param counters where rows read, accepted and rejected are counted (as the text path counts)
     */
    public BlockParser(CsvLayout layout, InputCounters.Task counters) {
        this.layout = layout;
        this.counters = counters;
        this.decoder = new RecordDecoder(layout.charset());
    }

    /** Rows read in place so far. */
    public long plainRows() {
        return plainRows;
    }

    /** Rows decoded and parsed as text so far. */
    public long textRows() {
        return textRows;
    }

    public void parse(RecordBlock block, Rows out) {
        TransactionCsvParser parser =
                parsers.computeIfAbsent(block.path, p -> TransactionCsvParser.forFile(layout, p));
        if (block.header != null) {
            parser.acceptHeaderContext(block.header);
        }
        byte[] b = block.bytes;
        boolean inPlace = decoder.asciiCompatible();
        TransactionCsvParser.Output text =
                new TransactionCsvParser.Output() {
                    @Override
                    public void accepted(Transaction t) {
                        counters.accepted();
                        out.accepted(t);
                    }

                    @Override
                    public void rejected(DeadLetter d) {
                        counters.deadLetter(d);
                        out.rejected(d);
                    }
                };
        for (int r = 0; r < block.count; r++) {
            int from = block.offsets[r];
            int to = block.offsets[r + 1];
            long line = block.lines[r];
            if (inPlace && ascii(b, from, to)) {
                int stop = to > from && b[to - 1] == '\r' ? to - 1 : to;
                if (parser.acceptPlain(line, chars.set(b, from, stop), row)) {
                    plainRows++;
                    counters.read(1);
                    counters.accepted();
                    out.plain(row);
                    continue;
                }
            }
            textRows++;
            long before = parser.rowsRead();
            parser.accept(line, decoder.decode(b, from, to), decoder.error(), text);
            counters.read(parser.rowsRead() - before);
        }
    }

    private static boolean ascii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
