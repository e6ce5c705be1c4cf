package dev.segment.jobs.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The {@code size} entries of smallest (hash, id) offered so far ("bottom-k"): with a seeded hash
 * ({@link SampleHash}) the same sample whatever the arrival order or parallelism, since ties of the
 * hash are broken by the id. A bounded max-heap whose head is the largest entry kept.
 *
 * @param <T> the value an entry carries
 */
public final class BottomK<T> {

    /** A kept entry: its hash, its id and its value. */
    public record Entry<T>(long hash, String id, T value) {}

    private final long size;
    private final PriorityQueue<Entry<T>> heap =
            new PriorityQueue<>(
                    Comparator.<Entry<T>>comparingLong(Entry::hash)
                            .thenComparing(Entry::id)
                            .reversed());

    public BottomK(long size) {
        this.size = size;
    }

    /** False when an entry of hash {@code h} cannot be kept, decided without building it. */
    public boolean mayKeep(long h) {
        return heap.size() < size || h <= heap.peek().hash();
    }

    /**
     * Offers an entry; {@code value} is asked for only when the entry is kept (a copy of an
     * object-reused record, say), which then evicts the largest entry if the sample is full.
     *
     * @return whether the entry was kept
     */
    public boolean offer(long hash, String id, Supplier<T> value) {
        if (heap.size() >= size) {
            Entry<T> head = heap.peek();
            int c = hash != head.hash() ? Long.compare(hash, head.hash()) : id.compareTo(head.id());
            if (c >= 0) {
                return false;
            }
            heap.poll();
        }
        heap.add(new Entry<>(hash, id, value.get()));
        return true;
    }

    /** The kept entries, in no particular order. */
    public List<Entry<T>> entries() {
        return new ArrayList<>(heap);
    }
}
