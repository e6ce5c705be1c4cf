package dev.segment.common.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * One purchase line (or a whole order when the input has no line detail).
 *
 * <p>A Flink POJO: public fields and a no-argument constructor, so Flink serialises it with its
 * fast POJO serializer instead of Kryo. {@code timestampMillis} is the instant (UTC epoch
 * milliseconds); {@code purchaseDay} is the calendar day of that instant in the business time zone
 * chosen when the input was read (epoch day), which is what every RFM definition counts in.
 */
public class Transaction implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Largest amount of one row, in either direction (one billion in the input currency). Rows
     * beyond it are dead letters: such values are data errors in transaction files, and the limit
     * keeps every exact sum of money far from overflow.
     */
    public static final double MAX_ABS_AMOUNT = 1e9;

    /** Customer identifier as found in the input (never null or blank). */
    public String customerId;

    /**
     * Order identifier; several lines of one order share it. Inputs without an order column get one
     * order per row (a synthetic id derived from file and line).
     */
    public String orderId;

    /** Instant of the purchase, epoch milliseconds UTC. */
    public long timestampMillis;

    /**
     * Calendar day of the purchase in the business time zone, as epoch day (days since 1970-01-01).
     */
    public int purchaseDay;

    /** Revenue of this line in {@link #currency}; negative for returns/cancellations. */
    public double amount;

    /** Units bought (1 when the input does not say). */
    public int quantity = 1;

    /** ISO 4217 currency code, or null when the input does not say. */
    public String currency;

    /** Where the purchase happened. */
    public Channel channel = Channel.UNKNOWN;

    /** Optional product identifier. */
    public String productId;

    /** Optional product category. */
    public String category;

    /**
     * The customer's consent to the use of their data as stated on this row (a consent column of
     * the input), as of {@link #timestampMillis}: true granted, false withdrawn, null not stated.
     */
    public Boolean consent;

    /**
     * False when the input has no order id for this row (the order id is then synthetic, file and
     * line, and takes no part in {@link #fingerprint()}).
     */
    public boolean orderGiven = true;

    /** Where the row came from (file), for a dead letter about it later; may be null. */
    public String sourcePath;

    /** 1-based line (CSV) or record number (Parquet) in {@link #sourcePath}. */
    public long sourceLine;

    /** The row as it was read (CSV line), for a dead letter about it later; may be null. */
    public String sourceText;

    public Transaction() {}

    /**
     * A 64-bit fingerprint of every field of the record as read but the customer id (fingerprints
     * are only compared among one customer's rows): the order id when given (as {@code orderKey}, a
     * 64-bit key of it the caller has already computed), instant, amount, quantity, currency,
     * channel, product, category, consent. Equal records have equal fingerprints; two different
     * records of one customer collide with a probability of about n^2 / 2^65 for n rows.
     */
    public long fingerprint(long orderKey) {
        return fingerprint(
                orderGiven,
                orderKey,
                timestampMillis,
                amount,
                quantity,
                channel,
                currency,
                0,
                currency == null ? -1 : currency.length(),
                productId,
                0,
                productId == null ? -1 : productId.length(),
                category,
                0,
                category == null ? -1 : category.length(),
                consent);
    }

    /**
     * {@link #fingerprint(long)} of a record whose text fields are ranges of {@code text} (a range
     * with {@code to < 0} is null), so that a row read in place needs no Strings; equal to the
     * fingerprint of the same record as a Transaction.
     *
     * @param orderGiven false when the input gave no order id ({@code orderKey} is then not used)
     */
    public static long fingerprint(
            boolean orderGiven,
            long orderKey,
            long timestampMillis,
            double amount,
            int quantity,
            Channel channel,
            CharSequence currencyText,
            int currencyFrom,
            int currencyTo,
            CharSequence productText,
            int productFrom,
            int productTo,
            CharSequence categoryText,
            int categoryFrom,
            int categoryTo,
            Boolean consent) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, orderGiven ? orderKey : 0x2545F4914F6CDD1DL);
        h = mix(h, timestampMillis);
        h = mix(h, Double.doubleToLongBits(amount));
        h = mix(h, quantity);
        h = mix(h, channel == null ? -1 : channel.ordinal());
        if (currencyTo >= 0 || productTo >= 0 || categoryTo >= 0) {
            h = mix(h, currencyText, currencyFrom, currencyTo);
            h = mix(h, productText, productFrom, productTo);
            h = mix(h, categoryText, categoryFrom, categoryTo);
        }
        if (consent != null) {
            h = mix(h, consent ? 0x7F4A7C15L : 0x1B873593L);
        }
        return h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    // text[from, to), or null when to < 0
    private static long mix(long h, CharSequence text, int from, int to) {
        if (to < 0) {
            return mix(h, 0x5bd1e995L);
        }
        for (int i = from; i < to; i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h, to - from);
    }

    public Transaction(
            String customerId,
            String orderId,
            long timestampMillis,
            int purchaseDay,
            double amount,
            int quantity,
            String currency,
            Channel channel,
            String productId,
            String category) {
        this.customerId = customerId;
        this.orderId = orderId;
        this.timestampMillis = timestampMillis;
        this.purchaseDay = purchaseDay;
        this.amount = amount;
        this.quantity = quantity;
        this.currency = currency;
        this.channel = channel;
        this.productId = productId;
        this.category = category;
    }

    /**
     * Reads a stated consent: {@code true/false}, {@code granted/withdrawn}, {@code yes/no}, {@code
     * 1/0} (any case, surrounding blanks ignored); an empty value states nothing (null).
     *
     * @throws IllegalArgumentException naming the value
     */
    public static Boolean parseConsent(String raw) {
        String v = raw == null ? "" : raw.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "" -> null;
            case "true", "granted", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "withdrawn", "no", "n", "0" -> Boolean.FALSE;
            default ->
                    throw new IllegalArgumentException(
                            "consent '"
                                    + raw.trim()
                                    + "' is not one of true/false, granted/withdrawn, yes/no, 1/0");
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Transaction)) {
            return false;
        }
        Transaction t = (Transaction) o;
        return timestampMillis == t.timestampMillis
                && purchaseDay == t.purchaseDay
                && Double.compare(amount, t.amount) == 0
                && quantity == t.quantity
                && Objects.equals(customerId, t.customerId)
                && Objects.equals(orderId, t.orderId)
                && Objects.equals(currency, t.currency)
                && channel == t.channel
                && Objects.equals(productId, t.productId)
                && Objects.equals(category, t.category)
                && Objects.equals(consent, t.consent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, orderId, timestampMillis, amount);
    }

    @Override
    public String toString() {
        return "Transaction{customer="
                + customerId
                + ", order="
                + orderId
                + ", ts="
                + timestampMillis
                + ", day="
                + purchaseDay
                + ", amount="
                + amount
                + ", qty="
                + quantity
                + ", currency="
                + currency
                + ", channel="
                + channel
                + ", product="
                + productId
                + ", category="
                + category
                + (consent == null ? "" : ", consent=" + consent)
                + '}';
    }
}
