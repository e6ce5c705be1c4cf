package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Quoting of one CSV value, and splitting a line back into the values. */
class CsvLinesTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertEquals("", CsvLines.quote(null));
        assertEquals("", CsvLines.quote(""));
        assertEquals("plain text 1.5", CsvLines.quote("plain text 1.5"));
        assertEquals("\"a,b\"", CsvLines.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvLines.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvLines.quote("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvLines.quote("cr\rhere"));
        assertEquals("caf\u00e9 \u20ac", CsvLines.quote("caf\u00e9 \u20ac"));
        assertEquals("\"\u20ac,\"", CsvLines.quote("\u20ac,"));
    }

    @Test
    void splitReadsBackWhatQuoteWrote() {
        List<String> values = List.of("a,b", "say \"hi\"", "", "plain", "\u20ac,\"");
        StringBuilder line = new StringBuilder();
        for (String v : values) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(CsvLines.quote(v));
        }
        assertEquals(values, CsvLines.split(line.toString()));
    }
}
