package dev.segment.common.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decodes a record's bytes into text in the input encoding, without its final CR. Bytes that are
 * not valid in the encoding become U+FFFD and {@link #error()} says which they were, so that the
 * record becomes a dead letter rather than a value read from replacement characters. Not
 * thread-safe.
 */
final class RecordDecoder {
    private final Charset charset;
    private final boolean utf8;
    private final CharsetDecoder decoder;
    private String error;

    RecordDecoder(Charset charset) {
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.decoder =
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** True when ASCII bytes are the same characters in this encoding (UTF-8). */
    boolean asciiCompatible() {
        return utf8;
    }

    /** Why the last decoded record was not valid text, or null when it was. */
    String error() {
        return error;
    }

    String decode(byte[] b, int from, int to) {
        int stop = to > from && b[to - 1] == '\r' ? to - 1 : to;
        error = null;
        if (utf8) {
            boolean ascii = true;
            for (int i = from; i < stop; i++) {
                if (b[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                // pure ASCII is the same text in every accepted encoding; the cheapest decode
                return new String(b, from, stop - from, StandardCharsets.ISO_8859_1);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(b, from, stop - from);
        try {
            return decoder.reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            int at = bytes.position();
            StringBuilder hex = new StringBuilder();
            int bad =
                    e instanceof java.nio.charset.MalformedInputException m
                            ? m.getInputLength()
                            : e instanceof java.nio.charset.UnmappableCharacterException u
                                    ? u.getInputLength()
                                    : 1;
            for (int i = at; i < Math.min(stop, at + bad); i++) {
                hex.append(String.format(Locale.ROOT, " 0x%02X", b[i] & 0xff));
            }
            error =
                    "invalid "
                            + charset.name()
                            + " bytes at byte "
                            + (at - from + 1)
                            + " of the record:"
                            + hex
                            + " (shown as U+FFFD; give the file's encoding with --encoding)";
            return new String(b, from, stop - from, charset);
        }
    }
}
