package dev.segment.common.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store suite on the embedded H2 file store that `bin/segment demo` uses. */
class H2StoreITCase extends StoreSuite {

    @TempDir static Path dir;

    @Override
    StoreConfig store() {
        return StoreConfig.embedded(dir);
    }
}
