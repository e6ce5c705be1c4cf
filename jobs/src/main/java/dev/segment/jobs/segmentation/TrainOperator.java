package dev.segment.jobs.segmentation;

import dev.segment.jobs.ranking.BottomK;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers the customers' feature rows into this one task and trains there when the input ends
 * (Flink 2.x has no iteration API; the per-customer table is small next to the transactions, and
 * Lloyd runs data-parallel on this TaskManager's cores inside {@code KMeans}). Emits exactly one
 * {@link TrainedSegmentation}.
 *
 * <p>Memory stays bounded: above {@code maxTrainingRows} customers only a seeded sample is kept,
 * the rows with the smallest hash of (customer id, seed) ("bottom-k"), which is the same sample
 * whatever the arrival order or parallelism. Cluster sizes are then scaled to all customers.
 */
final class TrainOperator extends AbstractStreamOperator<TrainedSegmentation>
        implements OneInputStreamOperator<FeatureRow, TrainedSegmentation>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final SegmentationConfig config;
    // every row while there are at most maxTrainingRows (the usual case: no hashing, no heap);
    // above that the bottom-k heap, built once from these rows
    private transient List<FeatureRow> all;
    private transient BottomK<FeatureRow> kept;
    private transient long total;

    TrainOperator(SegmentationConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        all = new ArrayList<>();
        kept = null;
        total = 0;
    }

    @Override
    public void processElement(StreamRecord<FeatureRow> element) {
        total++;
        long cap = config.params().getMaxTrainingRows();
        FeatureRow row = element.getValue();
        if (kept == null) {
            all.add(row.copy()); // kept: copy (object reuse)
            if (all.size() > cap) {
                kept = new BottomK<>(cap);
                for (FeatureRow r : all) {
                    offer(r, false); // copied already
                }
                all = null;
            }
            return;
        }
        offer(row, true);
    }

    /**
     * Offers a row to the bottom-k sample; a row it keeps is copied first when {@code reused} (the
     * input's object-reused record).
     */
    private void offer(FeatureRow row, boolean reused) {
        long key =
                dev.segment.jobs.ranking.SampleHash.of(row.customerId, config.params().getSeed());
        if (kept.mayKeep(key)) {
            kept.offer(key, row.customerId, reused ? row::copy : () -> row);
        }
    }

    @Override
    public void endInput() throws Exception {
        List<FeatureRow> rows = all;
        if (kept != null) {
            rows = new ArrayList<>();
            for (BottomK.Entry<FeatureRow> k : kept.entries()) {
                rows.add(k.value());
            }
        }
        all = null;
        kept = null;
        if (rows.isEmpty()) {
            // nothing to cluster (every row rejected or ignored): no model, and the command says
            // why (the quality gate, usually) instead of failing inside the job
            return;
        }
        org.apache.flink.api.common.accumulators.IntCounter trained =
                new org.apache.flink.api.common.accumulators.IntCounter(1);
        getRuntimeContext().addAccumulator(TRAINED, trained);
        output.collect(new StreamRecord<>(new SegmentationTrainer(config).train(rows, total)));
    }

    /** Accumulator: 1 when a model was trained, absent when there was no customer to cluster. */
    static final String TRAINED = "segmentation.trained";
}
