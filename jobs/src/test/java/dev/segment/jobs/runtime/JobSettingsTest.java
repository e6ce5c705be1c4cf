package dev.segment.jobs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segment.common.testkit.MiniClusters;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The integration tests run with the execution settings of production (one factory). */
class JobSettingsTest {

    @Test
    void productionAndTestEnvironmentsShareObjectReuseAndBatchMode() {
        StreamExecutionEnvironment production =
                new FlinkRunner(2, System.out, Duration.ofSeconds(2)).batchEnvironment();
        StreamExecutionEnvironment test = MiniClusters.batch(2);
        for (StreamExecutionEnvironment env : new StreamExecutionEnvironment[] {production, test}) {
            assertTrue(env.getConfig().isObjectReuseEnabled(), "object reuse");
            assertEquals(
                    RuntimeExecutionMode.BATCH,
                    env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE));
        }
    }
}
