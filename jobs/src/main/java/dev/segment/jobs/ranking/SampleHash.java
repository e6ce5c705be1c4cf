package dev.segment.jobs.ranking;

/**
 * A well-mixed 64-bit hash of an id and a seed, for seeded samples that are the same whatever the
 * arrival order or parallelism: keep the ids with the smallest hashes ("bottom-k").
 */
public final class SampleHash {
    private SampleHash() {}

    /** FNV-1a over the id's characters, then a murmur finaliser. */
    public static long of(String id, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
