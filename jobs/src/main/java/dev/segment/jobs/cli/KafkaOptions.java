package dev.segment.jobs.cli;

import picocli.CommandLine.Option;

/** Where the events are in Kafka: shared by the commands that read or write an event topic. */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Event topic.")
    String topic;
}
