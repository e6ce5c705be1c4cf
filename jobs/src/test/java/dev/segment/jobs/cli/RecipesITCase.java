package dev.segment.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.segment.common.store.SqlConsole;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.testkit.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analyst recipe in {@code sql/recipes/} gives, on the demo data, the rows its header says
 * (the "-- |" lines: a CSV header naming the compared columns, then the rows), on the embedded
 * store and on PostgreSQL. The demo data is the main job on CDNOW as of 1998-07-01, run id "demo",
 * after one as of 1998-03-31, run id "demo-march".
 */
class RecipesITCase {

    private static final String CDNOW = TestData.file("cdnow/CDNOW_master.txt").toString();

    @Test
    void recipesGiveTheirDocumentedRowsOnTheEmbeddedStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        runDemo(dir, "--store-dir", store.toString());
        checkRecipes(StoreConfig.embedded(store));
    }

    @Test
    void recipesGiveTheirDocumentedRowsOnPostgres(@TempDir Path dir) throws Exception {
        String schema = "it_recipes_" + UUID.randomUUID().toString().substring(0, 8);
        TestData.postgresExecute("CREATE SCHEMA " + schema);
        try {
            String url = TestData.postgresUrlInSchema(schema);
            runDemo(dir, "--jdbc-url", url);
            StoreConfig config =
                    StoreConfig.fromEnvironment()
                            .withUrl(url)
                            .withCredentials(TestData.postgresUser(), TestData.postgresPassword());
            assertEquals(StoreConfig.Kind.POSTGRES, config.kind());
            checkRecipes(config);
        } finally {
            TestData.postgresExecute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A run as of 1998-03-31 (for the trend and migration recipes), then the demo run. */
    private static void runDemo(Path dir, String... store) {
        run(dir, "demo-march", "1998-03-31", store);
        run(dir, "demo", "1998-07-01", store);
    }

    private static void run(Path dir, String runId, String asOf, String... store) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--transactions",
                                CDNOW,
                                "--format",
                                "cdnow",
                                "--as-of",
                                asOf,
                                "--out",
                                dir.resolve("out-" + runId).toString(),
                                "--run-id",
                                runId));
        args.addAll(List.of(store));
        assertEquals(ExitCodes.OK, SegmentCli.execute(args.toArray(new String[0])));
    }

    private static void checkRecipes(StoreConfig config) throws Exception {
        List<Path> recipes;
        try (Stream<Path> s = Files.list(TestData.file("../sql/recipes"))) {
            recipes = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertFalse(recipes.isEmpty());
        for (Path recipe : recipes) {
            String sql = Files.readString(recipe);
            List<String> expected = new ArrayList<>();
            for (String line : sql.split("\n")) {
                if (line.startsWith("-- | ")) {
                    expected.add(line.substring(5));
                }
            }
            assertFalse(expected.size() < 2, recipe + " documents no expected rows");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            SqlConsole.query(
                    config,
                    sql,
                    SqlConsole.Format.CSV,
                    new PrintStream(buf, true, StandardCharsets.UTF_8));
            List<String> actual = List.of(buf.toString(StandardCharsets.UTF_8).split("\n"));
            assertEquals(
                    normalise(expected, expected.get(0)),
                    normalise(actual, expected.get(0)),
                    recipe.getFileName() + " on " + config.kind());
        }
    }

    /** The named columns of each CSV row, numbers without trailing zeros (0.60 = 0.6). */
    private static List<String> normalise(List<String> rows, String header) {
        List<String> wanted = List.of(header.split(","));
        List<String> names = List.of(rows.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (String w : wanted) {
                int i = names.indexOf(w);
                String cell = i >= 0 && i < cells.length ? cells[i] : "<missing " + w + ">";
                try {
                    cell = new BigDecimal(cell).stripTrailingZeros().toPlainString();
                } catch (NumberFormatException notANumber) {
                    // text stays as it is
                }
                kept.add(cell);
            }
            out.add(String.join(",", kept));
        }
        return out;
    }
}
