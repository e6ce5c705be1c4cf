package dev.segment.common.io;

import java.io.Serializable;

/** One line of an input file with where it came from (1-based line number). */
public class SourceLine implements Serializable {
    private static final long serialVersionUID = 1L;

    public String path;
    public long lineNumber;
    public String text;

    public SourceLine() {}

    public SourceLine(String path, long lineNumber, String text) {
        this.path = path;
        this.lineNumber = lineNumber;
        this.text = text;
    }
}
