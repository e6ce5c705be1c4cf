package dev.segment.common.io;

import dev.segment.common.model.DeadLetter;
import dev.segment.common.model.Transaction;
import java.io.Serializable;

/** Either an accepted transaction or a dead letter (exactly one is set). */
public class ParsedRow implements Serializable {
    private static final long serialVersionUID = 1L;

    public Transaction transaction;
    public DeadLetter deadLetter;

    public ParsedRow() {}

    static ParsedRow of(Transaction t) {
        ParsedRow r = new ParsedRow();
        r.transaction = t;
        return r;
    }

    static ParsedRow of(DeadLetter d) {
        ParsedRow r = new ParsedRow();
        r.deadLetter = d;
        return r;
    }
}
