package dev.segment.jobs.segmentation;

import dev.segment.common.model.SegmentAssignment;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Clustering as a Flink (BATCH) pipeline: feature rows -> train in one task (model + personas) ->
 * broadcast -> parallel assignment of every customer -> sinks. Sinks are injected.
 */
public final class SegmentationJob {

    /** True when the finished job trained a model (false: there was no customer to cluster). */
    public static boolean trained(org.apache.flink.api.common.JobExecutionResult result) {
        return result.getAccumulatorResult(TrainOperator.TRAINED) != null;
    }

    private final SegmentationConfig config;
    private final List<Sink<SegmentAssignment>> assignmentSinks = new ArrayList<>();
    private final List<AssignmentsFile> assignmentFiles = new ArrayList<>();

    private record AssignmentsFile(java.nio.file.Path file, dev.segment.jobs.ranking.IdCuts cuts) {}

    private final List<Sink<TrainedSegmentation>> modelSinks = new ArrayList<>();
    private final List<Sink<FeatureRow>> featureSinks = new ArrayList<>();

    public SegmentationJob(SegmentationConfig config) {
        this.config = config;
    }

    public SegmentationJob withAssignmentSink(Sink<SegmentAssignment> sink) {
        assignmentSinks.add(sink);
        return this;
    }

    /**
     * Adds a CSV file of the assignments sorted by customer id, written in parallel, its id ranges
     * cut where {@code cuts} says (null: ranked from the assignments themselves).
     */
    public SegmentationJob withAssignmentsCsv(
            java.nio.file.Path file, dev.segment.jobs.ranking.IdCuts cuts) {
        assignmentFiles.add(new AssignmentsFile(file, cuts));
        return this;
    }

    /** A sink of every customer's feature row (the store's customer_features). */
    public SegmentationJob withFeatureSink(Sink<FeatureRow> sink) {
        featureSinks.add(sink);
        return this;
    }

    public SegmentationJob withModelSink(Sink<TrainedSegmentation> sink) {
        modelSinks.add(sink);
        return this;
    }

    /** Adds the pipeline; returns the assignments. */
    public DataStream<SegmentAssignment> build(DataStream<FeatureRow> rows) {
        // customers who withdrew consent are assigned (generic), never learnt from or stored
        DataStream<FeatureRow> usable = rows.filter(r -> !r.withdrawn).name("Consented rows");
        DataStream<TrainedSegmentation> trained =
                usable.transform(
                                "Train k-means and name personas",
                                TypeInformation.of(TrainedSegmentation.class),
                                new TrainOperator(config))
                        .setParallelism(1)
                        .setMaxParallelism(1)
                        .uid("train");
        for (Sink<FeatureRow> s : featureSinks) {
            usable.sinkTo(s).name("Features store");
        }
        for (Sink<TrainedSegmentation> s : modelSinks) {
            trained.sinkTo(s).setParallelism(1).name("Model and personas");
        }
        DataStream<SegmentAssignment> assigned =
                rows.connect(trained.broadcast(AssignSegments.MODEL))
                        .process(new AssignSegments(), TypeInformation.of(SegmentAssignment.class))
                        .name("Assign customers to personas")
                        .uid("assign");
        dev.segment.jobs.ranking.IdCuts ownCuts = null;
        for (AssignmentsFile f : assignmentFiles) {
            dev.segment.jobs.ranking.IdCuts cuts = f.cuts();
            if (cuts == null) {
                if (ownCuts == null) { // sampled once for all files that bring no cuts
                    ownCuts =
                            dev.segment.jobs.ranking.SortedCsvOutput.cutsOf(
                                    assigned, a -> a.customerId, "Assignments file");
                }
                cuts = ownCuts;
            }
            dev.segment.jobs.ranking.SortedCsvOutput.write(
                    assigned,
                    a -> a.customerId,
                    SegmentationOutputs.ASSIGNMENTS_HEADER,
                    SegmentationOutputs::assignmentLine,
                    f.file(),
                    "Assignments file",
                    cuts);
        }
        for (Sink<SegmentAssignment> s : assignmentSinks) {
            assigned.sinkTo(s).name("Assignments store");
        }
        return assigned;
    }
}
