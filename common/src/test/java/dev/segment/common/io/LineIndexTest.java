package dev.segment.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link LineIndex} says about the bytes before an offset (lines, and whether a quoted field
 * is open) must be what one scanner reading the file from its start says, at every offset asked, in
 * files bigger than its read buffer, with long stretches without any quote (read the quick way)
 * between quoted fields that hold line breaks and delimiters.
 */
class LineIndexTest {
    @TempDir Path tmp;

    @Test
    void positionsEqualOneScanFromTheStart() throws Exception {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("customer_id,order_id,timestamp,amount\n");
        while (csv.length() < 6_000_000) {
            // a quote-free stretch, often longer than the index's 1 MB reads
            int plain = random.nextInt(1_500_000);
            int start = csv.length();
            while (csv.length() - start < plain) {
                csv.append("c").append(random.nextInt(1000)).append(",o,2024-01-02,3.5\n");
            }
            // ending mid-field, after a delimiter or after a line
            csv.append(random.nextBoolean() ? "c9,o" : "c9,");
            csv.append(random.nextBoolean() ? ",2024-01-02,1\n" : "");
            if (random.nextBoolean()) {
                // a quoted field spanning lines, open over a quote-free stretch
                csv.append("c1,\"o\n");
                int filler = random.nextInt(1_500_000);
                for (int i = 0; i < filler; i += 16) {
                    csv.append("no quotes, here\n");
                }
                csv.append("\",2024-01-01,1\n");
            } else {
                csv.append("c2,\"o,\"\"x\"\"\",2024-01-01,2\n");
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("tx.csv");
        Files.write(file, bytes);
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());

        // offsets in increasing order, as splits are opened, and some out of order
        long[] offsets = new long[120];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = random.nextInt(bytes.length);
        }
        java.util.Arrays.sort(offsets, 0, 80);
        for (long offset : offsets) {
            LineIndex.Position p = LineIndex.at(path, offset, true, ',');
            CsvRecordScanner scanner = new CsvRecordScanner(true, ',');
            long lines = 0;
            int from = 0;
            while (from < offset) {
                int end = scanner.recordEnd(bytes, from, (int) offset);
                if (end < 0) {
                    break;
                }
                from = end + 1;
            }
            for (int i = 0; i < offset; i++) {
                lines += bytes[i] == '\n' ? 1 : 0;
            }
            assertEquals(lines, p.lines(), "lines before " + offset);
            assertEquals(scanner.state(), p.scannerState(), "scanner state at " + offset);
        }
    }
}
