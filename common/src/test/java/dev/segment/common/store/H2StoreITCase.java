package dev.segment.common.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store suite on the embedded H2 file store that `bin/segment demo` uses. */
class H2StoreITCase extends StoreSuite {

    @TempDir static Path dir;

    @Override
    String writeHiddenInARead() {
        // H2's data change delta table: a DELETE inside a SELECT
        return "SELECT * FROM OLD TABLE (DELETE FROM runs)";
    }

    @Override
    StoreConfig store() {
        return StoreConfig.embedded(dir);
    }

    @Override
    String product() {
        return "H2";
    }
}
