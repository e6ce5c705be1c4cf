package dev.segment.jobs.cli;

import dev.segment.common.store.SegmentStoreWriter;
import dev.segment.common.store.StoreConfig;
import dev.segment.common.store.TextTable;
import dev.segment.jobs.segmentation.SegmentationJob;
import dev.segment.jobs.segmentation.SegmentationOutputs;
import dev.segment.jobs.segmentation.kmeans.KMeansModel;
import dev.segment.jobs.segmentation.kmeans.KSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Shared wiring and printing of the clustering part of {@code run} and {@code cluster}. */
final class ClusterRun {
    private ClusterRun() {}

    /**
     * The clustering job with its outputs; {@code customerCuts}: where the customers' ids are cut
     * for the parallel file writers, when an earlier stage found them (null: found again).
     */
    static SegmentationJob job(
            dev.segment.jobs.segmentation.SegmentationConfig config,
            Path out,
            StoreConfig store,
            java.util.function.UnaryOperator<String> runIdOf,
            boolean storeFeatures,
            dev.segment.jobs.ranking.IdCuts customerCuts) {
        SegmentationJob job =
                new SegmentationJob(config)
                        .withAssignmentsCsv(out.resolve("assignments.csv"), customerCuts)
                        .withModelSink(
                                SegmentationOutputs.modelSink(
                                        out, store, runIdOf.apply("personas")));
        if (store != null) {
            job.withAssignmentSink(
                    SegmentStoreWriter.assignments(store, runIdOf.apply("run_assignments")));
        }
        if (store != null && storeFeatures) {
            String runId = runIdOf.apply("customer_features");
            job.withFeatureSink(
                    SegmentStoreWriter.features(
                            store, runId, featureBinding(runId, List.copyOf(config.features()))));
        }
        return job;
    }

    /**
     * A customer_features row: the run, the customer, the features as a JSON object in vector order
     * (a value that is not a finite number is null), whether behaviour was used.
     */
    static dev.segment.common.store.RowBinding<dev.segment.jobs.segmentation.FeatureRow>
            featureBinding(String runId, List<String> names) {
        return (row, out) -> {
            StringBuilder json = new StringBuilder(16 * names.size() + 2).append('{');
            for (int i = 0; i < names.size(); i++) {
                double v = row.features[i];
                json.append(i > 0 ? "," : "")
                        .append('"')
                        .append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\":")
                        .append(Double.isFinite(v) ? Double.toString(v) : "null");
            }
            out.string(runId);
            out.string(row.customerId);
            out.string(json.append('}').toString());
            out.string(row.behaviour);
        };
    }

    /**
     * Prints the k-selection table (when k was chosen) and the persona table from the run's files.
     */
    static void printModel(Console console, Path out) throws IOException {
        KMeansModel model = KMeansModel.load(out.resolve("model.json"));
        if (!model.kSelection().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            int chosen = model.data().k();
            for (KSelection.Score s : model.kSelection()) {
                rows.add(
                        List.of(
                                (s.k() == chosen ? "* " : "  ") + s.k(),
                                String.format(Locale.ROOT, "%.4f", s.silhouette()),
                                String.format(Locale.ROOT, "%.4f", s.daviesBouldin()),
                                String.format(Locale.ROOT, "%.1f", s.inertia())));
            }
            console.line("");
            console.line(
                    "choosing k (silhouette, higher is better; Davies-Bouldin, lower is better; inertia for the elbow):");
            TextTable.print(
                    List.of("k", "silhouette", "davies-bouldin", "inertia"),
                    rows,
                    new boolean[] {false, true, true, true},
                    console.out());
        }
        console.line("");
        console.line(
                "k = %d, %s iterations, inertia %.2f%s",
                model.data().k(),
                model.metrics().get("iterations"),
                ((Number) model.metrics().get("inertia")).doubleValue(),
                Boolean.TRUE.equals(model.metrics().get("sampled"))
                        ? ", trained on a sample of "
                                + model.metrics().get("training_rows")
                                + " customers"
                        : "");
        List<String> lines = Files.readAllLines(out.resolve("personas.csv"));
        List<List<String>> rows = new ArrayList<>();
        List<String> explanations = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = dev.segment.common.io.CsvLines.split(line);
            rows.add(
                    List.of(
                            f.get(0),
                            f.get(1),
                            String.format(Locale.ROOT, "%,d", Long.parseLong(f.get(2))),
                            String.format(
                                    Locale.ROOT, "%.1f%%", 100 * Double.parseDouble(f.get(3))),
                            String.format(
                                    Locale.ROOT, "%.1f%%", 100 * Double.parseDouble(f.get(4))),
                            f.get(6)));
            explanations.add(f.get(1) + ": " + f.get(5));
        }
        console.line("");
        TextTable.print(
                List.of("id", "persona", "customers", "share", "revenue share", "sets it apart"),
                rows,
                new boolean[] {true, false, true, true, true, false},
                console.out());
        console.line("");
        explanations.forEach(e -> console.line("  %s", e));
    }

    /**
     * The feature rows as the store's erasures and consent allow: an erased customer's row is left
     * out (counted), one who withdrew consent is kept for the {@code generic} segment but not
     * learnt from.
     */
    static org.apache.flink.streaming.api.datastream.DataStream<
                    dev.segment.jobs.segmentation.FeatureRow>
            suppress(
                    org.apache.flink.streaming.api.datastream.DataStream<
                                    dev.segment.jobs.segmentation.FeatureRow>
                            rows,
                    dev.segment.common.store.Suppression suppression) {
        if (suppression.nobody()) {
            return rows;
        }
        return rows.filter(
                        new dev.segment.jobs.runtime.LeaveOutErased<
                                dev.segment.jobs.segmentation.FeatureRow>(
                                suppression, r -> r.customerId))
                .name("Leave out erased customers")
                .map(
                        r -> {
                            r.withdrawn |= suppression.withdrawn(r.customerId);
                            return r;
                        },
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                dev.segment.jobs.segmentation.FeatureRow.class))
                .name("Consent from the store");
    }
}
