package dev.segment.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumericCsvTest {

    @Test
    void everyValueOfTheT2FixtureEqualsDoubleParseDoubleBitForBit() throws Exception {
        Path file = TestData.file("kmeans/t2_5k_features.csv");
        NumericCsv.Table t = NumericCsv.read(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(5_000, t.rows());
        assertEquals(8, t.columns());
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int c = 0; c < f.length; c++) {
                assertEquals(
                        Double.doubleToRawLongBits(Double.parseDouble(f[c])),
                        Double.doubleToRawLongBits(t.values()[(i - 1) * 8 + c]),
                        f[c]);
            }
        }
    }

    @Test
    void otherShapesFallBackAndBadValuesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "a,b\r\n1e3,-0.1\r\n12345678901234567890,7\r\n");
        NumericCsv.Table t = NumericCsv.read(f);
        assertEquals(1000.0, t.values()[0]);
        assertEquals(-0.1, t.values()[1]);
        assertEquals(12345678901234567890.0, t.values()[2]);
        Files.writeString(f, "a,b\n1,x\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NumericCsv.read(f));
        assertTrue(e.getMessage().contains("line 2 column 2: 'x' is not a number"), e.getMessage());
    }
}
