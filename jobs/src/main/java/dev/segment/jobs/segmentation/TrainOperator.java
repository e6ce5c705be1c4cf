package dev.segment.jobs.segmentation;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers every customer's feature row into this one task and trains there when the input ends
 * (Flink 2.x has no iteration API; the per-customer table is small next to the transactions, and
 * Lloyd runs data-parallel on this TaskManager's cores inside {@code KMeans}). Emits exactly one
 * {@link TrainedSegmentation}.
 */
final class TrainOperator extends AbstractStreamOperator<TrainedSegmentation>
        implements OneInputStreamOperator<FeatureRow, TrainedSegmentation>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final SegmentationConfig config;
    private transient List<FeatureRow> rows;

    TrainOperator(SegmentationConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rows = new ArrayList<>();
    }

    @Override
    public void processElement(StreamRecord<FeatureRow> element) {
        rows.add(element.getValue().copy()); // kept: copy (object reuse)
    }

    @Override
    public void endInput() throws Exception {
        output.collect(new StreamRecord<>(new SegmentationTrainer(config).train(rows)));
        rows = null;
    }
}
