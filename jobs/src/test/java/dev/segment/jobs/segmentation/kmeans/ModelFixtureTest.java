package dev.segment.jobs.segmentation.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A committed model.json (format 1, written by {@code segment cluster --k 4} on
 * data/kmeans/t2_5k_features.csv) keeps loading bit for bit: a model a team saved months ago must
 * assign customers exactly as it did, whatever the code has become since.
 */
class ModelFixtureTest {

    private static final Path FIXTURE =
            Paths.get("src/test/resources/fixtures/model-format-1.json");

    @Test
    void theCommittedModelLoadsBitForBitAndWritesBackTheSameBytes() throws Exception {
        KMeansModel model = KMeansModel.load(FIXTURE);
        assertEquals(Files.readString(FIXTURE), model.toJson(), "load + save is the identity");
        JsonNode json = new ObjectMapper().readTree(FIXTURE.toFile());
        int k = json.get("clusters").size();
        assertEquals(4, k);
        for (int j = 0; j < k; j++) {
            JsonNode cluster = json.get("clusters").get(j);
            assertEquals(cluster.get("id").asInt(), model.clusterIds()[j]);
            JsonNode centroid = cluster.get("centroid");
            for (int t = 0; t < centroid.size(); t++) {
                // the decimal text of the file, parsed, is the very double the model holds
                assertEquals(
                        Double.doubleToRawLongBits(Double.parseDouble(centroid.get(t).asText())),
                        Double.doubleToRawLongBits(model.data().centroids[j][t]),
                        "cluster " + j + " dim " + t);
            }
        }
    }

    @Test
    void theCommittedModelAssignsEveryRowAsWhenItWasSaved() throws Exception {
        KMeansModel model = KMeansModel.load(FIXTURE);
        List<String> rows = Files.readAllLines(TestData.file("kmeans/t2_5k_features.csv"));
        List<String> expected =
                Files.readAllLines(
                        Paths.get("src/test/resources/fixtures/model-format-1-assignments.csv"));
        assertEquals(rows.size(), expected.size());
        java.util.Map<String, String> byId = new java.util.HashMap<>();
        for (String line : expected.subList(1, expected.size())) {
            byId.put(line.split(",")[0], line.split(",")[1]);
        }
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            double[] raw = new double[f.length];
            for (int t = 0; t < f.length; t++) {
                raw[t] = Double.parseDouble(f[t]);
            }
            int cluster = model.predictScaled(model.scaler().transform(raw)).clusterId();
            // without a customer_id column, rows are numbered from 0 in file order
            assertEquals(byId.get(String.valueOf(i - 1)), String.valueOf(cluster), "row " + i);
        }
    }
}
