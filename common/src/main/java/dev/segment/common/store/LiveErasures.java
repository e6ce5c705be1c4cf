package dev.segment.common.store;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's erasure list as a long-running job sees it: the list read at start, read again from
 * the store at most every {@code refresh} while the job runs, so a {@code forget} on a shared store
 * (PostgreSQL) reaches a running stream without a restart. Each operator instance keeps its own
 * copy; a store that cannot be read keeps the list it has (erasures are never taken back, so a
 * stale list only misses the newest ones for a while). Serializable, to travel with the operators.
 */
public final class LiveErasures implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveErasures.class);

    /** Nobody erased, never re-read (no store, or a batch job that left them out already). */
    public static final LiveErasures NONE = new LiveErasures(null, Erasure.Erased.NOBODY, 0);

    /** Where a watched list is read again from: the store, or a test's own list. */
    @FunctionalInterface
    public interface Reader extends Serializable {
        Erasure.Erased read() throws SQLException;
    }

    private final Reader reader;
    private final long refreshMs;
    private Erasure.Erased erased;
    private transient long loadedAt;
    private transient boolean failing;

    private LiveErasures(Reader reader, Erasure.Erased erased, long refreshMs) {
        this.reader = reader;
        this.erased = erased;
        this.refreshMs = refreshMs;
    }

    /**
     * {@code config}'s erasure list as it is now; on PostgreSQL read again every {@code refresh}.
     * The embedded store is held by one process while it runs, so no erasure can happen meanwhile.
     */
    public static LiveErasures of(StoreConfig config, Duration refresh) throws SQLException {
        Erasure.Erased erased = read(config);
        return config.kind() == StoreConfig.Kind.POSTGRES
                ? watched(config, erased, refresh)
                : fixed(erased);
    }

    /** The list {@code erased}, read again from {@code config}'s store every {@code refresh}. */
    public static LiveErasures watched(
            StoreConfig config, Erasure.Erased erased, Duration refresh) {
        return watched(() -> read(config), erased, refresh);
    }

    /** The list {@code erased}, read again with {@code reader} every {@code refresh}. */
    public static LiveErasures watched(Reader reader, Erasure.Erased erased, Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("the erasure list's refresh must be positive");
        }
        return new LiveErasures(reader, erased, refresh.toMillis());
    }

    /** Whether the list is read again while the job runs (it may grow), or fixed. */
    public boolean isWatched() {
        return reader != null;
    }

    /** How often a watched list is read again. */
    public Duration refresh() {
        return Duration.ofMillis(refreshMs);
    }

    /** The list {@code erased}, never re-read. */
    public static LiveErasures fixed(Erasure.Erased erased) {
        return new LiveErasures(null, erased, 0);
    }

    /** The current list, re-read when it is older than the refresh interval. */
    public Erasure.Erased current() {
        if (reader != null) {
            long now = System.currentTimeMillis();
            if (loadedAt == 0) {
                loadedAt = now; // the list from start (or from the copy) is fresh
            } else if (now - loadedAt >= refreshMs) {
                loadedAt = now;
                reload();
            }
        }
        return erased;
    }

    /** The list read again now (a fixed list: as it is); a failed read keeps the list in hand. */
    public Erasure.Erased reread() {
        if (reader != null) {
            loadedAt = System.currentTimeMillis();
            reload();
        }
        return erased;
    }

    private static Erasure.Erased read(StoreConfig config) throws SQLException {
        try (Connection c = Store.connect(config)) {
            return Erasure.erased(c);
        }
    }

    private void reload() {
        try {
            Erasure.Erased read = reader.read();
            if (read.size() >= erased.size()) {
                erased = read;
            }
            if (failing) {
                LOG.info("erasure list: the store is readable again ({} erased)", read.size());
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                // once per outage: the list in hand stays in force
                LOG.warn(
                        "erasure list: cannot re-read it, keeping the {} erasures known: {}",
                        erased.size(),
                        Secrets.scrub(String.valueOf(e.getMessage())));
                failing = true;
            }
        }
    }
}
