package dev.segment.common.io;

import dev.segment.common.model.Channel;

/**
 * A plain data row read straight from its bytes by {@link TransactionCsvParser#acceptPlain}: the
 * values a {@link dev.segment.common.model.Transaction} would hold, with text fields as character
 * ranges of {@link #line} instead of Strings. One instance is reused for every row of a task, so
 * nothing is allocated per row; its values are valid until the next row.
 */
public final class PlainRow {
    /** The record's characters; the ranges below index into it. */
    public AsciiChars line;

    /** Where the record came from. */
    public String path;

    /** 1-based line number of the record. */
    public long lineNumber;

    /** Customer id range (never empty). */
    public int customerFrom;

    public int customerTo;

    /** Order id range (never empty: rows without an order id take the general path). */
    public int orderFrom;

    public int orderTo;

    public long millis;
    public int day;

    /** Amount, negative for returns and cancellations (as the general path makes it). */
    public double amount;

    public int quantity;
    public Channel channel;

    /** Stated consent: true, false, or null when the row states none. */
    public Boolean consent;

    /** Optional text fields; {@code from < 0} when absent or empty (null in a Transaction). */
    public int currencyFrom = -1;

    public int currencyTo;
    public int productFrom = -1;
    public int productTo;
    public int categoryFrom = -1;
    public int categoryTo;

    /**
     * The row's {@link dev.segment.common.model.Transaction#fingerprint(long)}, from its ranges.
     *
     * @param orderKey the key of the row's order id
     */
    public long fingerprint(long orderKey) {
        return dev.segment.common.model.Transaction.fingerprint(
                true,
                orderKey,
                millis,
                amount,
                quantity,
                channel,
                line,
                currencyFrom,
                currencyFrom < 0 ? -1 : currencyTo,
                line,
                productFrom,
                productFrom < 0 ? -1 : productTo,
                line,
                categoryFrom,
                categoryFrom < 0 ? -1 : categoryTo,
                consent);
    }
}
