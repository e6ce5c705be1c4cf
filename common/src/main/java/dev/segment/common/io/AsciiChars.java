package dev.segment.common.io;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of ASCII bytes as characters: a record read from a file, looked at in place
 * instead of being decoded into a new String. Only for bytes below 0x80 (the caller checks), for
 * which every accepted encoding's text is the same characters. {@link #toString} and {@link
 * #subSequence} copy into a String, for the rare values that need one.
 */
public final class AsciiChars implements CharSequence {
    private byte[] bytes = new byte[0];
    private int from;
    private int length;

    /** Views {@code bytes[from, to)}; the array is not copied, so it must not change meanwhile. */
    public AsciiChars set(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.length = to - from;
        return this;
    }

    /** The viewed array. */
    public byte[] bytes() {
        return bytes;
    }

    /** Where character 0 is in {@link #bytes()}. */
    public int offset() {
        return from;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) bytes[from + index];
    }

    @Override
    public String subSequence(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException(start + ".." + end + " of " + length);
        }
        return new String(bytes, from + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
}
