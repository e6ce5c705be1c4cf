package dev.segment.jobs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    /** A second start on the same --data-dir failed: the formatter got a new random cluster id. */
    @Test
    void aFormattedDataDirectoryKeepsItsClusterId(@TempDir Path logs) throws Exception {
        String fresh = LocalKafka.clusterId(logs);
        assertNotEquals(fresh, LocalKafka.clusterId(logs), "new directories get new ids");
        Files.writeString(
                logs.resolve("meta.properties"),
                "#\nnode.id=1\nversion=1\ncluster.id=K26nBgICQ62uKalQBvHDqA\n");
        assertEquals("K26nBgICQ62uKalQBvHDqA", LocalKafka.clusterId(logs));
    }
}
