package dev.segment.jobs.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** A single-node KRaft broker inside the test JVM (kafka_2.13 test jars). */
public final class InJvmKafka {
    private InJvmKafka() {}

    /** Creates {@code topics} with {@code partitions} partitions each (replication 1). */
    public static void createTopics(String bootstrap, int partitions, String... topics)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(props)) {
            List<NewTopic> t = new ArrayList<>();
            for (String name : topics) {
                t.add(new NewTopic(name, partitions, (short) 1));
            }
            a.createTopics(t).all().get();
        }
    }

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
                            // one broker: transactions (the change topic) need their log
                            // replicated once
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("offsets.topic.replication.factor", "1")
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
