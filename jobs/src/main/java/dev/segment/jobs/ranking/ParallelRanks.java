package dev.segment.jobs.ranking;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Exact order statistics of a bounded, parallel stream without holding it in one task: the keys at
 * chosen ranks of one or more orders (see {@link RankKeys}), at any parallelism the same.
 *
 * <p>Four passes over the records, each parallel; between them single tasks see only bounded
 * summaries:
 *
 * <ol>
 *   <li>every task keeps a seeded bottom-k sample of its keys and counts its records; one task
 *       merges the samples and cuts each order into about {@value #CELLS} cells at sample keys;
 *   <li>every task counts its records per cell; one task adds the counts and finds, for each wanted
 *       rank, its cell and its position inside the cell;
 *   <li>every task sends only its records that fall into those cells; one task sorts each such cell
 *       (about n / {@value #CELLS} keys) and reads off the exact key at each wanted rank;
 *   <li>the caller's scoring, parallel again, with the {@link Ranks} broadcast.
 * </ol>
 *
 * The sample only decides where cells are cut, never a result: a skewed sample makes some cells
 * larger, not any answer wrong.
 */
public final class ParallelRanks {
    private ParallelRanks() {}

    /** Sample keys kept per task (and in all). */
    static final int SAMPLE = 65_536;

    /** Cells per order. */
    static final int CELLS = 8_192;

    private static final long SEED = 0x5EED_2A4CL;

    /**
     * The {@link Ranks} of {@code records} (one record, from a parallelism-1 stream), to be
     * broadcast to a {@link BroadcastFirst} scoring the records.
     */
    public static <T> DataStream<Ranks> of(
            DataStream<T> records, RankKeys<T> keys, RankTargets targets, String name) {
        return build(records, keys, targets, name, SAMPLE, CELLS, 0).ranks();
    }

    /** Exact ranks, and id ranges for parallel writers cut from the same sample. */
    public record Ranked(DataStream<Ranks> ranks, IdCuts cuts) {}

    /**
     * As {@link #of}, and where to cut the records' ids into {@code parts} ranges of about equal
     * size (from the sample: no further pass).
     */
    public static <T> Ranked withIdCuts(
            DataStream<T> records, RankKeys<T> keys, RankTargets targets, String name, int parts) {
        return build(records, keys, targets, name, SAMPLE, CELLS, parts);
    }

    /** Where to cut the records' ids into {@code parts} ranges of about equal size. */
    public static <T> IdCuts idCuts(
            DataStream<T> records, SerializableFunction<T, String> idOf, String name, int parts) {
        RankKeys<T> ids =
                new RankKeys<>() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public int dims() {
                        return 0;
                    }

                    @Override
                    public String id(T record) {
                        return idOf.apply(record);
                    }

                    @Override
                    public long value(T record, int dim) {
                        throw new IndexOutOfBoundsException(dim);
                    }
                };
        String uid = uid(name);
        DataStream<KeySample> samples =
                sample(project(records, ids, name, uid), 0, SAMPLE, name, uid);
        return cuts(samples, SAMPLE, parts, name, uid);
    }

    /** As {@link #of} with a given sample size and number of cells (tests use small ones). */
    static <T> DataStream<Ranks> of(
            DataStream<T> records,
            RankKeys<T> keys,
            RankTargets targets,
            String name,
            int sample,
            int cells) {
        return build(records, keys, targets, name, sample, cells, 0).ranks();
    }

    private static String uid(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    // the passes need only the keys: projected once, in the records' own task, so that each pass
    // reads (id, values) instead of the whole record
    private static <T> DataStream<Tuple2<String, long[]>> project(
            DataStream<T> records, RankKeys<T> keys, String name, String uid) {
        return records.map(new Project<>(keys), KEY_ROW)
                .setParallelism(records.getParallelism())
                .name(name + ": keys")
                .uid(uid + "-keys");
    }

    private static DataStream<KeySample> sample(
            DataStream<Tuple2<String, long[]>> projected,
            int dims,
            int sample,
            String name,
            String uid) {
        return projected
                .transform(
                        name + ": sample keys",
                        TypeInformation.of(KeySample.class),
                        new SampleKeys(dims, sample))
                .uid(uid + "-sample");
    }

    private static IdCuts cuts(
            DataStream<KeySample> samples, int sample, int parts, String name, String uid) {
        return new IdCuts(
                single(
                        samples.transform(
                                        name + ": id ranges",
                                        TypeInformation.of(String[].class),
                                        new CutIds(sample, parts))
                                .uid(uid + "-id-ranges")),
                parts);
    }

    private static <T> Ranked build(
            DataStream<T> records,
            RankKeys<T> keys,
            RankTargets targets,
            String name,
            int sample,
            int cells,
            int parts) {
        String uid = uid(name);
        int dims = keys.dims();
        DataStream<Tuple2<String, long[]>> projected = project(records, keys, name, uid);
        DataStream<KeySample> samples = sample(projected, dims, sample, name, uid);
        DataStream<CellPlan> plan =
                single(
                        samples.transform(
                                        name + ": cut cells",
                                        TypeInformation.of(CellPlan.class),
                                        new PlanCells(dims, sample, cells))
                                .uid(uid + "-plan"));
        DataStream<CellCounts> counts =
                projected
                        .connect(plan.broadcast())
                        .transform(
                                name + ": count per cell",
                                TypeInformation.of(CellCounts.class),
                                new CountCells(dims))
                        .uid(uid + "-count");
        DataStream<TargetCells> located =
                single(
                        counts.connect(plan.broadcast())
                                .transform(
                                        name + ": locate ranks",
                                        TypeInformation.of(TargetCells.class),
                                        new LocateTargets(targets))
                                .uid(uid + "-locate"));
        DataStream<Candidates> candidates =
                projected
                        .connect(located.broadcast())
                        .transform(
                                name + ": keys in located cells",
                                TypeInformation.of(Candidates.class),
                                new CollectCandidates())
                        .uid(uid + "-candidates");
        DataStream<Ranks> ranks =
                single(
                        candidates
                                .connect(located.broadcast())
                                .transform(
                                        name + ": exact keys",
                                        TypeInformation.of(Ranks.class),
                                        new SelectTargets())
                                .uid(uid + "-select"));
        return new Ranked(ranks, parts > 0 ? cuts(samples, sample, parts, name, uid) : null);
    }

    private static <X> SingleOutputStreamOperator<X> single(SingleOutputStreamOperator<X> s) {
        // each of these sees one bounded summary per task, never the records
        return s.setParallelism(1).setMaxParallelism(1);
    }

    /** A record's keys: its id and its value in each order. */
    private static final TypeInformation<Tuple2<String, long[]>> KEY_ROW =
            new TupleTypeInfo<>(
                    BasicTypeInfo.STRING_TYPE_INFO,
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    /** A record's keys (a new tuple each time: downstream passes may run chained). */
    private static final class Project<T> implements MapFunction<T, Tuple2<String, long[]>> {
        private static final long serialVersionUID = 1L;
        private final RankKeys<T> keys;

        Project(RankKeys<T> keys) {
            this.keys = keys;
        }

        @Override
        public Tuple2<String, long[]> map(T r) {
            long[] values = new long[keys.dims()];
            for (int d = 0; d < values.length; d++) {
                values[d] = keys.value(r, d);
            }
            return Tuple2.of(keys.id(r), values);
        }
    }

    // ---- messages (Flink POJOs) ----

    /** A task's bottom-k sample: per entry its hash, id and value in each order; its count. */
    public static final class KeySample implements Serializable {
        private static final long serialVersionUID = 1L;
        public long count;
        public long[] hash;
        public String[] id;
        public long[][] value;

        public KeySample() {}
    }

    /** Per order the sorted cell boundaries (a cell starts at its boundary key); the size. */
    public static final class CellPlan implements Serializable {
        private static final long serialVersionUID = 1L;
        public long n;
        public long[][] splitValue;
        public String[][] splitId;

        public CellPlan() {}

        /** The cell of a key: the number of boundaries at or below it. */
        int cell(int dim, long v, String id) {
            long[] values = splitValue[dim];
            // boundaries with a smaller value, then those with an equal one: only among the
            // equal ones do ids decide (most keys settle on the long compare alone)
            int lo = 0;
            int hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int end = lo;
            hi = values.length;
            while (end < hi) {
                int mid = (end + hi) >>> 1;
                if (values[mid] <= v) {
                    end = mid + 1;
                } else {
                    hi = mid;
                }
            }
            String[] ids = splitId[dim];
            while (lo < end) {
                int mid = (lo + end) >>> 1;
                if (ids[mid].compareTo(id) <= 0) {
                    lo = mid + 1;
                } else {
                    end = mid;
                }
            }
            return lo;
        }
    }

    /** A task's record count per order and cell. */
    public static final class CellCounts implements Serializable {
        private static final long serialVersionUID = 1L;
        public long[][] counts;

        public CellCounts() {}
    }

    /** Per order the wanted ranks, the cell holding each, and its position inside the cell. */
    public static final class TargetCells implements Serializable {
        private static final long serialVersionUID = 1L;
        public CellPlan plan;
        public long[][] rank;
        public int[][] cell;
        public long[][] offset;

        public TargetCells() {}
    }

    /** A task's keys that fall into located cells. */
    public static final class Candidates implements Serializable {
        private static final long serialVersionUID = 1L;
        public int[] dim;
        public int[] cell;
        public long[] value;
        public String[] id;

        public Candidates() {}
    }

    // ---- stages ----

    /** Pass 1, parallel: a seeded bottom-k sample of the task's keys, and its record count. */
    static final class SampleKeys extends AbstractStreamOperator<KeySample>
            implements OneInputStreamOperator<Tuple2<String, long[]>, KeySample>, BoundedOneInput {
        private static final long serialVersionUID = 1L;
        private final int dims;
        private final int size;
        private transient BottomK<long[]> sample;
        private transient long count;

        SampleKeys(int dims, int size) {
            this.dims = dims;
            this.size = size;
        }

        @Override
        public void open() throws Exception {
            super.open();
            sample = new BottomK<>(size);
        }

        @Override
        public void processElement(StreamRecord<Tuple2<String, long[]>> element) {
            Tuple2<String, long[]> r = element.getValue();
            count++;
            long h = SampleHash.of(r.f0, SEED);
            if (sample.mayKeep(h)) { // most records are decided here, without building an entry
                sample.offer(h, r.f0, r.f1::clone);
            }
        }

        @Override
        public void endInput() {
            KeySample s = new KeySample();
            List<BottomK.Entry<long[]>> kept = sample.entries();
            int m = kept.size();
            s.count = count;
            s.hash = new long[m];
            s.id = new String[m];
            s.value = new long[dims][m];
            int i = 0;
            for (BottomK.Entry<long[]> e : kept) {
                s.hash[i] = e.hash();
                s.id[i] = e.id();
                for (int d = 0; d < s.value.length; d++) {
                    s.value[d][i] = e.value()[d];
                }
                i++;
            }
            sample = null;
            output.collect(new StreamRecord<>(s));
        }
    }

    /**
     * After pass 1, one task: merges the tasks' samples into the bottom-k of all (the same sample
     * whatever the parallelism) and counts the records, then {@link #emit}s from them.
     */
    abstract static class MergedSample<OUT> extends AbstractStreamOperator<OUT>
            implements OneInputStreamOperator<KeySample, OUT>, BoundedOneInput {
        private static final long serialVersionUID = 1L;
        final int dims;
        private final int size;
        private transient BottomK<long[]> sample;
        private transient long n;

        MergedSample(int dims, int size) {
            this.dims = dims;
            this.size = size;
        }

        @Override
        public void open() throws Exception {
            super.open();
            sample = new BottomK<>(size);
        }

        @Override
        public void processElement(StreamRecord<KeySample> element) {
            KeySample s = element.getValue();
            n += s.count;
            for (int i = 0; i < s.hash.length; i++) {
                int at = i;
                sample.offer(
                        s.hash[i],
                        s.id[i],
                        () -> {
                            long[] values = new long[dims];
                            for (int d = 0; d < dims; d++) {
                                values[d] = s.value[d][at];
                            }
                            return values;
                        });
            }
        }

        @Override
        public void endInput() {
            List<BottomK.Entry<long[]>> merged = sample.entries();
            sample = null;
            output.collect(new StreamRecord<>(emit(merged, n)));
        }

        /** The one output, from the merged sample (any order) and the number of records. */
        abstract OUT emit(List<BottomK.Entry<long[]>> sample, long n);
    }

    /** After pass 1, one task: the merged sample cut into cells per order. */
    static final class PlanCells extends MergedSample<CellPlan> {
        private static final long serialVersionUID = 1L;
        private final int cells;

        PlanCells(int dims, int size, int cells) {
            super(dims, size);
            this.cells = cells;
        }

        @Override
        CellPlan emit(List<BottomK.Entry<long[]>> sample, long n) {
            int m = sample.size();
            CellPlan plan = new CellPlan();
            plan.n = n;
            plan.splitValue = new long[dims][];
            plan.splitId = new String[dims][];
            for (int d = 0; d < dims; d++) {
                int dim = d;
                sample.sort(
                        (a, b) -> Ranks.compare(a.value()[dim], a.id(), b.value()[dim], b.id()));
                // boundaries at evenly spaced sample positions, the first cell starting at -inf
                int cuts = Math.min(cells - 1, Math.max(0, m - 1));
                long[] v = new long[cuts];
                String[] id = new String[cuts];
                for (int j = 0; j < cuts; j++) {
                    BottomK.Entry<long[]> s = sample.get((int) ((long) (j + 1) * m / (cuts + 1)));
                    v[j] = s.value()[d];
                    id[j] = s.id();
                }
                plan.splitValue[d] = v;
                plan.splitId[d] = id;
            }
            return plan;
        }
    }

    /**
     * After pass 1, one task: ids that cut the merged sample, and so about the records, into equal
     * ranges.
     */
    static final class CutIds extends MergedSample<String[]> {
        private static final long serialVersionUID = 1L;
        private final int parts;

        CutIds(int size, int parts) {
            super(0, size); // ids only: no values copied
            this.parts = parts;
        }

        @Override
        String[] emit(List<BottomK.Entry<long[]>> sample, long n) {
            List<String> ids = new ArrayList<>();
            for (BottomK.Entry<long[]> s : sample) {
                ids.add(s.id());
            }
            ids.sort(null);
            List<String> cuts = new ArrayList<>();
            for (int k = 1; k < parts && !ids.isEmpty(); k++) {
                String id = ids.get((int) ((long) k * ids.size() / parts));
                if (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(id)) {
                    cuts.add(id);
                }
            }
            return cuts.toArray(new String[0]);
        }
    }

    /** Pass 2, parallel: the task's records counted per cell of each order. */
    static final class CountCells
            extends BroadcastFirst<Tuple2<String, long[]>, CellPlan, CellCounts> {
        private static final long serialVersionUID = 1L;
        private final int dims;
        private transient CellPlan plan;
        private transient long[][] counts;

        CountCells(int dims) {
            this.dims = dims;
        }

        @Override
        protected void onBroadcast(CellPlan value) {
            plan = value;
            counts = new long[dims][];
            for (int d = 0; d < counts.length; d++) {
                counts[d] = new long[value.splitValue[d].length + 1];
            }
        }

        @Override
        protected void onRecord(Tuple2<String, long[]> r) {
            for (int d = 0; d < counts.length; d++) {
                counts[d][plan.cell(d, r.f1[d], r.f0)]++;
            }
        }

        @Override
        protected void onEnd() {
            CellCounts c = new CellCounts();
            c.counts = counts;
            output.collect(new StreamRecord<>(c));
        }
    }

    /** After pass 2, one task: the cell and the position in it of every wanted rank. */
    static final class LocateTargets extends BroadcastFirst<CellCounts, CellPlan, TargetCells> {
        private static final long serialVersionUID = 1L;
        private final RankTargets targets;
        private transient CellPlan plan;
        private transient long[][] total;

        LocateTargets(RankTargets targets) {
            this.targets = targets;
        }

        @Override
        protected void onBroadcast(CellPlan value) {
            plan = value;
            total = new long[value.splitValue.length][];
            for (int d = 0; d < total.length; d++) {
                total[d] = new long[value.splitValue[d].length + 1];
            }
        }

        @Override
        protected void onRecord(CellCounts c) {
            for (int d = 0; d < total.length; d++) {
                for (int i = 0; i < total[d].length; i++) {
                    total[d][i] += c.counts[d][i];
                }
            }
        }

        @Override
        protected void onEnd() {
            int dims = total.length;
            TargetCells t = new TargetCells();
            t.plan = plan;
            t.rank = new long[dims][];
            t.cell = new int[dims][];
            t.offset = new long[dims][];
            for (int d = 0; d < dims; d++) {
                long counted = Arrays.stream(total[d]).sum();
                if (counted != plan.n) {
                    throw new IllegalStateException(
                            "ranking pass 2 counted " + counted + " records, pass 1 " + plan.n);
                }
                long[] wanted =
                        Arrays.stream(targets.ranks(plan.n, d)).sorted().distinct().toArray();
                t.rank[d] = wanted;
                t.cell[d] = new int[wanted.length];
                t.offset[d] = new long[wanted.length];
                int cell = 0;
                long before = 0; // records in the cells before `cell`
                for (int k = 0; k < wanted.length; k++) {
                    if (wanted[k] < 0 || wanted[k] >= plan.n) {
                        throw new IllegalArgumentException(
                                "rank " + wanted[k] + " outside 0.." + (plan.n - 1));
                    }
                    while (before + total[d][cell] <= wanted[k]) {
                        before += total[d][cell++];
                    }
                    t.cell[d][k] = cell;
                    t.offset[d][k] = wanted[k] - before;
                }
            }
            total = null;
            output.collect(new StreamRecord<>(t));
        }
    }

    private record Found(int dim, int cell, long value, String id) {}

    /** Pass 3, parallel: the task's keys that fall into a located cell. */
    static final class CollectCandidates
            extends BroadcastFirst<Tuple2<String, long[]>, TargetCells, Candidates> {
        private static final long serialVersionUID = 1L;
        private transient TargetCells located;
        private transient int[][] cells;
        private transient List<Found> found;

        @Override
        protected void onBroadcast(TargetCells value) {
            located = value;
            cells = new int[value.cell.length][];
            for (int d = 0; d < cells.length; d++) {
                cells[d] = Arrays.stream(value.cell[d]).sorted().distinct().toArray();
            }
            found = new ArrayList<>();
        }

        @Override
        protected void onRecord(Tuple2<String, long[]> r) {
            for (int d = 0; d < cells.length; d++) {
                if (cells[d].length == 0) {
                    continue;
                }
                long v = r.f1[d];
                int cell = located.plan.cell(d, v, r.f0);
                if (Arrays.binarySearch(cells[d], cell) >= 0) {
                    found.add(new Found(d, cell, v, r.f0));
                }
            }
        }

        @Override
        protected void onEnd() {
            Candidates c = new Candidates();
            int m = found.size();
            c.dim = new int[m];
            c.cell = new int[m];
            c.value = new long[m];
            c.id = new String[m];
            for (int i = 0; i < m; i++) {
                Found f = found.get(i);
                c.dim[i] = f.dim();
                c.cell[i] = f.cell();
                c.value[i] = f.value();
                c.id[i] = f.id();
            }
            found = null;
            output.collect(new StreamRecord<>(c));
        }
    }

    private record Key(long value, String id) {}

    /** After pass 3, one task: each located cell sorted, the exact key at every wanted rank. */
    static final class SelectTargets extends BroadcastFirst<Candidates, TargetCells, Ranks> {
        private static final long serialVersionUID = 1L;
        private transient TargetCells located;
        private transient Map<Long, List<Key>> byCell;

        @Override
        protected void onBroadcast(TargetCells value) {
            located = value;
            byCell = new HashMap<>();
        }

        @Override
        protected void onRecord(Candidates c) {
            for (int i = 0; i < c.dim.length; i++) {
                byCell.computeIfAbsent(cellKey(c.dim[i], c.cell[i]), k -> new ArrayList<>())
                        .add(new Key(c.value[i], c.id[i]));
            }
        }

        @Override
        protected void onEnd() {
            Comparator<Key> order = (a, b) -> Ranks.compare(a.value(), a.id(), b.value(), b.id());
            for (List<Key> keys : byCell.values()) {
                keys.sort(order);
            }
            int dims = located.rank.length;
            long[][] value = new long[dims][];
            String[][] id = new String[dims][];
            for (int d = 0; d < dims; d++) {
                int wanted = located.rank[d].length;
                value[d] = new long[wanted];
                id[d] = new String[wanted];
                for (int k = 0; k < wanted; k++) {
                    List<Key> keys = byCell.get(cellKey(d, located.cell[d][k]));
                    long at = located.offset[d][k];
                    if (keys == null || at >= keys.size()) {
                        throw new IllegalStateException(
                                "ranking pass 3 found "
                                        + (keys == null ? 0 : keys.size())
                                        + " keys in a cell counted to hold more than "
                                        + at);
                    }
                    Key key = keys.get((int) at);
                    value[d][k] = key.value();
                    id[d][k] = key.id();
                }
            }
            byCell = null;
            output.collect(new StreamRecord<>(new Ranks(located.plan.n, located.rank, value, id)));
        }

        private static long cellKey(int dim, int cell) {
            return ((long) dim << 32) | cell;
        }
    }
}
