package dev.segment.jobs.testkit;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/** A single-node KRaft broker inside the test JVM (kafka_2.13 test jars). */
public final class InJvmKafka {
    private InJvmKafka() {}

    /** Starts a broker; KRaft start can be slow on 2 cores, so up to 3 tries. */
    public static KafkaClusterTestKit start() throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            KafkaClusterTestKit kit =
                    new KafkaClusterTestKit.Builder(
                                    new TestKitNodes.Builder()
                                            .setCombined(true)
                                            .setNumBrokerNodes(1)
                                            .setNumControllerNodes(1)
                                            .build())
                            .build();
            try {
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                return kit;
            } catch (Exception e) {
                last = e;
                kit.close();
            }
        }
        throw last;
    }
}
