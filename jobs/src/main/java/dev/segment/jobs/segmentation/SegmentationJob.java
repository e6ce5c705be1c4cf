package dev.segment.jobs.segmentation;

import dev.segment.common.model.SegmentAssignment;
import dev.segment.jobs.ranking.IdCuts;
import dev.segment.jobs.ranking.RangeLines;
import dev.segment.jobs.ranking.SortedCsvOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

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
    private AssignmentsFile assignmentsFile;

    private record AssignmentsFile(java.nio.file.Path file, IdCuts cuts) {}

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
     * Writes the assignments to a CSV file sorted by customer id, in parallel, its id ranges cut
     * where {@code cuts} says (null: cut from a sample of the rows' ids). One file per job.
     */
    public SegmentationJob withAssignmentsCsv(java.nio.file.Path file, IdCuts cuts) {
        if (assignmentsFile != null) {
            throw new IllegalStateException("the assignments file is set already");
        }
        assignmentsFile = new AssignmentsFile(file, cuts);
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
        List<RangeLines<SegmentAssignment>> files = new ArrayList<>();
        DataStream<Either<TrainedSegmentation, String[]>> model;
        IdCuts cuts = null;
        if (assignmentsFile == null) {
            model = IdCuts.without(trained);
        } else {
            files.add(
                    new RangeLines<>(
                            "Assignments file",
                            a -> a.customerId,
                            SegmentationOutputs::assignmentLine));
            // one assignment per row, so the rows' ids are the assignments' ids: cut from the
            // rows while the model trains, the cuts arrive with the model
            cuts =
                    assignmentsFile.cuts() != null
                            ? assignmentsFile.cuts()
                            : SortedCsvOutput.cutsOf(rows, r -> r.customerId, "Assignments file");
            model = cuts.alongside(trained);
        }
        SingleOutputStreamOperator<SegmentAssignment> assigned =
                rows.connect(model.broadcast())
                        .transform(
                                "Assign customers to personas",
                                TypeInformation.of(SegmentAssignment.class),
                                new AssignSegments(files))
                        .uid("assign");
        if (assignmentsFile != null) {
            SortedCsvOutput.writeLines(
                    assigned,
                    files.get(0),
                    SegmentationOutputs.ASSIGNMENTS_HEADER,
                    assignmentsFile.file(),
                    "Assignments file",
                    cuts.parts());
        }
        for (Sink<SegmentAssignment> s : assignmentSinks) {
            assigned.sinkTo(s).name("Assignments store");
        }
        return assigned;
    }
}
