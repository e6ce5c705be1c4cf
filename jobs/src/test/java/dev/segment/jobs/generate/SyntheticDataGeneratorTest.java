package dev.segment.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataGeneratorTest {

    private static final LocalDate START = LocalDate.of(2023, 1, 1);

    private static SyntheticDataGenerator.Summary gen(Path dir, long seed) throws Exception {
        return new SyntheticDataGenerator(
                        new GeneratorConfig(2_000, 730, seed, START, dir, true, true, false))
                .generate(null);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData(@TempDir Path dir) throws Exception {
        gen(dir.resolve("a"), 1);
        gen(dir.resolve("b"), 1);
        gen(dir.resolve("c"), 2);
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("a/transactions.csv")),
                Files.readAllBytes(dir.resolve("b/transactions.csv")));
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("a/clicks.jsonl")),
                Files.readAllBytes(dir.resolve("b/clicks.jsonl")));
        assertFalse(
                Files.readString(dir.resolve("a/transactions.csv"))
                        .equals(Files.readString(dir.resolve("c/transactions.csv"))));
    }

    @Test
    void filesAgreeAndGroupsArePlantedAsDocumented(@TempDir Path dir) throws Exception {
        SyntheticDataGenerator.Summary s = gen(dir, 11);
        List<String> csv = Files.readAllLines(dir.resolve("transactions.csv"));
        assertEquals(s.rows(), csv.size() - 1);
        long parquetRows = 0;
        try (ParquetReader<GenericRecord> r =
                AvroParquetReader.<GenericRecord>builder(
                                new LocalInputFile(dir.resolve("transactions.parquet")))
                        .build()) {
            while (r.read() != null) {
                parquetRows++;
            }
        }
        assertEquals(s.rows(), parquetRows, "Parquet and CSV hold the same rows");

        Map<String, String> truth = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("truth.csv")).subList(1, 2_001)) {
            String[] f = line.split(",");
            truth.put(f[0], f[1]);
        }
        assertEquals(2_000, truth.size());
        Map<String, Long> sizes = new HashMap<>();
        truth.values().forEach(g -> sizes.merge(g, 1L, Long::sum));
        assertEquals(
                Map.of(
                        "champions",
                        200L,
                        "loyal_regulars",
                        500L,
                        "big_spenders_lapsed",
                        300L,
                        "newcomers",
                        400L,
                        "bargain_occasional",
                        600L),
                sizes);

        // per-customer recency, orders, spend from the CSV; group means follow the planted ordering
        long endDay = START.plusDays(729).toEpochDay();
        Map<String, long[]> last = new HashMap<>();
        Map<String, Set<String>> orders = new HashMap<>();
        Map<String, Double> spend = new HashMap<>();
        Map<String, Long> first = new HashMap<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            long day = LocalDate.parse(f[2].substring(0, 10)).toEpochDay();
            assertTrue(day <= endDay && day >= START.toEpochDay(), line);
            last.merge(f[0], new long[] {day}, (a, b) -> a[0] >= b[0] ? a : b);
            first.merge(f[0], day, Math::min);
            orders.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
            spend.merge(f[0], Double.parseDouble(f[3]), Double::sum);
        }
        assertEquals(truth.keySet(), orders.keySet(), "every customer bought at least once");
        Map<String, double[]> mean = new HashMap<>(); // recency, orders, spend, n
        for (String id : truth.keySet()) {
            double[] m = mean.computeIfAbsent(truth.get(id), k -> new double[4]);
            m[0] += endDay - last.get(id)[0];
            m[1] += orders.get(id).size();
            m[2] += spend.get(id);
            m[3]++;
            if (truth.get(id).equals("newcomers")) {
                assertTrue(
                        endDay - first.get(id) < 20, "newcomers first bought in the last 20 days");
            }
        }
        mean.values()
                .forEach(
                        m -> {
                            m[0] /= m[3];
                            m[1] /= m[3];
                            m[2] /= m[3];
                        });
        assertTrue(mean.get("champions")[1] > 2 * mean.get("loyal_regulars")[1]);
        assertTrue(mean.get("loyal_regulars")[1] > 2 * mean.get("bargain_occasional")[1]);
        assertTrue(mean.get("big_spenders_lapsed")[0] > 1.5 * mean.get("bargain_occasional")[0]);
        assertTrue(mean.get("champions")[0] < mean.get("loyal_regulars")[0]);
        assertTrue(
                mean.get("big_spenders_lapsed")[2] / mean.get("big_spenders_lapsed")[1]
                        > 10
                                * mean.get("bargain_occasional")[2]
                                / mean.get("bargain_occasional")[1]);
    }

    @Test
    void clicksAreJsonWithSessionsConsentAndAnonymousVisitors(@TempDir Path dir) throws Exception {
        gen(dir, 5);
        ObjectMapper json = new ObjectMapper();
        Set<String> types = new HashSet<>();
        long anonymous = 0;
        long declined = 0;
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("clicks.jsonl"))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode e = json.readTree(line);
                types.add(e.get("event_type").asText());
                if (e.get("customer_id").isNull()) {
                    anonymous++;
                }
                if (!e.get("consent").asBoolean()) {
                    declined++;
                }
                assertTrue(
                        List.of("mobile", "desktop", "tablet").contains(e.get("device").asText()));
            }
        }
        assertTrue(
                types.containsAll(
                        List.of(
                                "page_view",
                                "product_view",
                                "search",
                                "add_to_cart",
                                "checkout",
                                "purchase",
                                "support_view")),
                types.toString());
        // only canonical event types: the event parser rejects anything else
        for (String t : types) {
            assertTrue(dev.segment.jobs.events.EventType.of(t) != null, t);
        }
        assertTrue(anonymous > 0 && declined > 0);
    }

    /** A purchase click is an online order of transactions.csv: its id and its total. */
    @Test
    void purchaseClicksCarryTheirOrderAndItsTotal(@TempDir Path dir) throws Exception {
        gen(dir, 7);
        java.util.Map<String, java.math.BigDecimal> totals = new java.util.HashMap<>();
        java.util.Map<String, String> customerOf = new java.util.HashMap<>();
        List<String> tx = Files.readAllLines(dir.resolve("transactions.csv"));
        for (String line : tx.subList(1, tx.size())) {
            String[] f = line.split(",");
            totals.merge(f[1], new java.math.BigDecimal(f[3]), java.math.BigDecimal::add);
            customerOf.put(f[1], f[0]);
        }
        ObjectMapper json = new ObjectMapper();
        long purchases = 0;
        for (String line : Files.readAllLines(dir.resolve("clicks.jsonl"))) {
            JsonNode e = json.readTree(line);
            if (!e.get("event_type").asText().equals("purchase")) {
                assertTrue(e.path("amount").isMissingNode(), "only purchases have an amount");
                continue;
            }
            purchases++;
            String order = e.get("order_id").asText();
            assertEquals(customerOf.get(order), e.get("customer_id").asText(), order);
            assertEquals(0, totals.get(order).compareTo(e.get("amount").decimalValue()), line);
        }
        assertTrue(purchases > 100, "purchases: " + purchases);
    }

    @Test
    void invalidConfigurationIsNamed(@TempDir Path dir) {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new GeneratorConfig(
                                                        0, 730, 1, START, dir, true, true, false)
                                                .validate())
                        .getMessage()
                        .contains("--customers"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new GeneratorConfig(
                                                        10, 30, 1, START, dir, true, true, false)
                                                .validate())
                        .getMessage()
                        .contains("--days"));
    }
}
