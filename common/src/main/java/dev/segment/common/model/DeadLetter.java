package dev.segment.common.model;

import java.io.Serializable;

/**
 * A rejected input record and why it was rejected. Nothing read is ever dropped silently: every
 * record that cannot become a {@link Transaction} (or other typed record) becomes one of these and
 * is written to the dead-letter output and counted.
 */
public class DeadLetter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Input file path, or for Kafka {@code topic/partition}. */
    public String source;

    /** 1-based line number in the file, or the Kafka offset. */
    public long position;

    /** Field (column) that failed, or null when the whole record is unusable. */
    public String field;

    /** Human-readable reason. */
    public String reason;

    /** The original record text, unchanged. */
    public String original;

    /**
     * The original bytes in base64 when they are not UTF-8 text (then {@link #original} shows them
     * with replacement characters); null otherwise.
     */
    public String originalBase64;

    public DeadLetter() {}

    public DeadLetter(String source, long position, String field, String reason, String original) {
        this.source = source;
        this.position = position;
        this.field = field;
        this.reason = reason;
        this.original = original;
    }

    @Override
    public String toString() {
        return source
                + ":"
                + position
                + (field == null ? "" : " [" + field + "]")
                + " "
                + reason
                + " | "
                + original;
    }
}
