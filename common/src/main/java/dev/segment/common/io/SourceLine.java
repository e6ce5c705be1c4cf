package dev.segment.common.io;

import java.io.Serializable;

/** One line of an input file with where it came from (1-based line number). */
public class SourceLine implements Serializable {
    private static final long serialVersionUID = 1L;

    public String path;
    public long lineNumber;
    public String text;

    /**
     * True when this is the file's first line re-sent to a reader of a later split, so that its
     * parser knows the header; it is not a data row and is never counted or parsed as one.
     */
    public boolean headerContext;

    /** Why the record's bytes are not valid text in the input encoding; null when they are. */
    public String encodingError;

    public SourceLine() {}

    public SourceLine(String path, long lineNumber, String text) {
        this.path = path;
        this.lineNumber = lineNumber;
        this.text = text;
    }
}
