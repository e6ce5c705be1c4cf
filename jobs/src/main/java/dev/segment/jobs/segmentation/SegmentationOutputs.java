package dev.segment.jobs.segmentation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.segment.common.io.CsvLines;
import dev.segment.common.model.SegmentAssignment;
import dev.segment.common.store.SegmentStoreWriter;
import dev.segment.common.store.StoreConfig;
import dev.segment.jobs.segmentation.personas.Persona;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** The files (and store rows) a clustering run writes besides the assignments stream. */
public final class SegmentationOutputs {
    private SegmentationOutputs() {}

    public static final String ASSIGNMENTS_HEADER =
            "customer_id,cluster_id,persona,rfm_segment,lifecycle_stage,customer_profile,distance,confidence,top_features,explanation";

    public static String assignmentLine(SegmentAssignment a) {
        // plain concatenation: String.format dominated writing a million rows
        return CsvLines.quote(a.customerId)
                + ','
                + (a.clusterId == null ? "" : a.clusterId)
                + ','
                + CsvLines.quote(a.persona)
                + ','
                + CsvLines.quote(a.rfmSegment)
                + ','
                + CsvLines.quote(a.lifecycleStage)
                + ','
                + CsvLines.quote(a.customerProfile)
                + ','
                + (a.distance == null ? "" : Math.round(a.distance * 1e6) / 1e6)
                + ','
                + (a.confidence == null ? "" : Math.round(a.confidence * 1e4) / 1e4)
                + ','
                + CsvLines.quote(a.topFeatures)
                + ','
                + CsvLines.quote(a.explanation);
    }

    public static final String PERSONAS_HEADER =
            "cluster_id,persona,customers,share,revenue_share,explanation,distinguishing_features,centroid";

    /**
     * A share as written to personas.csv: every digit the double has, in plain notation. Readers
     * (the console's persona table, notebooks) round it once; a file rounded to 4 places and then
     * shown to 1 decimal of a percent was rounded twice, and could disagree with the report.
     */
    static String exact(double share) {
        return new java.math.BigDecimal(Double.toString(share)).toPlainString();
    }

    static String personaLine(Persona p) {
        List<String> dist = new ArrayList<>();
        p.distinguishing().forEach(d -> dist.add(d.describe()));
        return p.clusterId()
                + ","
                + CsvLines.quote(p.name())
                + ','
                + p.size()
                + ','
                + exact(p.share())
                + ','
                + exact(p.revenueShare())
                + ','
                + CsvLines.quote(p.explanation())
                + ','
                + CsvLines.quote(String.join("; ", dist))
                + ','
                + CsvLines.quote(centroidJson(p));
    }

    static String centroidJson(Persona p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int t = 0; t < p.features().size(); t++) {
            m.put(p.features().get(t), Math.round(p.centroidOriginal()[t] * 100) / 100.0);
        }
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes model.json and personas.csv into {@code dir} and, with a store, the personas and
     * models rows.
     */
    public static Sink<TrainedSegmentation> modelSink(Path dir, StoreConfig store, String runId) {
        return new ModelSink(dir.toAbsolutePath().toString(), store, runId);
    }

    /** Writes the two files (used by the sink and by tests). */
    public static void write(TrainedSegmentation t, Path dir, StoreConfig store, String runId)
            throws IOException {
        Files.createDirectories(dir);
        t.model().save(dir.resolve("model.json"));
        List<String> lines = new ArrayList<>();
        t.personas().forEach(p -> lines.add(personaLine(p)));
        CsvLines.write(dir.resolve("personas.csv"), PERSONAS_HEADER, lines);
        if (store != null) {
            ObjectMapper json = new ObjectMapper();
            List<SegmentStoreWriter.PersonaRow> rows = new ArrayList<>();
            for (Persona p : t.personas()) {
                List<Map<String, Object>> dist = new ArrayList<>();
                p.distinguishing()
                        .forEach(d -> dist.add(Map.of("feature", d.feature(), "z", d.z())));
                rows.add(
                        new SegmentStoreWriter.PersonaRow(
                                p.clusterId(),
                                p.name(),
                                p.explanation(),
                                p.size(),
                                p.share(),
                                p.revenueShare(),
                                centroidJson(p),
                                json.writeValueAsString(dist)));
            }
            SegmentStoreWriter.writePersonasAndModel(
                    store,
                    runId,
                    rows,
                    runId,
                    json.writeValueAsString(t.model().params()),
                    json.writeValueAsString(t.model().metrics()),
                    t.model().toJson());
        }
    }

    private static final class ModelSink implements Sink<TrainedSegmentation> {
        private static final long serialVersionUID = 1L;
        private final String dir;
        private final StoreConfig store;
        private final String runId;

        ModelSink(String dir, StoreConfig store, String runId) {
            this.dir = dir;
            this.store = store;
            this.runId = runId;
        }

        @Override
        public SinkWriter<TrainedSegmentation> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(TrainedSegmentation element, Context ctx) throws IOException {
                    SegmentationOutputs.write(element, Paths.get(dir), store, runId);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
