package dev.segment.jobs.cli;

import dev.segment.jobs.broker.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segment kafka-local}: a single-node KRaft broker in the foreground. */
@Command(
        name = "kafka-local",
        mixinStandardHelpOptions = true,
        header = "A single-node Kafka broker (KRaft) on 127.0.0.1, until interrupted.",
        description =
                "Starts a Kafka broker and controller in this process from the Kafka jars"
                        + " bundled with segment, so 'segment replay' and 'segment stream' can be"
                        + " tried without installing Kafka. Prints 'kafka ready on"
                        + " 127.0.0.1:PORT' once clients can connect, then runs until Ctrl-C."
                        + " Topics and offsets stay in --data-dir across restarts. One replica,"
                        + " no security: not for production.")
final class KafkaLocalCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            paramLabel = "PORT",
            description = "Client port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the broker keeps its logs. Default: <repo>/out/kafka.")
    Path dataDir;

    @Option(
            names = "--startup-timeout",
            defaultValue = "120s",
            paramLabel = "DURATION",
            description =
                    "How long to wait for the broker to answer (KRaft start is slow on small"
                            + " machines). Default: ${DEFAULT-VALUE}.")
    String startupTimeout;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535 but was " + port);
        }
        Duration wait = SessionOptions.duration("--startup-timeout", startupTimeout);
        Path dir = dataDir != null ? dataDir : OutputPaths.home().resolve("out/kafka");
        LocalKafka kafka = LocalKafka.start(port, dir, wait);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("kafka stopping");
                                    kafka.close();
                                },
                                "kafka-local-shutdown"));
        System.out.println("kafka ready on " + kafka.bootstrapServers());
        System.out.println("data in " + dir.toAbsolutePath() + "; Ctrl-C stops the broker");
        System.out.flush();
        kafka.awaitShutdown();
        return ExitCodes.OK;
    }
}
