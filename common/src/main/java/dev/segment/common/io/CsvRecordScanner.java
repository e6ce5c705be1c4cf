package dev.segment.common.io;

/**
 * Finds where CSV records end in raw bytes. With quoting on (RFC 4180), a line break inside a
 * quoted field belongs to the record; a quote opens a quoted field only at the start of a field (as
 * {@link TransactionCsvParser} reads it), so a stray quote inside an unquoted value ({@code 12"
 * vinyl}) is a plain character. With quoting off (whitespace layouts) every LF ends a record.
 *
 * <p>Works on bytes: the quote, the delimiter and LF are single ASCII bytes in every encoding we
 * accept (see {@link CsvLayout#charset()}), and never part of a multi-byte UTF-8 sequence.
 *
 * <p>The state after any byte depends only on the bytes before it, so a reader that starts in the
 * middle of a file gets the state at its start offset from {@link LineIndex} (one scan per file and
 * JVM) and finds the first record boundary exactly where a reader from the start would.
 */
final class CsvRecordScanner {
    static final int FIELD_START = 0;
    static final int UNQUOTED = 1;
    static final int QUOTED = 2;
    static final int QUOTE_IN_QUOTED = 3;

    private final boolean quoting;
    private final byte delimiter;
    private int state = FIELD_START;

    CsvRecordScanner(boolean quoting, char delimiter) {
        this.quoting = quoting;
        this.delimiter = (byte) delimiter;
    }

    int state() {
        return state;
    }

    void state(int s) {
        state = s;
    }

    /**
     * Moves the state over bytes without a quote that ended with {@code last}, the state before
     * them not being inside quotes: the state {@link #recordEnd} would leave after them.
     */
    void afterUnquoted(byte last) {
        // from any state but QUOTED, a byte other than a quote leads to FIELD_START when it is an
        // LF or the delimiter and to UNQUOTED otherwise: only the last byte decides
        state = last == '\n' || last == delimiter ? FIELD_START : UNQUOTED;
    }

    /** True when the bytes seen so far end inside a quoted field. */
    boolean insideQuotes() {
        return state == QUOTED;
    }

    /**
     * Index of the first LF in {@code b[from, to)} that ends a record, or -1 when none does; the
     * state moves over every byte examined (up to and including that LF, after which a new record
     * starts).
     */
    int recordEnd(byte[] b, int from, int to) {
        if (!quoting) {
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
        int s = state;
        byte d = delimiter;
        if (s == FIELD_START || s == UNQUOTED) {
            // fast path: without a quote byte nothing can open a quoted field, so the first LF
            // ends the record; most lines of most files take only this loop
            int i = from;
            for (; i < to; i++) {
                byte c = b[i];
                if (c == '\n') {
                    state = FIELD_START;
                    return i;
                }
                if (c == '"') {
                    break;
                }
            }
            if (i == to) {
                if (to > from) {
                    state = b[to - 1] == d ? FIELD_START : UNQUOTED;
                }
                return -1;
            }
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            switch (s) {
                case FIELD_START:
                    if (c == '"') {
                        s = QUOTED;
                    } else if (c == '\n') {
                        state = FIELD_START;
                        return i;
                    } else if (c != d) {
                        s = UNQUOTED;
                    }
                    break;
                case UNQUOTED:
                    if (c == d) {
                        s = FIELD_START;
                    } else if (c == '\n') {
                        state = FIELD_START;
                        return i;
                    }
                    break;
                case QUOTED:
                    if (c == '"') {
                        s = QUOTE_IN_QUOTED;
                    }
                    break;
                default: // QUOTE_IN_QUOTED: closing quote, or the first of a doubled one
                    if (c == '"') {
                        s = QUOTED;
                    } else if (c == d) {
                        s = FIELD_START;
                    } else if (c == '\n') {
                        state = FIELD_START;
                        return i;
                    } else {
                        s = UNQUOTED; // text after a closing quote: the parser rejects the row
                    }
            }
        }
        state = s;
        return -1;
    }
}
