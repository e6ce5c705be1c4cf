package dev.segment.common.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store suite on the embedded DuckDB file store that `bin/segment demo` uses. */
class DuckDbStoreITCase extends StoreSuite {

    @TempDir static Path dir;

    @Override
    String writeHiddenInARead() {
        // EXPLAIN ANALYZE runs the statement it explains
        return "EXPLAIN ANALYZE DELETE FROM runs";
    }

    @Override
    StoreConfig store() {
        return StoreConfig.embedded(dir);
    }

    @Override
    String product() {
        return "DuckDB";
    }
}
