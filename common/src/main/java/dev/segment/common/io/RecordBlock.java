package dev.segment.common.io;

import java.io.Serializable;

/**
 * Consecutive records of one file as bytes, read by {@link NumberedLineFormat.Blocks}: record
 * {@code i} is {@code bytes[offsets[i], offsets[i + 1])} (without its line break; a final CR is
 * kept, as in the file) and starts on line {@code lines[i]}.
 */
public class RecordBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The file, as dead letters name it. */
    public String path;

    /**
     * The file's first record, decoded, when this block is the first of a reader that starts in a
     * later part of the file (so that its parser knows the header); null otherwise. Never a data
     * row of this block.
     */
    public String header;

    public byte[] bytes;
    public int[] offsets;
    public long[] lines;

    /** Records in this block (0 for a block that only carries {@link #header}). */
    public int count;

    public RecordBlock() {}
}
